import { toSimplified } from '../search/chineseText';
import type { ArticleDoc, SensitiveHitRecord } from './articleModel';

const SCREENED_FIELDS = ['title', 'subtitle', 'summary', 'bodyText'] as const;
const FIELD_LABEL: Record<(typeof SCREENED_FIELDS)[number], string> = {
  title: 'title',
  subtitle: 'subtitle',
  summary: 'summary',
  bodyText: 'body',
};

/** Lower-case and simplified, keeping positions when the conversion keeps the length (almost always). */
function comparable(text: string): string {
  const lower = text.toLowerCase();
  const simplified = toSimplified(lower);
  return simplified.length === lower.length ? simplified : lower;
}

/**
 * The sensitive-word screen (信息安全审核): every occurrence of every listed word in the title, subtitle, summary
 * and body text, simplified and traditional alike, with its position in that field's text and a little context.
 * Hits already cleared by an editor stay cleared when the same word is found at the same place again.
 */
export function screenSensitiveWords(
  article: Pick<ArticleDoc, 'title' | 'subtitle' | 'summary' | 'bodyText'>,
  words: readonly string[],
  previous: readonly SensitiveHitRecord[] = [],
): SensitiveHitRecord[] {
  const list = [...new Set(words.map((w) => comparable(w.trim())).filter(Boolean))];
  const hits: SensitiveHitRecord[] = [];
  for (const field of SCREENED_FIELDS) {
    const original = article[field] ?? '';
    if (!original) continue;
    const haystack = comparable(original);
    for (const word of list) {
      for (let at = haystack.indexOf(word); at >= 0; at = haystack.indexOf(word, at + word.length)) {
        const prior = previous.find((p) => p.word === word && p.field === FIELD_LABEL[field] && p.index === at);
        hits.push({
          word,
          field: FIELD_LABEL[field],
          index: at,
          context: original.slice(Math.max(0, at - 15), at + word.length + 15),
          cleared: prior?.cleared ?? false,
          clearedBy: prior?.clearedBy ?? null,
        });
      }
    }
  }
  return hits.sort((a, b) => a.field.localeCompare(b.field) || a.index - b.index);
}
