import { foldText, toSimplified } from '../search/chineseText';
import { highlight } from '../search/highlight';

/**
 * Search-result snippets with search/highlight.ts, made cheaper: highlight() maps every character of the text it
 * is given, so it is given only a slice around the first match (found on a folded, simplified copy whose
 * positions match the original's in all but rare cases), and texts without a match are skipped.
 */

/** highlight()'s default snippet length. */
const SNIPPET_LENGTH = 160;
/**
 * The slice: from this much before the first match (highlight's lead-in is at most a quarter of the snippet; the
 * rest is room for position drift), this long; near the end of the text it ends with the text, as highlight's
 * window then does.
 */
const SLICE_BEFORE = 100;
const SLICE_LENGTH = SLICE_BEFORE + SNIPPET_LENGTH + 60;

function codePointStart(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return index > 0 && index < text.length && code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

/** What highlight(text, query) gives when the text holds a match of the required terms; null when it holds none. */
export function highlightMatch(text: string, query: string, required: readonly string[]): string | null {
  if (!text) return null;
  const folded = toSimplified(foldText(text));
  let first = -1;
  for (const term of required) {
    const at = folded.indexOf(term);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  if (first < 0) return null;
  if (text.length > SLICE_LENGTH) {
    const start = codePointStart(text, Math.max(0, Math.min(first - SLICE_BEFORE, text.length - SLICE_LENGTH)));
    const end = codePointStart(text, Math.min(text.length, start + SLICE_LENGTH));
    let html = highlight(text.slice(start, end), query);
    if (html.includes('<mark>')) {
      if (start > 0 && !html.startsWith('…')) html = `…${html}`;
      if (end < text.length && !html.endsWith('…')) html = `${html}…`;
      return html;
    }
    // The folded copy's positions drifted from the original's: look at the whole text.
  }
  const html = highlight(text, query);
  return html.includes('<mark>') ? html : null;
}

/** The snippet of a hit: around the first match in the body, else in the summary, else in the title; else the body's start. */
export function searchSnippet(query: string, required: readonly string[], texts: readonly (string | null | undefined)[]): string {
  for (const text of texts) {
    const html = text ? highlightMatch(text, query, required) : null;
    if (html !== null) return html;
  }
  return highlight(texts.find((t) => t) ?? '', query);
}
