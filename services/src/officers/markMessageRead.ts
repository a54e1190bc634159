import { notFound } from '@djnet/shared';
import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { OfficerMessageDoc } from './officerModels';
import { officerOfActor } from './officerStore';

/** The officer a message is for marks it read (once; later calls keep the first time). */
export async function markMessageRead(ctx: RequestContext, id: string): Promise<OfficerMessageDoc> {
  requireActor(ctx);
  const own = await officerOfActor(ctx);
  const message =
    typeof id === 'string' && id.length <= 120 ? await ctx.node.models.OfficerMessage.findById(id).lean<OfficerMessageDoc>() : null;
  // Someone else's message does not exist for this actor.
  if (!message || !own || message.officerId !== own._id) throw notFound(`消息不存在：${String(id).slice(0, 120)}`);
  if (message.readAt) return message;
  const readAt = ctx.node.now();
  await ctx.node.models.OfficerMessage.updateOne({ _id: message._id, readAt: null }, { $set: { readAt } });
  return { ...message, readAt };
}
