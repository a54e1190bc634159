import { MAX_TERM_LENGTH, normalizeText } from '../search/chineseText';

/**
 * Search terms as small integers, so the in-memory index holds numbers, not millions of short strings.
 *
 * The terms are those of `search/chineseText.ts` that a query can ask for (`queryTerms(q).required`): every Han
 * character and every adjacent pair of a Han run, and every non-Han word (Latin, digits, kana …) with the parts
 * of compound words. (indexTerms also lists the segmenter's Han words; queries never require those, so they are
 * not kept.) A Han character in U+3400–U+9FFF (CJK ext. A and the unified block, i.e. almost all text after
 * NFKC) is numbered arithmetically — a pair as `a × 27648 + b`, a single character above all pairs — and every
 * other term gets an id from the dictionary, above both. All keys fit in a positive int32.
 */

const HAN_FIRST = 0x3400;
const HAN_SPAN = 0xa000 - HAN_FIRST; // 27648
const SINGLE_BASE = HAN_SPAN * HAN_SPAN; // 764,411,904: keys of single characters start here
const DICTIONARY_BASE = 0x30000000; // 805,306,368: above every arithmetic key
const DICTIONARY_MAX = 0x7fffffff - DICTIONARY_BASE;

const HAN_RUN = /\p{Script=Han}+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Ids of the terms that have no arithmetic key (non-Han words, rare characters). Grows, never shrinks. */
export class TermDictionary {
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.ids.size;
  }

  /** The term's id, or undefined when unknown and `create` is false. */
  idOf(term: string, create: boolean): number | undefined {
    let id = this.ids.get(term);
    if (id === undefined && create) {
      if (this.ids.size >= DICTIONARY_MAX) throw new Error('term dictionary full');
      id = DICTIONARY_BASE + this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }
}

function hanOffset(code: number): number {
  return code >= HAN_FIRST && code < 0xa000 ? code - HAN_FIRST : -1;
}

/** Key of one or two Han code points (as strings), or of any other term through the dictionary. */
function gramKey(a: string, b: string | undefined, dictionary: TermDictionary, create: boolean): number | undefined {
  const x = a.length === 1 ? hanOffset(a.charCodeAt(0)) : -1;
  if (b === undefined) return x >= 0 ? SINGLE_BASE + x : dictionary.idOf(a, create);
  const y = b.length === 1 ? hanOffset(b.charCodeAt(0)) : -1;
  return x >= 0 && y >= 0 ? x * HAN_SPAN + y : dictionary.idOf(a + b, create);
}

/** The key of one query term (as produced by queryTerms), or undefined when no document has it. */
export function termKey(term: string, dictionary: TermDictionary): number | undefined {
  const chars = Array.from(term);
  if (chars.length <= 2 && chars.every((c) => /\p{Script=Han}/u.test(c))) return gramKey(chars[0]!, chars[1], dictionary, false);
  return dictionary.idOf(term, false);
}

let segmenter: Intl.Segmenter | undefined;

/** Non-Han words of normalised text, as chineseText's indexTerms finds them (compounds also by their parts). */
function addWords(normalized: string, dictionary: TermDictionary, out: Set<number>): void {
  const rest = normalized.replace(HAN_RUN, ' ');
  for (const piece of rest.split(' ')) {
    if (!piece || !WORD_CHAR.test(piece)) continue;
    if (/^[a-z0-9]+$/.test(piece)) {
      // The segmenter's answer for a plain ASCII word (the common case: years, numbers, abbreviations).
      if (piece.length <= MAX_TERM_LENGTH) out.add(dictionary.idOf(piece, true)!);
      continue;
    }
    segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
    for (let start = 0; start < piece.length; start += 1000) {
      for (const segment of segmenter.segment(piece.slice(start, start + 1000))) {
        if (!segment.isWordLike) continue;
        const word = segment.segment;
        if (word.length <= MAX_TERM_LENGTH) out.add(dictionary.idOf(word, true)!);
        const parts = word.split(/[^\p{L}\p{N}]+/u);
        if (parts.length > 1) for (const part of parts) if (part && part.length <= MAX_TERM_LENGTH) out.add(dictionary.idOf(part, true)!);
      }
    }
  }
}

/** Adds the keys of a document text to `out` (new non-Han words enter the dictionary). */
export function addDocumentKeys(text: string, dictionary: TermDictionary, out: Set<number>): void {
  if (!text) return;
  const normalized = normalizeText(text);
  for (const [run] of normalized.matchAll(HAN_RUN)) {
    // Code unit by code unit on the common path (BMP characters with arithmetic keys); strings only for the rest.
    let previous = -1;
    let previousChar = '';
    for (let i = 0; i < run.length;) {
      const code = run.codePointAt(i)!;
      const width = code > 0xffff ? 2 : 1;
      const offset = width === 1 ? hanOffset(code) : -1;
      const char = offset >= 0 ? '' : run.slice(i, i + width);
      out.add(offset >= 0 ? SINGLE_BASE + offset : dictionary.idOf(char, true)!);
      if (i > 0) {
        out.add(
          previous >= 0 && offset >= 0
            ? previous * HAN_SPAN + offset
            : dictionary.idOf((previousChar || String.fromCharCode(previous + HAN_FIRST)) + (char || String.fromCharCode(code)), true)!,
        );
      }
      previous = offset;
      previousChar = char;
      i += width;
    }
  }
  addWords(normalized, dictionary, out);
}

/**
 * Whether normalised field text holds a query term: Han terms anywhere, other words only on word boundaries.
 * `isHan` may be passed when the caller already knows (it tests many fields for the same terms).
 */
export function fieldHasTerm(normalized: string, term: string, isHan = /\p{Script=Han}/u.test(term)): boolean {
  if (isHan) return normalized.includes(term);
  for (let at = normalized.indexOf(term); at !== -1; at = normalized.indexOf(term, at + 1)) {
    const before = normalized.charAt(at - 1);
    const after = normalized.charAt(at + term.length);
    const isWordChar = (c: string) => c !== '' && WORD_CHAR.test(c) && !/\p{Script=Han}/u.test(c);
    if (!isWordChar(before) && !isWordChar(after)) return true;
  }
  return false;
}
