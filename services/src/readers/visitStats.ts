import { z } from 'zod';
import { badInput } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import type { ChildPeer } from '../officers/networkFigures';
import { peerAuthorization } from '../syndication/peerAuth';
import type { VisitDayDoc } from './readersModels';
import { chinaDay } from './visitCounter';

export const VISITS_PURPOSE = 'readers:visits';
/** Longest span asked at once. */
const MAX_DAYS = 366;

/** A node's page views and unique visitors of one day. */
export interface NodeDay {
  node: string;
  /** The node's parent (so a reader can total a county with its townships). */
  parent: string | null;
  day: string;
  pv: number;
  uv: number;
}

export interface VisitSource {
  node: string;
  fetchedAt: Date | null;
  stale: boolean;
  error: string | null;
}

/** A subtree's daily rows, every node in it (with its parent, so totals roll up even where a node had no visits), and where they came from. */
export interface CollectedVisits {
  rows: NodeDay[];
  nodes: { node: string; parent: string | null }[];
  sources: VisitSource[];
}

export interface DayRange {
  from: string;
  to: string;
}

/** A span of China-time days, `YYYY-MM-DD` each; defaults to the last 30 days. */
export function dayRange(node: NodeContext, from?: string | null, to?: string | null): DayRange {
  const today = chinaDay(node.now());
  const end = to || today;
  const start = from || chinaDay(new Date(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000));
  for (const [field, v] of [
    ['from', start],
    ['to', end],
  ] as const)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw badInput('日期须为 YYYY-MM-DD', { field });
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
  if (days < 0) throw badInput('开始日期须不晚于结束日期', { field: 'from' });
  if (days >= MAX_DAYS) throw badInput(`一次最多查询 ${MAX_DAYS} 天`, { field: 'from' });
  return { from: start, to: end };
}

/** Every stored day document of a span (one scan of `visit_days`: FerretDB reads the collection for a range). */
async function daysOf(node: NodeContext, range: DayRange, scopePrefix?: string): Promise<VisitDayDoc[]> {
  const docs = await node.models.VisitDay.find({ day: { $gte: range.from, $lte: range.to } }).lean<VisitDayDoc[]>();
  return scopePrefix === undefined ? docs : docs.filter((d) => d.scope === scopePrefix || d.scope.startsWith(scopePrefix));
}

/** This node's own daily totals (its stored counts plus what it counted and has not written yet is left out). */
export async function ownNodeDays(node: NodeContext, range: DayRange): Promise<NodeDay[]> {
  const docs = await daysOf(node, range, 'node');
  return docs
    .filter((d) => d.scope === 'node')
    .map((d) => ({ node: node.config.code, parent: node.config.parent ?? null, day: d.day, pv: d.pv, uv: d.uv }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** Channels or articles of this node by page views over a span (summed per scope in application code). */
export async function topScopes(
  node: NodeContext,
  range: DayRange,
  kind: 'channel' | 'article',
  first = 20,
): Promise<{ key: string; pv: number; uv: number }[]> {
  const docs = await daysOf(node, range, `${kind}:`);
  const sums = new Map<string, { pv: number; uv: number }>();
  for (const d of docs) {
    const key = d.scope.slice(kind.length + 1);
    const s = sums.get(key) ?? { pv: 0, uv: 0 };
    s.pv += d.pv;
    s.uv += d.uv;
    sums.set(key, s);
  }
  return [...sums]
    .map(([key, s]) => ({ key, ...s }))
    .sort((a, b) => b.pv - a.pv || a.key.localeCompare(b.key))
    .slice(0, first);
}

const answerSchema = z.object({
  rows: z
    .array(z.object({ node: z.string(), parent: z.string().nullable(), day: z.string(), pv: z.number(), uv: z.number() }))
    .max(200_000),
  nodes: z
    .array(z.object({ node: z.string(), parent: z.string().nullable() }))
    .max(10_000)
    .optional(),
  sources: z
    .array(z.object({ node: z.string(), fetchedAt: z.string().nullable(), stale: z.boolean(), error: z.string().nullable() }))
    .optional(),
});

/**
 * The daily totals of this node's subtree (the roll-up; no node reads another's database): its own, and each
 * child's subtree read from the child over HTTP (`GET /readers/visits`, signed with this node's key as in
 * syndication; the child answers its parent only and asks its own children the same way) — so the city sees every
 * township through its counties. A child that cannot be read contributes its last answer, marked stale.
 */
export async function collectVisits(
  node: NodeContext,
  range: DayRange,
  children: readonly ChildPeer[],
  timeoutMs = 30_000,
): Promise<CollectedVisits> {
  const own = await ownNodeDays(node, range);
  const results = await Promise.all(children.map((child) => readChild(node, range, child, timeoutMs)));
  return {
    rows: [...own, ...results.flatMap((r) => r.rows)],
    nodes: [{ node: node.config.code, parent: node.config.parent ?? null }, ...results.flatMap((r) => r.nodes)],
    sources: [{ node: node.config.code, fetchedAt: node.now(), stale: false, error: null }, ...results.flatMap((r) => r.sources)],
  };
}

async function readChild(node: NodeContext, range: DayRange, child: ChildPeer, timeoutMs: number): Promise<CollectedVisits> {
  const id = `${child.code}|${range.from}|${range.to}`;
  try {
    if (!child.url) throw new Error('下级节点尚未注册地址');
    const response = await fetch(`${child.url}/readers/visits?from=${range.from}&to=${range.to}`, {
      headers: { authorization: peerAuthorization(node, child.code, VISITS_PURPOSE) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = answerSchema.parse(await response.json());
    const fetchedAt = node.now();
    const nodes = body.nodes ?? [{ node: child.code, parent: node.config.code }];
    await node.models.VisitRollup.replaceOne({ _id: id }, { rows: body.rows, nodes, fetchedAt }, { upsert: true });
    const below = (body.sources ?? []).map((s) => ({ ...s, fetchedAt: s.fetchedAt ? new Date(s.fetchedAt) : null }));
    return { rows: body.rows, nodes, sources: below.length > 0 ? below : [{ node: child.code, fetchedAt, stale: false, error: null }] };
  } catch (e) {
    const reason = (e as Error).message.slice(0, 200);
    node.log.warn({ child: child.code, err: reason }, '读取下级节点访问统计失败');
    const held = await node.models.VisitRollup.findById(id).lean();
    return {
      rows: (held?.rows ?? []) as NodeDay[],
      nodes: (held?.nodes as CollectedVisits['nodes'] | undefined) ?? [{ node: child.code, parent: node.config.code }],
      sources: [{ node: child.code, fetchedAt: held?.fetchedAt ?? null, stale: true, error: reason }],
    };
  }
}

/** Totals per node over the span, and per node with its whole subtree (a county with its townships). */
export function summarise(rows: readonly NodeDay[], nodes: CollectedVisits['nodes'] = []) {
  const parents = new Map([...rows.map((r) => [r.node, r.parent] as const), ...nodes.map((n) => [n.node, n.parent] as const)]);
  const parentOf = (code: string) => parents.get(code) ?? null;
  const perNode = new Map<string, { pv: number; uv: number }>(nodes.map((n) => [n.node, { pv: 0, uv: 0 }]));
  for (const r of rows) {
    const s = perNode.get(r.node) ?? { pv: 0, uv: 0 };
    s.pv += r.pv;
    s.uv += r.uv;
    perNode.set(r.node, s);
  }
  const subtree = new Map<string, { pv: number; uv: number }>();
  for (const [code, s] of perNode) {
    for (let at: string | null = code; at; at = parentOf(at)) {
      const t = subtree.get(at) ?? { pv: 0, uv: 0 };
      t.pv += s.pv;
      t.uv += s.uv;
      subtree.set(at, t);
    }
  }
  return { perNode, subtree };
}
