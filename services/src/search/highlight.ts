/**
 * Search-result snippets: matching happens on normalised text, marks go around the ORIGINAL characters
 * (a query 党建 marks 黨建 in a traditional text).
 */
import { foldText, queryTerms, toSimplified } from './chineseText';

export interface HighlightOptions {
  /** Snippet length in characters of the original text, ellipses not counted. Default 160. */
  maxLength?: number;
}

/** Normalised text (fold + simplify, no whitespace collapsing) with, for each of its code units, the original range it came from. */
interface MappedText {
  text: string;
  starts: number[];
  ends: number[];
}

/** A base character with its combining marks, or a stray run of marks: the unit folded on its own. */
const UNIT = /\P{M}\p{M}*|\p{M}+/gsu;
const HAN_OR_NOT = /\p{Script=Han}+|\P{Script=Han}+/gsu;

function mapNormalized(original: string): MappedText {
  // 1. Fold unit by unit, remembering where each folded code unit came from.
  let folded = '';
  const foldStarts: number[] = [];
  const foldEnds: number[] = [];
  for (const match of original.matchAll(UNIT)) {
    const start = match.index;
    const end = start + match[0].length;
    const piece = foldText(match[0]);
    folded += piece;
    for (let i = 0; i < piece.length; i++) {
      foldStarts.push(start);
      foldEnds.push(end);
    }
  }
  // 2. Simplify run by run (keeping OpenCC's phrase context). Runs are aligned by code point (a few
  //    conversions go from a BMP character to a supplementary one: 噁 → 𫫇); a run whose code-point count
  //    changes is redone character by character, so every output character keeps a known origin.
  const out: MappedText = { text: '', starts: [], ends: [] };
  const push = (converted: string, from: number, to: number): void => {
    out.text += converted;
    for (let i = 0; i < converted.length; i++) {
      out.starts.push(foldStarts[from]!);
      out.ends.push(foldEnds[to - 1]!);
    }
  };
  const emit = (source: string, at: number): void => {
    const sourceChars = Array.from(source);
    const convertedChars = Array.from(toSimplified(source));
    const aligned = convertedChars.length === sourceChars.length;
    let offset = at;
    sourceChars.forEach((char, i) => {
      push(aligned ? convertedChars[i]! : toSimplified(char), offset, offset + char.length);
      offset += char.length;
    });
  };
  for (const run of folded.matchAll(HAN_OR_NOT)) emit(run[0], run.index);
  return out;
}

interface Range {
  start: number;
  end: number;
}

/** Letters and digits other than Han: a Latin needle must not touch these (GDP in GDP增长, not in GDPR). */
const WORD_CHAR = /(?!\p{Script=Han})[\p{L}\p{N}]/u;

/** Occurrences of the needles in normalised text; non-Han needles only on word boundaries. Sorted and merged. */
function findRanges(text: string, needles: readonly string[]): Range[] {
  const ranges: Range[] = [];
  for (const needle of needles) {
    const wordLike = !/\p{Script=Han}/u.test(needle);
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      if (wordLike && (WORD_CHAR.test(text.charAt(at - 1)) || WORD_CHAR.test(text.charAt(end)))) continue;
      ranges.push({ start: at, end });
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escaped, whitespace runs shown as one space. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/\s+/g, ' ');
}

/** Move an index off the low half of a surrogate pair. */
function codePointBoundary(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return index > 0 && index < text.length && code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

/**
 * An HTML snippet of `text` around the first match of `query`, matched parts in `<mark>`…`</mark>`, everything
 * else escaped. Without a match (or a searchable query) it is the escaped start of the text.
 */
export function highlight(text: string, query: string, options: HighlightOptions = {}): string {
  const maxLength = Math.max(1, Math.floor(options.maxLength ?? 160));
  const { required } = queryTerms(query);
  const mapped = required.length > 0 ? mapNormalized(text) : undefined;
  const ranges = mapped
    ? findRanges(mapped.text, required).map((r) => ({ start: mapped.starts[r.start]!, end: mapped.ends[r.end - 1]! }))
    : [];

  let windowStart = 0;
  const first = ranges[0];
  if (first && text.length > maxLength) {
    // Put the first match about a quarter into the window, as far as the text allows.
    const lead = Math.floor(Math.max(0, maxLength - (first.end - first.start)) / 4);
    windowStart = Math.max(0, Math.min(first.start - lead, text.length - maxLength));
  }
  windowStart = codePointBoundary(text, windowStart);
  const windowEnd = codePointBoundary(text, Math.min(text.length, windowStart + maxLength));

  let html = windowStart > 0 ? '…' : '';
  let cursor = windowStart;
  for (const range of ranges) {
    const start = Math.max(range.start, cursor);
    const end = Math.min(range.end, windowEnd);
    if (start >= end) continue;
    html += escapeHtml(text.slice(cursor, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    cursor = end;
  }
  html += escapeHtml(text.slice(cursor, windowEnd));
  if (windowEnd < text.length) html += '…';
  return html;
}
