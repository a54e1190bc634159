import { z } from 'zod';
import { badInput, conflict, notFound } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { CommentDoc } from './readersModels';
import { parseInput, text } from './readersInput';
import { readersOf } from './readersRuntime';

const moderationSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: text(200).optional(),
  /** The moderator has read the sensitive words found and approves anyway. */
  confirmSensitive: z.boolean().optional(),
});
export type ModerationInput = z.input<typeof moderationSchema>;

/** Loads a comment for a moderator of this node (admins and editors; admins above). */
export async function commentForModerator(ctx: RequestContext, id: string): Promise<CommentDoc> {
  requireRole(ctx, ['admin', 'editor']);
  const doc = /^[0-9a-f]{24}$/.test(id) ? await ctx.node.models.Comment.findById(id).lean<CommentDoc>() : null;
  if (!doc) throw notFound('留言评论不存在');
  return doc;
}

/** Writes a change of a comment if nobody changed it meanwhile (compare-and-set on its revision). */
export async function changeComment(ctx: RequestContext, doc: CommentDoc, set: Partial<CommentDoc>): Promise<CommentDoc> {
  const result = await ctx.node.models.Comment.updateOne({ _id: doc._id, revision: doc.revision }, { $set: set, $inc: { revision: 1 } });
  if (result.modifiedCount !== 1) throw conflict('该留言评论刚被他人处理，请刷新后再试');
  const next = { ...doc, ...set, revision: doc.revision + 1 };
  readersOf(ctx.node)?.comments.changed(next);
  ctx.node.publicContentChanged?.(); // gateways drop cached answers that read this node
  return next;
}

/**
 * A moderator approves (shown publicly: nickname, text, date — never the contact) or rejects (with an optional
 * reason, kept for the staff) a comment or message. A comment held for sensitive words is approved only with
 * `confirmSensitive`. Deciding again is allowed (an approved comment may be taken down); the same decision twice
 * is refused.
 */
export async function moderateComment(ctx: RequestContext, id: string, input: ModerationInput): Promise<CommentDoc> {
  const doc = await commentForModerator(ctx, id);
  const { actor } = requireRole(ctx, ['admin', 'editor']);
  const v = parseInput(moderationSchema, input);
  const status = v.decision === 'approve' ? 'approved' : 'rejected';
  if (doc.status === status) throw conflict(status === 'approved' ? '该留言评论已通过' : '该留言评论已不予通过');
  if (status === 'approved' && doc.sensitiveWords.length > 0 && !v.confirmSensitive)
    throw badInput(`含敏感词（${doc.sensitiveWords.join('、')}），请确认后再通过`, { field: 'confirmSensitive' });
  return changeComment(ctx, doc, {
    status,
    moderatedBy: actor.name,
    moderatedAt: ctx.node.now(),
    reason: status === 'rejected' ? (v.reason ?? null) : null,
  });
}
