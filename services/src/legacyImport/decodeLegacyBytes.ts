import chardet from 'chardet';
import iconv from 'iconv-lite';
import { countCharClasses } from './repairText';

/**
 * Decodes an old HTML page or CSV whose encoding is unknown: UTF-8 (with or without BOM), GB18030 (which
 * covers GBK and GB2312) or Big5. Evidence, in order: BOM, <meta> charset hint, chardet, and finally a content
 * check that decodes with every candidate and prefers no replacement characters and the highest share of
 * common Chinese characters. The content check has the last word; disagreements are listed in `reasons`.
 */

export type LegacyEncoding = 'utf-8' | 'gb18030' | 'big5';

export interface DecodeResult {
  text: string;
  encoding: LegacyEncoding;
  /** 0–1: how sure the content check is (low for garbage, short or ambiguous input). */
  confidence: number;
  reasons: string[];
}

const CANDIDATES: readonly LegacyEncoding[] = ['utf-8', 'gb18030', 'big5'];
const HINT_BYTES = 4096;
const SAMPLE_CHARS = 20_000;
// Mainland sites were GBK far more often than Big5: breaks near-ties on short input.
const GB_PRIOR = 0.02;

/** Maps a charset label (from <meta> or chardet) to a candidate, if it is one. */
export function normaliseCharsetLabel(label: string): LegacyEncoding | undefined {
  const name = label.trim().toLowerCase().replace(/_/g, '-');
  if (name === 'utf-8' || name === 'utf8') return 'utf-8';
  if (/^(gb18030|gbk|gb2312|gb-2312|x-gbk|cp936|windows-936|euc-cn|hz-gb-2312)$/.test(name)) return 'gb18030';
  if (/^(big5|big5-hkscs|x-x-big5|cp950|windows-950)$/.test(name)) return 'big5';
  return undefined;
}

/** The charset declared by <meta charset>, <meta http-equiv content="…; charset=…"> or <?xml encoding>. */
export function findCharsetHint(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, HINT_BYTES)).toString('latin1');
  const meta = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  const xml = /<\?xml\b[^>]*?encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return (meta ?? xml)?.[1];
}

interface Evaluation {
  encoding: LegacyEncoding;
  text: string;
  replacements: number;
  /** Share of plausible characters among the non-neutral ones (1 when there are none). */
  quality: number;
  considered: number;
  score: number;
}

function decodeAs(bytes: Uint8Array, encoding: LegacyEncoding): string {
  if (encoding === 'utf-8') return new TextDecoder().decode(bytes);
  return iconv.decode(Buffer.from(bytes), encoding);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function evaluate(bytes: Uint8Array, encoding: LegacyEncoding): Omit<Evaluation, 'score'> {
  const text = decodeAs(bytes, encoding);
  const sample = text.slice(0, SAMPLE_CHARS);
  const counts = countCharClasses(sample);
  const replacements = Array.from(sample.matchAll(/\uFFFD/g)).length;
  const considered = counts.common + counts.uncommon + counts.rare + counts.junk;
  const quality = considered === 0 ? 1 : (counts.common + 0.5 * counts.uncommon) / considered;
  return { encoding, text, replacements, quality, considered };
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

export function decodeLegacyBytes(input: Uint8Array): DecodeResult {
  if (input.length === 0) return { text: '', encoding: 'utf-8', confidence: 0, reasons: ['empty input'] };

  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
    const body = input.subarray(3);
    const valid = isValidUtf8(body);
    const reasons = ['UTF-8 byte order mark', ...(valid ? [] : ['invalid UTF-8 sequences after the BOM'])];
    return { text: decodeAs(body, 'utf-8'), encoding: 'utf-8', confidence: valid ? 1 : 0.5, reasons };
  }

  const reasons: string[] = [];
  const hintLabel = findCharsetHint(input);
  const hint = hintLabel === undefined ? undefined : normaliseCharsetLabel(hintLabel);
  if (hintLabel !== undefined) reasons.push(`declared charset ${hintLabel}${hint ? '' : ' (not a candidate, ignored)'}`);

  const detected = chardet.analyse(input).find((match) => normaliseCharsetLabel(match.name) !== undefined);
  const guess = detected && normaliseCharsetLabel(detected.name);
  if (detected) reasons.push(`chardet: ${detected.name} (${detected.confidence})`);

  const validUtf8 = isValidUtf8(input);
  const evaluations: Evaluation[] = CANDIDATES.map((encoding) => {
    const evaluation = evaluate(input, encoding);
    const replacementShare = evaluation.replacements / Math.max(1, evaluation.considered);
    // Multi-byte UTF-8 that validates is almost never another encoding by accident.
    const score =
      evaluation.quality -
      replacementShare +
      (encoding === 'utf-8' && validUtf8 ? 0.1 : 0) +
      (encoding === 'gb18030' ? GB_PRIOR : 0) +
      (encoding === hint ? 0.05 : 0) +
      (encoding === guess && detected ? 0.05 * (detected.confidence / 100) : 0);
    return { ...evaluation, score };
  });
  for (const e of evaluations) {
    reasons.push(`${e.encoding}: ${e.replacements} replacement characters, ${percent(e.quality)} plausible`);
  }

  const ranked = [...evaluations].sort((a, b) => b.score - a.score);
  // Identical text (e.g. pure ASCII) cannot contradict the declared charset: keep the declared name.
  const best = ranked.find((e) => e.encoding === hint && e.text === ranked[0]!.text) ?? ranked[0]!;
  const rival = ranked.find((e) => e.text !== best.text);
  reasons.push(`chose ${best.encoding}`);
  const differs = (encoding: LegacyEncoding) => evaluations.find((e) => e.encoding === encoding)?.text !== best.text;
  if (hint && differs(hint)) reasons.push(`declared charset ${hintLabel} contradicted by content`);
  if (guess && differs(guess)) reasons.push(`chardet guess ${detected?.name} contradicted by content`);

  // Confidence: plausibility of the winner, lowered when the runner-up is close or there is little to judge.
  const margin = rival ? Math.min(1, Math.max(0, best.score - rival.score) / 0.2) : 1;
  const evidence = best.considered === 0 ? 1 : Math.min(1, best.considered / 20);
  const confidence = best.quality * (0.5 + 0.5 * margin) * (0.5 + 0.5 * evidence);
  return { text: best.text, encoding: best.encoding, confidence: Math.round(confidence * 100) / 100, reasons };
}
