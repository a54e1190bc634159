import { badInput, notFound } from '@djnet/shared';
import { REVIEWER_ROLES, requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import { rejectInbound } from './inbound/copies';
import { loadInbound } from './inbound/inboundItems';
import type { InboundItemDoc } from './syndicationModels';
import { requireSyndication } from './syndicationRuntime';

/** An editor rejects (退稿) an item of the adoption queue with a reason; the origin is told. */
export async function rejectItem(ctx: RequestContext, id: string, reason: string): Promise<InboundItemDoc> {
  const { actor } = requireRole(ctx, REVIEWER_ROLES);
  const why = reason.trim();
  if (!why) throw badInput('退稿须说明理由', { field: 'reason' });
  if (why.length > 500) throw badInput('理由过长（最多 500 字）', { field: 'reason' });
  const rt = requireSyndication(ctx.node);
  if (!(await loadInbound(rt, id))) throw notFound(`待采用稿件不存在：${id}`);
  return rejectInbound(rt, id, actor, why);
}
