import { monthOf } from './months';
import type { ItemFacts } from './officerItems';
import type { ScoringRules } from './scoringRules';

/** One officer's counts and score for one month. */
export interface MonthFigures {
  /** Items reported (submitted for review) this month: what the quota counts. */
  submitted: number;
  published: number;
  adoptedCounty: number;
  adoptedCity: number;
  newspaper: number;
  topic: number;
  retractedFalse: number;
  /** Of the items published this month, how many a higher level has adopted so far. */
  publishedAdopted: number;
  quota: number;
  quotaMet: boolean;
  /** Items still missing for the quota. */
  short: number;
  score: number;
  points: {
    published: number;
    adoptedCounty: number;
    adoptedCity: number;
    newspaper: number;
    topic: number;
    quotaBase: number;
    penalty: number;
  };
}

export const EMPTY_FIGURES: MonthFigures = {
  submitted: 0,
  published: 0,
  adoptedCounty: 0,
  adoptedCity: 0,
  newspaper: 0,
  topic: 0,
  retractedFalse: 0,
  publishedAdopted: 0,
  quota: 0,
  quotaMet: false,
  short: 0,
  score: 0,
  points: { published: 0, adoptedCounty: 0, adoptedCity: 0, newspaper: 0, topic: 0, quotaBase: 0, penalty: 0 },
};

const inMonth = (at: Date | null, month: string) => at !== null && monthOf(at) === month;

/** Adoption points for an item's column: the most specific `channelPoints` entry covering its slug, else the rule. */
function adoptionPoints(rules: ScoringRules, channel: string, level: 'adoptedCounty' | 'adoptedCity'): number {
  let best: { len: number; pts: number } | null = null;
  for (const c of rules.channelPoints) {
    const pts = c[level];
    if (pts === undefined || !(channel === c.channel || channel.startsWith(`${c.channel}-`))) continue;
    if (!best || c.channel.length > best.len) best = { len: c.channel.length, pts };
  }
  return best ? best.pts : rules.points[level];
}

export function isFalseRetraction(item: ItemFacts, rules: ScoringRules): boolean {
  if (!item.retractedAt) return false;
  const reason = item.retractionReason ?? '';
  return rules.falseRetractionMarkers.some((m) => reason.includes(m));
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * An officer's month under a set of rules: a pure function of their items' facts. Each event scores in the month it
 * happened (publication, each adoption, a retraction as false); changing the rules and computing again gives the
 * new scores exactly, with nothing to undo.
 */
export function scoreOfficerMonth(items: readonly ItemFacts[], rules: ScoringRules, month: string): MonthFigures {
  const f: MonthFigures = { ...EMPTY_FIGURES, points: { ...EMPTY_FIGURES.points }, quota: rules.quota };
  for (const item of items) {
    if (inMonth(item.submittedAt, month)) f.submitted++;
    if (inMonth(item.publishedAt, month)) {
      f.published++;
      f.points.published += rules.points.published;
      if (item.adoptions.length > 0) f.publishedAdopted++;
    }
    const highest = item.adoptions.some((a) => a.tier === 'city') ? 'city' : 'county';
    for (const a of item.adoptions) {
      if (!inMonth(a.at, month) || a.tier === 'township') continue;
      const level = a.tier === 'city' ? 'adoptedCity' : 'adoptedCounty';
      f[level]++;
      if (rules.multiLevel === 'each' || a.tier === highest) f.points[level] += adoptionPoints(rules, item.channel, level);
    }
    if (inMonth(item.newspaperAt, month)) {
      f.newspaper++;
      f.points.newspaper += rules.points.newspaper;
    }
    if (inMonth(item.topicAt, month)) {
      f.topic++;
      f.points.topic += rules.points.topic;
    }
    if (inMonth(item.retractedAt, month) && isFalseRetraction(item, rules)) {
      f.retractedFalse++;
      f.points.penalty -= rules.penalty;
    }
  }
  f.quotaMet = f.submitted >= rules.quota;
  f.short = Math.max(0, rules.quota - f.submitted);
  if (f.quotaMet) f.points.quotaBase = rules.quotaBase;
  f.score = round(Object.values(f.points).reduce((s, p) => s + p, 0));
  return f;
}

/** Adds months up (a year): counts and points sum; `quotaMonths` counts the months with the quota met. */
export function sumFigures(months: readonly MonthFigures[]): MonthFigures & { quotaMonths: number } {
  const total = { ...EMPTY_FIGURES, points: { ...EMPTY_FIGURES.points }, quotaMonths: 0 };
  for (const m of months) {
    for (const k of [
      'submitted',
      'published',
      'adoptedCounty',
      'adoptedCity',
      'newspaper',
      'topic',
      'retractedFalse',
      'publishedAdopted',
      'quota',
      'short',
    ] as const) {
      total[k] += m[k];
    }
    for (const k of Object.keys(total.points) as (keyof MonthFigures['points'])[]) total.points[k] += m.points[k];
    total.score = round(total.score + m.score);
    if (m.quotaMet) total.quotaMonths++;
  }
  total.quotaMet = months.length > 0 && total.quotaMonths === months.length;
  return total;
}
