import iconv from 'iconv-lite';

/**
 * Repairs damaged legacy Chinese text: mis-decoded byte runs, pinyin annotations, traditional characters
 * produced by machine conversion, and odd punctuation. Pure functions; nothing here touches I/O.
 */

export type RepairKind =
  'misaligned-gbk' | 'gbk-decoded-as-big5' | 'annotation-artifact' | 'pinyin-annotation' | 'traditional-to-simplified' | 'middle-dot';

export interface TextRepair {
  kind: RepairKind;
  count: number;
}

export interface RepairResult {
  text: string;
  repairs: TextRepair[];
}

// ---------------------------------------------------------------------------------------------------------
// Character knowledge
// ---------------------------------------------------------------------------------------------------------

interface OpenCCModule {
  Converter(options: { from: 't' | 'tw' | 'hk'; to: 'cn' }): (text: string) => string;
}

let traditionalToSimplified: ((text: string) => string) | undefined;

/** Traditional → simplified with OpenCC ('tw' reads 發揮著 as 发挥着 where 't' keeps 著). */
export function toSimplified(text: string): string {
  // opencc-js is an ES module package with a CommonJS build; require() picks that build.
  traditionalToSimplified ??= (require('opencc-js') as OpenCCModule).Converter({ from: 'tw', to: 'cn' });
  return traditionalToSimplified(text);
}

const simplifiedCharCache = new Map<string, string>();
function simplifiedChar(ch: string): string {
  let simplified = simplifiedCharCache.get(ch);
  if (simplified === undefined) {
    simplified = toSimplified(ch);
    simplifiedCharCache.set(ch, simplified);
  }
  return simplified;
}

let gb2312Levels: { level1: Set<string>; level2: Set<string> } | undefined;

/** GB2312 level 1 (3755 frequent characters, rows B0–D7) and level 2 (3008 less frequent, rows D8–F7). */
function gb2312(): { level1: Set<string>; level2: Set<string> } {
  if (!gb2312Levels) {
    const level1 = new Set<string>();
    const level2 = new Set<string>();
    for (let lead = 0xb0; lead <= 0xf7; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) {
        const ch = iconv.decode(Buffer.from([lead, trail]), 'gb2312');
        if (ch.length === 1 && ch !== '\uFFFD') (lead <= 0xd7 ? level1 : level2).add(ch);
      }
    }
    gb2312Levels = { level1, level2 };
  }
  return gb2312Levels;
}

const COMMON_PUNCTUATION = new Set('，。、；：？！（）《》〈〉“”‘’「」『』【】—…·～　');
const HAN = /\p{Script=Han}/u;
// Replacement char, controls, private use, Greek, Cyrillic, box drawing, kana, bopomofo, half-width kana, Hangul:
// what a wrong decoder produces, and almost never what a Chinese document contains.
const JUNK =
  /[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uE000-\uF8FF\u0370-\u03FF\u0400-\u04FF\u2500-\u257F\u3041-\u30FF\u3100-\u312F\uFF61-\uFF9F\uAC00-\uD7AF]/u;

export type CharClass = 'common' | 'uncommon' | 'rare' | 'junk' | 'neutral';

/** How plausible one character is in a Chinese document (traditional characters count as their simplified form). */
export function classifyChar(ch: string): CharClass {
  if (COMMON_PUNCTUATION.has(ch)) return 'common';
  if (HAN.test(ch)) {
    const { level1, level2 } = gb2312();
    const simplified = simplifiedChar(ch);
    if (level1.has(simplified)) return 'common';
    return level2.has(simplified) ? 'uncommon' : 'rare';
  }
  return JUNK.test(ch) ? 'junk' : 'neutral';
}

const CLASS_SCORE: Record<CharClass, number> = { common: 1, neutral: 0, uncommon: -1, rare: -2, junk: -3 };

export type CharCounts = Record<CharClass, number>;

export function countCharClasses(text: string): CharCounts {
  const counts: CharCounts = { common: 0, uncommon: 0, rare: 0, junk: 0, neutral: 0 };
  for (const ch of text) counts[classifyChar(ch)]++;
  return counts;
}

/** Sum of per-character scores: +1 common, 0 neutral, −1 uncommon, −2 rare, −3 junk. */
export function plausibilityScore(text: string): number {
  let score = 0;
  for (const ch of text) score += CLASS_SCORE[classifyChar(ch)];
  return score;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Mis-decoded runs
// ---------------------------------------------------------------------------------------------------------

type DecodeRepairKind = 'misaligned-gbk' | 'gbk-decoded-as-big5';

const MIN_GAIN = 3;
const MAX_SHIFT = 8;

function encodeExactly(text: string, encoding: 'gbk' | 'big5'): Buffer | undefined {
  const bytes = iconv.encode(text, encoding);
  return iconv.decode(bytes, encoding) === text ? bytes : undefined;
}

/**
 * GBK text that lost one byte: every later pair is split across two characters until an ASCII byte resyncs.
 * Re-encode, drop the stray first byte, decode again. A lead byte left dangling at the end takes the next
 * ASCII character as its trail byte when it can (that character was really a trail byte); otherwise it is lost.
 */
function realignGbk(segment: string, next: string | undefined): { text: string; consumedNext: boolean } | undefined {
  const bytes = encodeExactly(segment, 'gbk');
  if (!bytes || bytes.length < 2) return undefined;
  const shifted = bytes.subarray(1);
  let text = iconv.decode(shifted, 'gbk');
  const consumedNext = false;
  if (text.endsWith('\uFFFD')) {
    const nextCode = next?.charCodeAt(0) ?? 0;
    if (nextCode >= 0x40 && nextCode <= 0x7e) {
      const absorbed = iconv.decode(Buffer.concat([shifted, Buffer.from([nextCode])]), 'gbk');
      if (!absorbed.includes('\uFFFD')) return { text: absorbed, consumedNext: true };
    }
    text = text.slice(0, -1);
  }
  return text.includes('\uFFFD') ? undefined : { text, consumedNext };
}

/** GBK bytes that were decoded as Big5: re-encode as Big5, decode as GBK. */
function redecodeBig5AsGbk(segment: string): string | undefined {
  const bytes = encodeExactly(segment, 'big5');
  if (!bytes) return undefined;
  const text = iconv.decode(bytes, 'gbk');
  return text.includes('\uFFFD') ? undefined : text;
}

interface RunRepair {
  text: string;
  consumedNext: boolean;
  kind: DecodeRepairKind;
}

/** A repaired segment must read as ordinary Chinese: nothing junk or rare, few uncommon characters. */
function isClean(segment: string): boolean {
  const counts = countCharClasses(segment);
  return counts.junk === 0 && counts.rare === 0 && counts.uncommon * 5 <= counts.common;
}

function repairRun(run: string, next: string | undefined): RunRepair | undefined {
  const chars = Array.from(run);
  const isBad = (ch: string) => CLASS_SCORE[classifyChar(ch)] < 0;
  const firstBad = chars.findIndex(isBad);
  if (firstBad < 0) return undefined;
  const lastBad = chars.findLastIndex(isBad);

  const originalScore = plausibilityScore(run);
  const nextScore = next === undefined ? 0 : plausibilityScore(next);
  let best: (RunRepair & { gain: number }) | undefined;
  const consider = (start: number, end: number, repaired: string, consumedNext: boolean, kind: DecodeRepairKind) => {
    if (!isClean(repaired)) return;
    const text = chars.slice(0, start).join('') + repaired + chars.slice(end).join('');
    const gain = plausibilityScore(text) - originalScore - (consumedNext ? nextScore : 0);
    if (gain >= MIN_GAIN && (!best || gain > best.gain)) best = { text, consumedNext, kind, gain };
  };

  // The damage starts at the first implausible character or a little before it. A misaligned run lasts to
  // the next ASCII byte; Big5-decoded GBK may be followed by clean text, so its end varies as well.
  // On equal gain the widest segment wins: damaged characters can look plausible on their own.
  for (let start = Math.max(0, firstBad - MAX_SHIFT); start <= firstBad; start++) {
    const realigned = realignGbk(chars.slice(start).join(''), next);
    if (realigned) consider(start, chars.length, realigned.text, realigned.consumedNext, 'misaligned-gbk');
    for (let end = Math.min(chars.length, lastBad + 1 + MAX_SHIFT); end > lastBad; end--) {
      const redecoded = redecodeBig5AsGbk(chars.slice(start, end).join(''));
      if (redecoded !== undefined) consider(start, end, redecoded, false, 'gbk-decoded-as-big5');
    }
  }
  return best;
}

// Runs of non-ASCII characters: a multi-byte decoding error cannot cross an ASCII byte without resyncing.
const NON_ASCII_RUN = /[^\u0000-\u007F]+/gu;

function repairMisdecodedRuns(text: string, tally: Tally): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(NON_ASCII_RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    const repair = repairRun(match[0], text[end]);
    if (!repair) continue;
    out += text.slice(last, start) + repair.text;
    last = end + (repair.consumedNext ? 1 : 0);
    tally.add(repair.kind);
  }
  return out + text.slice(last);
}

// ---------------------------------------------------------------------------------------------------------
// 2. Known annotation artifacts. The pinyin annotator worked on GBK bytes and sometimes read a character
// pair misaligned: for 日報 (c8d5 88f3) it annotated both 請 (d5|88) and 報 (88f3), inserting "(qǐng)"
// between 88 and f3. Decoding then turned each broken pair (88 '(' and f3 '(') into '?'. The lost bytes
// cannot be derived without a pinyin table, so the artifacts seen in real files are listed here.
// ---------------------------------------------------------------------------------------------------------

const ANNOTATION_ARTIFACTS: readonly (readonly [damaged: string, repaired: string])[] = [['日?qǐng)?bào)', '日報']];

function replaceArtifacts(text: string, tally: Tally): string {
  let out = text;
  for (const [damaged, repaired] of ANNOTATION_ARTIFACTS) {
    const parts = out.split(damaged);
    tally.add('annotation-artifact', parts.length - 1);
    out = parts.join(repaired);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// 3. Pinyin annotations: 成績(jī) → 成績. Only syllables with tone marks or tone digits, so (2007年), (一)
// and English words in parentheses stay.
// ---------------------------------------------------------------------------------------------------------

const TONED_VOWEL = '[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜḿńňǹ]|[aeiouüvmn][\\u0300-\\u0304\\u030C]';
const TONED_SYLLABLE = `[a-zü]*(?:${TONED_VOWEL})[a-zü]*`;
const NUMBERED_SYLLABLE = '[bcdfghjklmnpqrstwxyz]*[aeiouüv][a-zü]*[1-5]';
const SYLLABLE = `(?:${TONED_SYLLABLE}|${NUMBERED_SYLLABLE})`;
const PINYIN_ANNOTATION = new RegExp(`(?<=\\p{Script=Han})[(（]\\s*${SYLLABLE}(?:[\\s'’-]+${SYLLABLE})*\\s*[)）]`, 'giu');

function stripPinyin(text: string, tally: Tally): string {
  return text.replace(PINYIN_ANNOTATION, () => {
    tally.add('pinyin-annotation');
    return '';
  });
}

// ---------------------------------------------------------------------------------------------------------
// 4. Traditional → simplified, line by line, only for lines with characters that exist only in traditional
// form (not in GB2312): clean simplified text is never touched (OpenCC would turn e.g. 於 into 于).
// ---------------------------------------------------------------------------------------------------------

function isTraditionalOnly(ch: string): boolean {
  if (!HAN.test(ch)) return false;
  const { level1, level2 } = gb2312();
  return !level1.has(ch) && !level2.has(ch) && simplifiedChar(ch) !== ch;
}

function simplifyLines(text: string, tally: Tally): string {
  return text
    .split('\n')
    .map((line) => {
      if (!Array.from(line).some(isTraditionalOnly)) return line;
      const simplified = toSimplified(line);
      const before = Array.from(line);
      const after = Array.from(simplified);
      const changed = before.length === after.length ? before.filter((ch, i) => ch !== after[i]).length : Number(line !== simplified);
      tally.add('traditional-to-simplified', changed);
      return simplified;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// 5. Punctuation: bullets and other dots between Chinese characters (《桂中日報•村黨員版》) → middle dot.
// ---------------------------------------------------------------------------------------------------------

const ODD_DOT = /(?<=\p{Script=Han})\s*[•‧・･∙⋅]\s*(?=\p{Script=Han})/gu;

function normalisePunctuation(text: string, tally: Tally): string {
  return text.replace(ODD_DOT, () => {
    tally.add('middle-dot');
    return '·';
  });
}

// ---------------------------------------------------------------------------------------------------------

class Tally {
  private readonly counts = new Map<RepairKind, number>();
  add(kind: RepairKind, count = 1): void {
    if (count > 0) this.counts.set(kind, (this.counts.get(kind) ?? 0) + count);
  }
  list(): TextRepair[] {
    return Array.from(this.counts, ([kind, count]) => ({ kind, count }));
  }
}

/**
 * Repairs legacy text in order: mis-decoded runs, annotation artifacts, pinyin annotations,
 * traditional → simplified, punctuation.
 */
export function repairLegacyText(text: string): RepairResult {
  const tally = new Tally();
  let repaired = repairMisdecodedRuns(text, tally);
  repaired = replaceArtifacts(repaired, tally);
  repaired = stripPinyin(repaired, tally);
  repaired = simplifyLines(repaired, tally);
  repaired = normalisePunctuation(repaired, tally);
  return { text: repaired, repairs: tally.list() };
}
