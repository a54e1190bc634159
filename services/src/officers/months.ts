import { badInput } from '@djnet/shared';

/** Months and years are counted in China Standard Time (UTC+8, no daylight saving), where the network works. */
const CST_OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM` of an instant, in China time. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 7);
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^(\d{4})$/;

/** The instants a month starts and ends (exclusive) at; BAD_USER_INPUT for anything but `YYYY-MM`. */
export function monthRange(month: string): { start: Date; end: Date } {
  const m = MONTH.exec(month);
  if (!m) throw badInput(`月份格式应为 YYYY-MM，收到 ${JSON.stringify(month.slice(0, 20))}`, { field: 'month' });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { start: new Date(Date.UTC(y, mo - 1, 1) - CST_OFFSET_MS), end: new Date(Date.UTC(y, mo, 1) - CST_OFFSET_MS) };
}

/** A ranking period: a month `YYYY-MM` or a year `YYYY`; its months and its time range. */
export interface Period {
  key: string;
  kind: 'month' | 'year';
  months: string[];
  start: Date;
  end: Date;
}

export function parsePeriod(period: string): Period {
  const text = String(period ?? '').trim();
  const y = YEAR.exec(text);
  if (y) {
    const year = Number(y[1]);
    if (year < 2000 || year > 2100) throw badInput('年份须在 2000–2100 之间', { field: 'period' });
    const months = Array.from({ length: 12 }, (_, i) => `${text}-${String(i + 1).padStart(2, '0')}`);
    return { key: text, kind: 'year', months, start: monthRange(months[0]!).start, end: monthRange(months[11]!).end };
  }
  if (!MONTH.test(text))
    throw badInput(`期间格式应为 YYYY-MM（月）或 YYYY（年），收到 ${JSON.stringify(text.slice(0, 20))}`, { field: 'period' });
  const { start, end } = monthRange(text);
  return { key: text, kind: 'month', months: [text], start, end };
}

export function previousMonth(month: string): string {
  const { start } = monthRange(month);
  return monthOf(new Date(start.getTime() - 1));
}

/** Whole days left in the instant's month after its day (China time): 0 on the last day. */
export function daysLeftInMonth(at: Date): number {
  const { end } = monthRange(monthOf(at));
  return Math.floor((end.getTime() - at.getTime() - 1) / 86_400_000);
}
