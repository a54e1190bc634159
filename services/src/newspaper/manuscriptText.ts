import { createHash } from 'node:crypto';
import { htmlToText } from '../articles/articleContent';
import { normalizeText } from '../search/chineseText';

const HAN = /\p{Script=Han}/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The word count (字数) newspapers use: every Han character counts one, every run of other letters or digits
 * (an English word, a number) counts one.
 */
export function countWords(text: string): number {
  const han = text.match(HAN)?.length ?? 0;
  const rest = text.replace(HAN, ' ').match(WORD)?.length ?? 0;
  return han + rest;
}

/**
 * The fingerprint of a manuscript's text for duplicate detection: the plain text of the title and body, normalised
 * (NFKC, traditional → simplified, lower case) with all whitespace and punctuation dropped, hashed. The same text
 * submitted twice — retyped with other spacing, full-width punctuation or in traditional characters — matches.
 */
export function textFingerprint(title: string, bodyHtml: string): string {
  const text = normalizeText(`${title}\n${htmlToText(bodyHtml)}`).replace(/[^\p{L}\p{N}]+/gu, '');
  return createHash('sha256').update(text).digest('hex');
}

export function manuscriptPlainText(bodyHtml: string): string {
  return htmlToText(bodyHtml);
}
