import { badInput } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { parsePeriod, type Period } from './months';
import { collectFigures, type FiguresSource } from './networkFigures';
import { computeFigures, effectiveRules } from './officerFigures';
import { requireOfficerReader } from './officerStore';
import { officersOf } from './officersRuntime';
import { commendationList, rankGroups, rankOfficers, type FigureRow, type RankedGroup, type RankedOfficer } from './rankings';
import type { OfficerKind } from './officerModels';

export type RankingScope = 'node' | 'network';

export interface Ranking {
  period: Period;
  scope: RankingScope;
  officers: RankedOfficer[];
  units: RankedGroup[];
  nodes: RankedGroup[];
  sources: FiguresSource[];
  generatedAt: Date;
}

/**
 * Rankings (通报) of officers, units and nodes for a month or a year, computed now from the items and the rules in
 * force: `node` this node's officers, `network` this node's whole subtree (the city: the network) rolled up from
 * the nodes below. Readers: the node's admins and editors, admins above.
 */
export async function officerRanking(
  ctx: RequestContext,
  periodText: string,
  scope: RankingScope = 'node',
  kind: OfficerKind | null = 'officer',
): Promise<Ranking> {
  requireOfficerReader(ctx);
  if (scope !== 'node' && scope !== 'network') throw badInput('范围须为 node 或 network', { field: 'scope' });
  const period = parsePeriod(periodText);
  let rows: FigureRow[];
  let sources: FiguresSource[];
  if (scope === 'network') {
    ({ rows, sources } = await collectFigures(ctx.node, period, officersOf(ctx.node)?.children() ?? [], 60_000));
  } else {
    rows = await computeFigures(ctx.node, period);
    sources = [{ node: ctx.node.config.code, fetchedAt: ctx.node.now(), stale: false, error: null, officers: rows.length }];
  }
  const selected = kind ? rows.filter((r) => r.kind === kind) : rows;
  return {
    period,
    scope,
    officers: rankOfficers(selected),
    units: rankGroups(selected, 'unit'),
    nodes: rankGroups(selected, 'node'),
    sources,
    generatedAt: ctx.node.now(),
  };
}

/** The year's outstanding officers (优秀信息员) by the commendation criteria in force. */
export async function commendation(
  ctx: RequestContext,
  year: number,
  scope: RankingScope = 'node',
): Promise<{ criteria: unknown; officers: RankedOfficer[]; sources: FiguresSource[] }> {
  if (!Number.isInteger(year)) throw badInput('年份须为整数', { field: 'year' });
  const ranking = await officerRanking(ctx, String(year), scope, 'officer');
  const { rules } = await effectiveRules(ctx.node);
  const rows = ranking.officers.map(({ rank: _rank, adoptionRate: _rate, ...row }) => row);
  return { criteria: rules.commendation, officers: commendationList(rows, rules.commendation), sources: ranking.sources };
}

/** Active officers under the month's quota (node admins see who is short). */
export async function shortOfficers(ctx: RequestContext, month: string): Promise<FigureRow[]> {
  requireOfficerReader(ctx);
  const period = parsePeriod(month);
  if (period.kind !== 'month') throw badInput('须为月份 YYYY-MM', { field: 'month' });
  const rows = await computeFigures(ctx.node, period);
  return rows
    .filter((r) => r.kind === 'officer' && r.status === 'active' && !r.figures.quotaMet)
    .sort((a, b) => b.figures.short - a.figures.short || a.name.localeCompare(b.name, 'zh-CN'));
}
