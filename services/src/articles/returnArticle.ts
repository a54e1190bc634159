import { badInput } from '@djnet/shared';
import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ArticleDoc } from './articleModel';
import { discardRevision, pendingRevisionOf } from './articleRevision';
import { applyArticleChange, loadVisibleArticle, requireReviewer, requireStatus } from './articleStore';

/** A reviewer sends a reported or in-review item back to its author, with a reason (a correction: discards it). */
export async function returnArticle(ctx: RequestContext, id: string, reason: string): Promise<ArticleDoc> {
  const actor = requireActor(ctx);
  const why = reason.trim();
  if (!why) throw badInput('退回须说明理由', { field: 'reason' });
  if (why.length > 500) throw badInput('理由过长（最多 500 字）', { field: 'reason' });
  const doc = await loadVisibleArticle(ctx, id);
  requireReviewer(ctx, actor, '退回稿件');
  const revision = pendingRevisionOf(doc);
  if (revision) return discardRevision(ctx, actor, doc, revision, why);
  requireStatus(doc, ['submitted', 'in_review'], '退回');
  return applyArticleChange(ctx, actor, doc, {
    set: { status: 'returned', reviewLevel: null, reason: why },
    transition: { from: doc.status, to: 'returned', level: doc.reviewLevel, reason: why },
  });
}
