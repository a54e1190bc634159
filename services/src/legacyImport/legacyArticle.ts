import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { sanitizeArticleHtml } from '../articles/articleContent';
import { repairLegacyText, type RepairKind, type TextRepair } from './repairText';

/**
 * Pure steps from a decoded legacy record to publishable content: repair of damaged text, sanitising,
 * plain text, limits, and the stable import key and article id.
 */

/** Adds repairs of one field to the tally of a record. */
export class RepairTally {
  private readonly counts = new Map<RepairKind, number>();

  repair(text: string): string {
    const result = repairLegacyText(text);
    for (const r of result.repairs) this.counts.set(r.kind, (this.counts.get(r.kind) ?? 0) + r.count);
    return result.text;
  }

  list(): TextRepair[] {
    return [...this.counts.entries()].filter(([, count]) => count > 0).map(([kind, count]) => ({ kind, count }));
  }
}

const HTML_TAG = /<\/?(?:p|br|div|span|font|strong|b|i|em|u|table|tr|td|img|a|h[1-6]|ul|ol|li|center|blockquote|pre)\b[^>]*>/i;

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A body given as plain text becomes paragraphs, one per line; HTML stays HTML. */
export function bodyAsHtml(body: string): string {
  if (HTML_TAG.test(body)) return body;
  return body
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeText(line)}</p>`)
    .join('');
}

/** Sanitised, repaired body: sanitise first (entities decoded, scripts gone), repair the text, sanitise again. */
export function publishableBody(html: string, tally: RepairTally): string {
  return sanitizeArticleHtml(tally.repair(sanitizeArticleHtml(html)));
}

/** One line, repaired, trimmed; null when empty. */
export function cleanLine(text: string | null | undefined, tally: RepairTally): string | null {
  if (!text) return null;
  const line = tally.repair(text).replace(/\s+/g, ' ').trim();
  return line || null;
}

/** Cuts a field to its limit (by characters, not UTF-16 units); says so in `warnings`. */
export function withinLimit(value: string | null, limit: number, label: string, warnings: string[]): string | null {
  if (value === null) return null;
  const chars = Array.from(value);
  if (chars.length <= limit) return value;
  warnings.push(`${label}超过 ${limit} 字，已截断`);
  return `${chars.slice(0, limit - 1).join('')}…`;
}

/**
 * The stable key of a source record: SHA-256 of its file (relative to the import root), title and date as
 * they were read, before repair, so the key does not change when repair rules improve.
 */
export function importKeyOf(relativePath: string, rawTitle: string, dateKey: string): string {
  return createHash('sha256')
    .update(`${relativePath}\n${rawTitle.replace(/\s+/g, ' ').trim()}\n${dateKey}`)
    .digest('hex');
}

/** The article id of an imported record: the first 12 bytes of the SHA-256 of its import key. */
export function importedArticleId(importKey: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(importKey).digest().subarray(0, 12));
}
