import { badInput, notFound } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { EdgePuller } from './edgePuller';
import { syndicationOf } from './syndicationRuntime';
import type { Syndication } from './syndication';
import type { Stream } from './syndicationTypes';

function edgeOf(ctx: RequestContext, peer: string, stream: Stream): EdgePuller {
  const syndication = syndicationOf(ctx.node) as Syndication | undefined;
  const edge = syndication?.edge(peer, stream);
  if (!edge) throw notFound(`没有同步通道 ${peer}（${stream === 'up' ? '上行' : '下行'}）`);
  return edge;
}

/** Admin: applies an edge again from a sequence (idempotent: only what is missing changes). Resolves once caught up. */
export async function replayEdge(ctx: RequestContext, peer: string, stream: Stream, fromSeq: number): Promise<EdgePuller> {
  requireRole(ctx, ['admin']);
  if (!Number.isInteger(fromSeq) || fromSeq < 1) throw badInput('起始序号须为正整数', { field: 'fromSeq' });
  const edge = edgeOf(ctx, peer, stream);
  await edge.replay(fromSeq);
  return edge;
}

/** Admin: the adoption policy of a child's edge (true: adopt automatically; null: the node's default). */
export async function setEdgePolicy(ctx: RequestContext, peer: string, autoAdopt: boolean | null): Promise<EdgePuller> {
  requireRole(ctx, ['admin']);
  const edge = edgeOf(ctx, peer, 'up');
  await edge.setAutoAdopt(autoAdopt);
  return edge;
}
