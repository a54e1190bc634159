import type { Tier } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import { toCsv } from '../officers/csv';
import type { SubscriptionQuotasDoc, SubscriptionReportDoc } from './newspaperModels';

export interface DistributionRow {
  node: string;
  name: string;
  tier: Tier;
  parent: string | null;
  quota: number;
  subscribed: number;
  /** subscribed / quota (null when the quota is 0). */
  rate: number | null;
  /** Rank among the rows of the same tier by rate (ties share a rank); null without a quota. */
  rank: number | null;
  reportedAt: Date | null;
}

export interface DistributionRollup {
  year: number;
  deadline: string | null;
  remindDays: number | null;
  counties: DistributionRow[];
  townships: DistributionRow[];
  total: { quota: number; subscribed: number; rate: number | null };
}

const rate = (subscribed: number, quota: number) => (quota > 0 ? Math.round((subscribed / quota) * 10_000) / 10_000 : null);

function ranked(rows: DistributionRow[]): DistributionRow[] {
  const sorted = [...rows].sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.subscribed - a.subscribed || a.node.localeCompare(b.node));
  let rank = 0;
  let prev: number | null | undefined;
  sorted.forEach((r, i) => {
    if (r.rate === null) return;
    if (r.rate !== prev) rank = i + 1;
    prev = r.rate;
    r.rank = rank;
  });
  return sorted;
}

/**
 * Completion of the year's subscription quotas, a pure function of the quota table and the reports: a township's
 * own units against its quota; a county's own units plus its townships' against the county's quota; the total
 * (the city, or a county's subtree) against the sum of the county quotas (or the county's own quota).
 */
export function rollUp(
  year: number,
  quotas: SubscriptionQuotasDoc | null,
  reports: readonly SubscriptionReportDoc[],
  scope: { code: string; tier: Tier },
): DistributionRollup {
  const rows = quotas?.quotas ?? [];
  const own = new Map(reports.map((r) => [r.node, r]));
  const parentOf = new Map<string, string | null>([
    ...rows.map((q) => [q.node, q.parent] as const),
    ...reports.map((r) => [r.node, r.parent] as const),
  ]);
  const subtreeTotal = (county: string) =>
    reports.filter((r) => r.node === county || parentOf.get(r.node) === county).reduce((s, r) => s + r.total, 0);
  const inScope = (node: string, parent: string | null) => scope.tier === 'city' || node === scope.code || parent === scope.code;
  const row = (q: (typeof rows)[number], subscribed: number): DistributionRow => ({
    node: q.node,
    name: q.name,
    tier: q.tier,
    parent: q.parent,
    quota: q.quota,
    subscribed,
    rate: rate(subscribed, q.quota),
    rank: null,
    reportedAt: own.get(q.node)?.reportedAt ?? null,
  });
  const counties = rows.filter((q) => q.tier === 'county' && inScope(q.node, q.parent)).map((q) => row(q, subtreeTotal(q.node)));
  const townships = rows.filter((q) => q.tier === 'township' && inScope(q.node, q.parent)).map((q) => row(q, own.get(q.node)?.total ?? 0));
  let total: DistributionRollup['total'];
  if (scope.tier === 'city') {
    const quota = counties.reduce((s, c) => s + c.quota, 0);
    const subscribed = reports.reduce((s, r) => s + r.total, 0);
    total = { quota, subscribed, rate: rate(subscribed, quota) };
  } else {
    const mine = rows.find((q) => q.node === scope.code);
    const subscribed = scope.tier === 'county' ? subtreeTotal(scope.code) : (own.get(scope.code)?.total ?? 0);
    total = { quota: mine?.quota ?? 0, subscribed, rate: rate(subscribed, mine?.quota ?? 0) };
  }
  return {
    year,
    deadline: quotas?.deadline ?? null,
    remindDays: quotas?.remindDays ?? null,
    counties: ranked(counties),
    townships: ranked(townships),
    total,
  };
}

/** The roll-up as this node sees it: the city the whole network, a county its subtree, a township itself. */
export async function distributionRollup(node: NodeContext, year: number): Promise<DistributionRollup> {
  const [quotas, reports] = await Promise.all([
    node.models.SubscriptionQuotas.findById(String(year)).lean<SubscriptionQuotasDoc>(),
    node.models.SubscriptionReport.find({ year }).lean<SubscriptionReportDoc[]>(),
  ]);
  return rollUp(year, quotas, reports, { code: node.config.code, tier: node.config.tier });
}

const pct = (r: number | null) => (r === null ? '' : `${(r * 100).toFixed(1)}%`);

/** The roll-up as CSV (RFC 4180, UTF-8 BOM, formula-safe): counties, then townships, then the total. */
export function distributionCsv(r: DistributionRollup): string {
  const line = (level: string, x: DistributionRow) => [
    level,
    x.rank ?? '',
    x.node,
    x.name,
    x.parent ?? '',
    x.quota,
    x.subscribed,
    pct(x.rate),
  ];
  return toCsv(
    ['层级', '排名', '节点代码', '名称', '上级', '任务数', '已订数', '完成率'],
    [
      ...r.counties.map((c) => line('县区', c)),
      ...r.townships.map((t) => line('乡镇', t)),
      ['合计', '', '', '', '', r.total.quota, r.total.subscribed, pct(r.total.rate)],
    ],
  );
}
