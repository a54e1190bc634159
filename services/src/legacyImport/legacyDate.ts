/**
 * Dates in legacy pages and exports: 2007年3月5日, 2007-03-05, 2007/3/5, 2007.03.05, optionally with a time
 * (14:30 or 14:30:05), or a full ISO 8601 timestamp. Dates without a zone are Beijing time (UTC+8), which is
 * what the old sites meant.
 */

export interface FoundDate {
  date: Date;
  /** The text the date was read from. */
  text: string;
  /** Where in the searched text it was found. */
  index: number;
}

const EARLIEST_YEAR = 1990;

// Year, month, day with 年月日 or - / . between; an optional time after.
const DATE_PATTERN =
  /(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|([-/.])(\d{1,2})\4(\d{1,2})(?!\d))(?:\s*[T\s]\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?/g;

function beijingDate(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0, latest: Date): Date | undefined {
  if (y < EARLIEST_YEAR || m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 59) return undefined;
  const utc = Date.UTC(y, m - 1, d, hh - 8, mm, ss);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined; // 2月30日
  const date = new Date(utc);
  return date.getTime() > latest.getTime() ? undefined : date;
}

/** Every plausible date in a text, in order (impossible or future dates are left out). */
export function findDates(text: string, latest: Date): FoundDate[] {
  const found: FoundDate[] = [];
  for (const m of text.matchAll(DATE_PATTERN)) {
    const [, y, cm, cd, , dm, dd, hh, mi, ss] = m;
    const date = beijingDate(Number(y), Number(cm ?? dm), Number(cd ?? dd), Number(hh ?? 0), Number(mi ?? 0), Number(ss ?? 0), latest);
    if (date) found.push({ date, text: m[0].trim(), index: m.index });
  }
  return found;
}

// Words that introduce a publication date on a page: 发布时间：, 发布日期：, 日期：, 时间：, 更新时间：
const LABELLED = /(?:发布|发表|更新|上传|录入|添加)?(?:时间|日期)\s*[：:]?\s*/g;

/**
 * The publication date of a page's text: the first date right after a label like 发布时间： if there is one,
 * else the first date at all.
 */
export function findPublicationDate(text: string, latest: Date): FoundDate | undefined {
  const dates = findDates(text, latest);
  for (const label of text.matchAll(LABELLED)) {
    const end = label.index + label[0].length;
    const labelled = dates.find((d) => d.index >= end && d.index <= end + 2);
    if (labelled) return labelled;
  }
  return dates[0];
}

/** A date field of an export (CSV, JSON, <meta>): an ISO timestamp or any of the patterns above. */
export function parseLegacyDate(value: string | null | undefined, latest: Date): Date | undefined {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  // A timestamp with its own zone: take it as it is.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) || date.getTime() > latest.getTime() || date.getUTCFullYear() < EARLIEST_YEAR ? undefined : date;
  }
  const first = findDates(text, latest)[0];
  return first && first.index === 0 ? first.date : undefined;
}
