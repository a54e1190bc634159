import { Types } from 'mongoose';
import { requireRole, WRITER_ROLES } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import { parseArticleInput } from './articleInput';
import type { ArticleDoc } from './articleModel';
import { insertArticles } from './articleStore';

/** An officer, correspondent, editor or admin starts a draft on this node. */
export async function createArticle(ctx: RequestContext, input: unknown): Promise<ArticleDoc> {
  const { actor } = requireRole(ctx, WRITER_ROLES);
  const patch = await parseArticleInput(ctx.node.models, input, { requireTitleAndChannel: true });
  const now = ctx.node.now();
  const doc: ArticleDoc = {
    _id: new Types.ObjectId(),
    node: ctx.node.config.code,
    title: patch.title!,
    subtitle: patch.subtitle ?? null,
    author: patch.author ?? actor.name,
    officer: patch.officer ?? (actor.role === 'officer' ? actor.name : null),
    sourceUnit: patch.sourceUnit ?? null,
    channel: patch.channel!,
    tags: patch.tags ?? [],
    summary: patch.summary ?? null,
    body: patch.body ?? '',
    bodyText: patch.bodyText ?? '',
    coverImageId: patch.coverImageId ?? null,
    attachmentIds: patch.attachmentIds ?? [],
    status: 'draft',
    reviewLevel: null,
    reason: null,
    createdBy: actor.accountId,
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
    version: 1,
    revision: 0,
    viewCount: 0,
    transitions: [{ at: now, by: actor.accountId, byName: actor.name, from: null, to: 'draft', level: null, reason: null }],
    sensitiveHits: [],
    importKey: null,
  };
  await insertArticles(ctx.node, [doc]);
  return doc;
}
