import type { OfficerKind } from './officerModels';
import type { MonthFigures } from './scoreOfficerMonth';
import type { ScoringRules } from './scoringRules';

/** One officer's figures for a period (a month, or a year summed), with where they stood at its end. */
export interface FigureRow {
  officerId: string;
  name: string;
  kind: OfficerKind;
  unit: string;
  node: string;
  status: string;
  figures: MonthFigures & { quotaMonths?: number };
}

export interface RankedOfficer extends FigureRow {
  rank: number;
  /** Share of the period's published items adopted by a higher level (0–1). */
  adoptionRate: number;
}

/** A unit's or a node's totals. */
export interface RankedGroup {
  rank: number;
  /** Unit name (units) or node code (nodes). */
  key: string;
  node: string;
  officers: number;
  quotaMetOfficers: number;
  submitted: number;
  published: number;
  adoptedCounty: number;
  adoptedCity: number;
  newspaper: number;
  publishedAdopted: number;
  adoptionRate: number;
  score: number;
}

const rate = (adopted: number, published: number) => (published > 0 ? Math.round((adopted / published) * 1000) / 1000 : 0);
const round = (n: number) => Math.round(n * 100) / 100;

/** Competition ranking ("1, 2, 2, 4") over a sorted list, equal when `same` says so. */
function withRanks<T>(sorted: T[], same: (a: T, b: T) => boolean): (T & { rank: number })[] {
  const out: (T & { rank: number })[] = [];
  sorted.forEach((row, i) => {
    const rank = i > 0 && same(sorted[i - 1]!, row) ? out[i - 1]!.rank : i + 1;
    out.push({ ...row, rank });
  });
  return out;
}

/** Officers by score, then adoptions, then items reported; ties share a rank; names break ties in order only. */
export function rankOfficers(rows: readonly FigureRow[]): RankedOfficer[] {
  const adopted = (r: FigureRow) => r.figures.adoptedCounty + r.figures.adoptedCity;
  const sorted = [...rows]
    .map((r) => ({ ...r, adoptionRate: rate(r.figures.publishedAdopted, r.figures.published) }))
    .sort(
      (a, b) =>
        b.figures.score - a.figures.score ||
        adopted(b) - adopted(a) ||
        b.figures.submitted - a.figures.submitted ||
        a.node.localeCompare(b.node) ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.officerId.localeCompare(b.officerId),
    );
  return withRanks(
    sorted,
    (a, b) => a.figures.score === b.figures.score && adopted(a) === adopted(b) && a.figures.submitted === b.figures.submitted,
  );
}

/** Units (by node and unit name) or nodes, by total score. */
export function rankGroups(rows: readonly FigureRow[], by: 'unit' | 'node'): RankedGroup[] {
  const groups = new Map<string, Omit<RankedGroup, 'rank'>>();
  for (const r of rows) {
    const id = by === 'unit' ? `${r.node}\u0000${r.unit}` : r.node;
    const g =
      groups.get(id) ??
      ({
        key: by === 'unit' ? r.unit : r.node,
        node: r.node,
        officers: 0,
        quotaMetOfficers: 0,
        submitted: 0,
        published: 0,
        adoptedCounty: 0,
        adoptedCity: 0,
        newspaper: 0,
        publishedAdopted: 0,
        adoptionRate: 0,
        score: 0,
      } satisfies Omit<RankedGroup, 'rank'>);
    g.officers++;
    if (r.figures.quotaMet) g.quotaMetOfficers++;
    g.submitted += r.figures.submitted;
    g.published += r.figures.published;
    g.adoptedCounty += r.figures.adoptedCounty;
    g.adoptedCity += r.figures.adoptedCity;
    g.newspaper += r.figures.newspaper;
    g.publishedAdopted += r.figures.publishedAdopted;
    g.score = round(g.score + r.figures.score);
    groups.set(id, g);
  }
  const sorted = [...groups.values()]
    .map((g) => ({ ...g, adoptionRate: rate(g.publishedAdopted, g.published) }))
    .sort((a, b) => b.score - a.score || b.published - a.published || a.node.localeCompare(b.node) || a.key.localeCompare(b.key, 'zh-CN'));
  return withRanks(sorted, (a, b) => a.score === b.score && a.published === b.published);
}

/**
 * The year's outstanding officers (优秀信息员): officers (not correspondents) with at least the yearly score and the
 * months of quota met the criteria ask, none of their items retracted as false, best first, at most `maxCount`.
 */
export function commendationList(yearRows: readonly FigureRow[], criteria: ScoringRules['commendation']): RankedOfficer[] {
  const eligible = yearRows.filter(
    (r) =>
      r.kind === 'officer' &&
      r.figures.score >= criteria.minYearScore &&
      (r.figures.quotaMonths ?? 0) >= criteria.minQuotaMonths &&
      r.figures.retractedFalse === 0,
  );
  return rankOfficers(eligible).slice(0, criteria.maxCount);
}
