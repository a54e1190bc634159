/**
 * Normalising and tokenising Chinese (and mixed) text for full-text search without database text indexes.
 *
 * Every article stores `indexTerms(...)` in an indexed array field; a search requires all of
 * `queryTerms(query).required` to be present (`{ terms: { $all: required } }`). Both sides go through
 * `normalizeText`, so simplified and traditional forms, full-width and half-width forms, upper and lower case
 * all meet in one form.
 */

type Converter = (text: string) => string;

let converter: Converter | undefined;

/** Traditional → simplified (OpenCC hk2s: it also folds the HK/TW variants 衞, 綫, 裡, 粧 …). Built on first use. */
export function toSimplified(text: string): string {
  if (!converter) {
    // opencc-js is ESM-typed; its CommonJS build is loaded with require. The t2cn entry holds only the
    // traditional→simplified dictionaries (about a tenth of the full bundle).

    const openCC = require('opencc-js/t2cn') as { Converter(options: { from: string; to: string }): Converter };
    converter = openCC.Converter({ from: 'hk', to: 'cn' });
  }
  return converter(text);
}

/** NFKC (full-width → half-width, ㈠ → (一), compatibility ideographs → unified), lower case, drop format characters (ZWSP, BOM, soft hyphen). */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Cf}+/gu, '');
}

/** The one normal form used for indexing, querying and matching; whitespace and controls collapse to single spaces. */
export function normalizeText(text: string): string {
  return toSimplified(foldText(text))
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

/** Maximal runs of Han characters (incl. 〇 and 々). */
const HAN_RUN = /\p{Script=Han}+/gu;
const HAN_CHAR = /\p{Script=Han}/u;

/** Terms longer than this (base64 blobs, URLs run together) are not worth an index entry. */
export const MAX_TERM_LENGTH = 64;

/**
 * Intl.Segmenter is superlinear on long strings (Node 20: 27k chars ≈ 45 ms, 81k chars ≈ 6 s), so it is fed
 * whitespace-separated pieces of at most this many code units.
 */
const SEGMENTER_CHUNK = 1000;

let segmenter: Intl.Segmenter | undefined;

function* segmenterChunks(text: string): Generator<string> {
  for (const piece of text.split(' ')) {
    let rest = piece;
    while (rest.length > SEGMENTER_CHUNK) {
      const cut = chunkCut(rest);
      yield rest.slice(0, cut);
      rest = rest.slice(cut);
    }
    if (rest) yield rest;
  }
}

/** Cut after punctuation in the second half of the chunk if there is some, never inside a surrogate pair. */
function chunkCut(text: string): number {
  for (let i = SEGMENTER_CHUNK; i > SEGMENTER_CHUNK / 2; i--) {
    if (/\p{P}/u.test(text.charAt(i - 1))) return i;
  }
  const code = text.charCodeAt(SEGMENTER_CHUNK - 1);
  return code >= 0xd800 && code <= 0xdbff ? SEGMENTER_CHUNK - 1 : SEGMENTER_CHUNK;
}

/** Word-like segments of already normalised text. */
function* words(normalized: string): Generator<string> {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  for (const chunk of segmenterChunks(normalized)) {
    for (const segment of segmenter.segment(chunk)) {
      if (segment.isWordLike) yield segment.segment;
    }
  }
}

function isHanWord(word: string): boolean {
  return HAN_CHAR.test(word);
}

/** Every character and every adjacent pair of a Han run: 兴宾区 → 兴, 宾, 区, 兴宾, 宾区. */
function hanGrams(run: string, out: Set<string>): void {
  const chars = Array.from(run);
  for (let i = 0; i < chars.length; i++) {
    out.add(chars[i]!);
    if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
  }
}

function addTerm(out: Set<string>, term: string): void {
  if (term.length > 0 && term.length <= MAX_TERM_LENGTH) out.add(term);
}

/**
 * The terms to store for a text: Han unigrams and bigrams of every Han run, the segmenter's Han words of two
 * or more characters, and non-Han words (Latin, numbers, kana, hangul) — compound ones such as `www.lb.gov.cn`
 * also by their parts. Normalised and de-duplicated.
 */
export function indexTerms(text: string): string[] {
  const normalized = normalizeText(text);
  const terms = new Set<string>();
  for (const [run] of normalized.matchAll(HAN_RUN)) hanGrams(run, terms);
  for (const word of words(normalized)) {
    if (isHanWord(word)) {
      if (Array.from(word).length >= 2) addTerm(terms, word);
      continue;
    }
    addTerm(terms, word);
    const parts = word.split(/[^\p{L}\p{N}]+/u);
    if (parts.length > 1) for (const part of parts) addTerm(terms, part);
  }
  return [...terms];
}

export interface QueryTerms {
  /** Every one of these must be among a document's terms (AND). Empty means the query has nothing searchable. */
  required: string[];
  /** The normalised Han runs and words of the query, for optional exact-phrase checks or boosting. */
  phrases: string[];
}

/**
 * What a search for `query` must match. A Han run of two or more characters requires all of its bigrams
 * (信息员 → 信息 AND 息员: a close approximation of the phrase; callers wanting the exact phrase check
 * `phrases` against the normalised text); a lone Han character requires itself; every non-Han word is
 * required as a whole word. Terms are normalised, so 黨建 requires 党建.
 */
export function queryTerms(query: string): QueryTerms {
  const normalized = normalizeText(query);
  const required = new Set<string>();
  const phrases = new Set<string>();
  for (const [run] of normalized.matchAll(HAN_RUN)) {
    phrases.add(run);
    const chars = Array.from(run);
    if (chars.length === 1) required.add(run);
    for (let i = 0; i + 1 < chars.length; i++) required.add(chars[i]! + chars[i + 1]!);
  }
  for (const word of words(normalized)) {
    if (isHanWord(word) || word.length > MAX_TERM_LENGTH) continue;
    required.add(word);
    phrases.add(word);
  }
  return { required: [...required], phrases: [...phrases] };
}
