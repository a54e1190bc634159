import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { badInput } from '@djnet/shared';
import { screenSensitiveWords } from '../articles/sensitiveScreen';
import { loadSensitiveWords } from '../articles/sensitiveWordList';
import { catalogOf } from '../catalog/catalogQueries';
import type { NodeContext } from '../node/nodeContext';
import type { CommentDoc } from './readersModels';
import { parseInput, text } from './readersInput';
import { readersOf } from './readersRuntime';

const commentSchema = z.object({
  kind: z.enum(['comment', 'message']),
  article: z.string().trim().max(80).optional().nullable(),
  nickname: text(20).optional(),
  contact: text(60).optional(),
  subject: text(60).optional(),
  body: text(1000, 2),
});
export type CommentInput = z.input<typeof commentSchema>;

/**
 * A reader's comment on a published article, or message to the node (留言). Every one waits for a moderator
 * (pending); the sensitive-word screen runs over what the reader wrote, and a comment with hits is held: a
 * moderator must confirm the words to approve it. The contact and the visitor hash are kept for the moderators
 * only. Rate limits and the proof of work are checked by the route before this is called.
 */
export async function submitComment(node: NodeContext, input: CommentInput, visitorHash: string): Promise<CommentDoc> {
  const v = parseInput(commentSchema, input);
  let article: string | null = null;
  if (v.kind === 'comment') {
    article = v.article ?? '';
    if (!/^[0-9a-f]{24}$/.test(article) || catalogOf(node).signatureOf(article) === undefined)
      throw badInput('评论的文章不存在或已撤回', { field: 'article' });
  } else if (!v.subject) {
    throw badInput('主题：不能为空', { field: 'subject' });
  }
  const words = await loadSensitiveWords(node);
  const hits = screenSensitiveWords({ title: v.subject ?? '', subtitle: v.nickname ?? null, summary: null, bodyText: v.body }, words);
  const now = node.now();
  const doc: CommentDoc = {
    _id: randomBytes(12).toString('hex'),
    kind: v.kind,
    article,
    nickname: v.nickname || '网友',
    contact: v.contact ?? '',
    subject: v.subject ?? '',
    body: v.body,
    status: 'pending',
    sensitiveWords: [...new Set(hits.map((h) => h.word))],
    visitorHash,
    createdAt: now,
    moderatedBy: null,
    moderatedAt: null,
    reason: null,
    reply: null,
    repliedBy: null,
    repliedAt: null,
    revision: 1,
  };
  await node.models.Comment.create(doc);
  readersOf(node)?.comments.pendingChanged();
  return doc;
}
