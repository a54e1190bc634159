import type { NodeContext } from '../node/nodeContext';
import { loadPrintedManuscripts } from '../newspaper/newspaperScoring';
import { monthRange, type Period } from './months';
import { attributeItems, isOwnItem, itemFacts, ITEM_PROJECTION, type ItemFacts, type ItemSource } from './officerItems';
import type { OfficerDoc, OfficerJobRunDoc, OfficerMonthDoc } from './officerModels';
import type { FigureRow } from './rankings';
import { EMPTY_FIGURES, scoreOfficerMonth, sumFigures, type MonthFigures } from './scoreOfficerMonth';
import { mergeRules, rulesHash, type RulesOverride, type ScoringRules } from './scoringRules';

/** The rules in force on this node: the default, the city's network rules (held here as read from the city), the node's own. */
export async function effectiveRules(
  node: NodeContext,
): Promise<{ rules: ScoringRules; hash: string; local: RulesOverride | null; network: RulesOverride | null }> {
  const docs = await node.models.OfficerRules.find({}).lean();
  const network = (docs.find((d) => d._id === 'network')?.rules as RulesOverride | undefined) ?? null;
  const local = (docs.find((d) => d._id === 'local')?.rules as RulesOverride | undefined) ?? null;
  const rules = mergeRules(network, local);
  return { rules, hash: rulesHash(rules), local, network };
}

/** Whether the officer was on this node's register at any time in [start, end). */
export function presentIn(o: OfficerDoc, start: Date, end: Date): boolean {
  return o.joinedAt < end && (o.leftAt === null || o.leftAt >= start);
}

/** The unit the officer belonged to at an instant (the first unit before they joined). */
export function unitAt(o: OfficerDoc, at: Date): string {
  let unit = o.units[0]?.unit ?? o.unit;
  for (const p of o.units) if (new Date(p.from) < at) unit = p.unit;
  return unit;
}

/**
 * This node's own items with something happening in [start, end) (every event moves `updatedAt` forward), and the
 * manuscripts written here that the newspaper printed in that time (services/src/newspaper).
 */
export async function loadItems(node: NodeContext, start: Date, end: Date): Promise<ItemFacts[]> {
  const docs = await node.models.Article.find({ updatedAt: { $gte: start }, createdAt: { $lt: end } }, ITEM_PROJECTION).lean<
    ItemSource[]
  >();
  const printed = await loadPrintedManuscripts(node, start, end);
  return [...docs.filter((d) => isOwnItem(d, node.config.code)).map(itemFacts), ...printed];
}

/** Figures of some months known already (stored results): month → officer → figures. */
export type KnownMonths = Map<string, Map<string, MonthFigures>>;

/**
 * The pure part: every officer present in the period, their figures (a year sums its months). Months in `known`
 * are taken from there (an officer missing from a known month had nothing in it); the others are scored from the items.
 */
export function figuresFor(
  officers: readonly OfficerDoc[],
  items: readonly ItemFacts[],
  rules: ScoringRules,
  period: Period,
  known: KnownMonths = new Map(),
): FigureRow[] {
  const byOfficer = attributeItems(items, officers);
  const rows: FigureRow[] = [];
  for (const o of officers) {
    if (!presentIn(o, period.start, period.end)) continue;
    const own = byOfficer.get(o._id) ?? [];
    const months = period.months
      .filter((m) => {
        const r = monthRange(m);
        return presentIn(o, r.start, r.end);
      })
      .map((m) => {
        const stored = known.get(m);
        return stored
          ? (stored.get(o._id) ?? { ...EMPTY_FIGURES, quota: rules.quota, short: rules.quota })
          : scoreOfficerMonth(own, rules, m);
      });
    const figures = period.kind === 'month' ? (months[0] ?? scoreOfficerMonth([], rules, period.key)) : sumFigures(months);
    rows.push({ officerId: o._id, name: o.name, kind: o.kind, unit: unitAt(o, period.end), node: o.node, status: o.status, figures });
  }
  return rows;
}

/** Stored figures back into their shape (`points_<kind>` → `points.<kind>`). */
export function unflattenFigures(stored: Record<string, number | boolean>): MonthFigures {
  const f = { ...EMPTY_FIGURES, points: { ...EMPTY_FIGURES.points } } as MonthFigures & Record<string, unknown>;
  for (const [k, v] of Object.entries(stored)) {
    if (k.startsWith('points_')) (f.points as Record<string, number>)[k.slice(7)] = v as number;
    else f[k] = v;
  }
  return f;
}

/**
 * The months of a period whose stored results can stand for a computation: the month's job finished after the
 * month ended, under the rules in force (`hash`). Every event of a closed month has happened (each scores in
 * the month it happened), and the daily job recomputes the previous month throughout the next one, so a late
 * adoption report is in by then.
 */
export async function closedStoredMonths(node: NodeContext, period: Period, hash: string): Promise<KnownMonths> {
  const runs = await node.models.OfficerJobRun.find({ _id: { $in: period.months } }).lean<OfficerJobRunDoc[]>();
  const usable = runs
    .filter((r) => r.status === 'done' && r.rulesHash === hash && r.finishedAt && new Date(r.finishedAt) >= monthRange(r.month).end)
    .map((r) => r.month);
  const known: KnownMonths = new Map(usable.map((m) => [m, new Map()]));
  if (usable.length === 0) return known;
  const docs = await node.models.OfficerMonth.find({ month: { $in: usable } }).lean<OfficerMonthDoc[]>();
  for (const d of docs) if (d.rulesHash === hash) known.get(d.month)?.set(d.officerId, unflattenFigures(d.figures));
  return known;
}

/**
 * Every officer's figures on this node for a period, under the given or current rules. Closed months with stored
 * results are read from those (a few hundred small documents instead of every item); the rest is computed from
 * the items. `live` computes everything from the items (what the monthly job itself does).
 */
export async function computeFigures(
  node: NodeContext,
  period: Period,
  rules?: ScoringRules,
  options: { live?: boolean } = {},
): Promise<FigureRow[]> {
  const current = rules ? { rules, hash: rulesHash(rules) } : await effectiveRules(node);
  const known = options.live ? new Map() : await closedStoredMonths(node, period, current.hash);
  const missing = period.months.filter((m) => !known.has(m));
  const [officers, items] = await Promise.all([
    node.models.Officer.find({}).lean<OfficerDoc[]>(),
    missing.length > 0 ? loadItems(node, monthRange(missing[0]!).start, monthRange(missing[missing.length - 1]!).end) : Promise.resolve([]),
  ]);
  return figuresFor(officers, items, current.rules, period, known);
}
