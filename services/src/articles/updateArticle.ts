import { forbidden } from '@djnet/shared';
import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import { parseArticleInput } from './articleInput';
import type { ArticleDoc } from './articleModel';
import { applyArticleChange, isReviewer, loadVisibleArticle, requireStatus } from './articleStore';
import { screenSensitiveWords } from './sensitiveScreen';
import { loadSensitiveWords } from './sensitiveWordList';
import { proposeRevision } from './articleRevision';

/**
 * Edits an article. Drafts and returned items: their author or a reviewer. Items under review: reviewers (the
 * screen runs again). Published items: reviewers; the edit becomes the item's pending revision, which goes through
 * review like a new item before it replaces the live version (articleRevision.ts).
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
  // A correction of a published item waits for review as its pending revision; the public keeps the live text.
  if (doc.status === 'published') return proposeRevision(ctx, actor, doc, patch);
  return applyArticleChange(ctx, actor, doc, { set });
}
