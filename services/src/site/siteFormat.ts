import type { Tier } from '@djnet/shared';

/** Small formatting helpers shared by the pages (dates in China time, names, article links). */

const CHINA_OFFSET_MS = 8 * 3600_000;

function timeOf(value: Date | string | null | undefined): number {
  if (value === null || value === undefined) return NaN;
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/** 2024-05-01 (China time), '' for no date. */
export function formatDate(value: Date | string | null | undefined): string {
  const t = timeOf(value);
  return Number.isFinite(t) ? new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 10) : '';
}

/** 2024-05-01 08:30 (China time). */
export function formatDateTime(value: Date | string | null | undefined): string {
  const t = timeOf(value);
  return Number.isFinite(t) ? new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ') : '';
}

export function isoDate(value: Date | string | null | undefined): string | undefined {
  const t = timeOf(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

export const TIER_NAMES: Record<Tier, string> = { city: '龙头', county: '骨干', township: '节点' };
export const TIER_LABELS: Record<Tier, string> = { city: '市级门户', county: '县（市、区）站', township: '乡镇服务站' };

/** 凤凰镇党建信息服务站 → 凤凰镇, 兴宾区党建网 → 兴宾区: the place, for provenance lines. */
export function shortSiteName(name: string): string {
  const short = name.replace(/(党建信息服务站|党建信息网|党建网|党建信息站|服务站)$/, '');
  return short || name;
}

/** The 24-hex local id of an article (the catalog's `_id`). */
export function articleKey(id: unknown): string {
  return String(id);
}

export function articlePath(id: unknown): string {
  return `/articles/${articleKey(id)}`;
}

export function channelPath(slug: string, page = 1): string {
  return `/channels/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`;
}

/** Human-readable size: 12 KB, 3.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Plain text cut to a length at a character boundary, with an ellipsis. */
export function excerpt(text: string | null | undefined, max: number): string {
  if (!text) return '';
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`;
}
