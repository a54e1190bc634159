import { forbidden } from '@djnet/shared';
import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import { parseArticleInput } from './articleInput';
import type { ArticleDoc } from './articleModel';
import { applyArticleChange, isReviewer, loadVisibleArticle, requireStatus } from './articleStore';
import { screenSensitiveWords } from './sensitiveScreen';
import { loadSensitiveWords } from './sensitiveWordList';

/**
 * Edits an article. Drafts and returned items: their author or a reviewer. Items under review: reviewers (the
 * screen runs again). Published items: reviewers; the edit makes a new version and the old one is kept.
 */
export async function updateArticle(ctx: RequestContext, id: string, input: unknown): Promise<ArticleDoc> {
  const actor = requireActor(ctx);
  const doc = await loadVisibleArticle(ctx, id);
  requireStatus(doc, ['draft', 'returned', 'submitted', 'in_review', 'published'], '修改');
  const reviewer = isReviewer(ctx, actor);
  if (!reviewer && !(doc.createdBy === actor.accountId && (doc.status === 'draft' || doc.status === 'returned'))) {
    throw forbidden(doc.createdBy === actor.accountId ? '稿件已报送，只有编辑可以修改' : '只能修改自己的稿件');
  }
  const patch = await parseArticleInput(ctx.node.models, input, { requireTitleAndChannel: false });
  const merged = { ...doc, ...patch };
  const set: Partial<ArticleDoc> = { ...patch };
  if (doc.status === 'submitted' || doc.status === 'in_review') {
    set.sensitiveHits = screenSensitiveWords(merged, await loadSensitiveWords(ctx.node), doc.sensitiveHits);
  }
  if (doc.status === 'published') {
    // Keep the version being replaced; writing the same snapshot twice is harmless (_id is article:version).
    const now = ctx.node.now();
    await ctx.node.models.ArticleVersion.updateOne(
      { _id: `${String(doc._id)}:${doc.version}` },
      {
        $setOnInsert: {
          articleId: String(doc._id),
          version: doc.version,
          title: doc.title,
          subtitle: doc.subtitle,
          summary: doc.summary,
          body: doc.body,
          tags: doc.tags,
          channel: doc.channel,
          editedAt: now,
          editedBy: actor.name,
        },
      },
      { upsert: true },
    );
    set.version = doc.version + 1;
  }
  return applyArticleChange(ctx, actor, doc, { set });
}
