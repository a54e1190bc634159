import { z } from 'zod';
import type { NodeContext } from '../node/nodeContext';
import { peerAuthorization } from '../syndication/peerAuth';
import type { Period } from './months';
import { computeFigures } from './officerFigures';
import type { FigureRow } from './rankings';

/** Where a node below's figures came from: read now, or the copy held from an earlier read (stale), or none. */
export interface FiguresSource {
  node: string;
  fetchedAt: Date | null;
  stale: boolean;
  error: string | null;
  officers: number;
}

export interface CollectedFigures {
  rows: FigureRow[];
  sources: FiguresSource[];
}

/** A neighbour of this node in the tree, as syndication knows it (URL once it registered). */
export type ChildPeer = { code: string; url: string | null };

const rowSchema = z.object({
  officerId: z.string(),
  name: z.string(),
  kind: z.enum(['officer', 'correspondent']),
  unit: z.string(),
  node: z.string(),
  status: z.string(),
  figures: z.record(z.string(), z.unknown()),
});
const answerSchema = z.object({ rows: z.array(rowSchema).max(100_000), sources: z.array(z.unknown()).optional() });

export const FIGURES_PURPOSE = 'officers:figures';

/**
 * The figures of this node's subtree for a period (the rolled-up view; no node reads another's database): this
 * node's own, computed here, and each child's subtree, read from the child over HTTP (`GET /officers/figures`,
 * signed with this node's key like syndication requests; the child answers its parent only, and asks its own
 * children the same way). A child that cannot be read contributes the copy kept from its last answer, marked stale.
 * A node asks its children with `timeoutMs` (30 s; the top of a roll-up, answering a person, allows 60 s, so a
 * county asked by the city still has time to hear from its townships).
 */
export async function collectFigures(
  node: NodeContext,
  period: Period,
  children: readonly ChildPeer[],
  timeoutMs = 30_000,
): Promise<CollectedFigures> {
  const own = await computeFigures(node, period);
  const results = await Promise.all(children.map((child) => readChild(node, period, child, timeoutMs)));
  return {
    rows: [...own, ...results.flatMap((r) => r.rows)],
    sources: [
      { node: node.config.code, fetchedAt: node.now(), stale: false, error: null, officers: own.length },
      ...results.flatMap((r) => r.sources),
    ],
  };
}

async function readChild(node: NodeContext, period: Period, child: ChildPeer, timeoutMs: number): Promise<CollectedFigures> {
  const id = `${child.code}:${period.key}`;
  try {
    if (!child.url) throw new Error('下级节点尚未注册地址');
    const response = await fetch(`${child.url}/officers/figures?period=${encodeURIComponent(period.key)}`, {
      headers: { authorization: peerAuthorization(node, child.code, FIGURES_PURPOSE) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = answerSchema.parse(await response.json());
    const rows = body.rows as unknown as FigureRow[];
    const fetchedAt = node.now();
    await node.models.NetworkFigures.replaceOne({ _id: id }, { node: child.code, period: period.key, rows, fetchedAt }, { upsert: true });
    const below = (body.sources ?? []) as FiguresSource[];
    return {
      rows,
      sources: below.length > 0 ? below : [{ node: child.code, fetchedAt, stale: false, error: null, officers: rows.length }],
    };
  } catch (e) {
    const reason = (e as Error).message.slice(0, 200);
    node.log.warn({ child: child.code, period: period.key, err: reason }, '读取下级节点信息员统计失败');
    const held = await node.models.NetworkFigures.findById(id).lean();
    return {
      rows: (held?.rows ?? []) as unknown as FigureRow[],
      sources: [{ node: child.code, fetchedAt: held?.fetchedAt ?? null, stale: true, error: reason, officers: held?.rows.length ?? 0 }],
    };
  }
}
