import { z } from 'zod';
import { badInput } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { CommentDoc } from './readersModels';
import { changeComment, commentForModerator } from './moderateComment';
import { parseInput, text } from './readersInput';

const replySchema = z.object({ reply: text(2000, 2), confirmSensitive: z.boolean().optional() });

/**
 * The node answers a reader's message (领导信箱 style): the reply is published beside the message, which is
 * approved with it (a message held for sensitive words needs `confirmSensitive`, as in moderation). Replying
 * again replaces the reply.
 */
export async function replyToMessage(ctx: RequestContext, id: string, input: z.input<typeof replySchema>): Promise<CommentDoc> {
  const doc = await commentForModerator(ctx, id);
  const { actor } = requireRole(ctx, ['admin', 'editor']);
  const v = parseInput(replySchema, input);
  if (doc.kind !== 'message') throw badInput('只能答复留言，文章评论无需答复', { field: 'reply' });
  if (doc.status !== 'approved' && doc.sensitiveWords.length > 0 && !v.confirmSensitive)
    throw badInput(`含敏感词（${doc.sensitiveWords.join('、')}），请确认后再答复发布`, { field: 'confirmSensitive' });
  const now = ctx.node.now();
  return changeComment(ctx, doc, {
    reply: v.reply,
    repliedBy: actor.name,
    repliedAt: now,
    status: 'approved',
    moderatedBy: doc.status === 'approved' ? doc.moderatedBy : actor.name,
    moderatedAt: doc.status === 'approved' ? doc.moderatedAt : now,
  });
}
