import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ArticleDoc } from './articleModel';
import { applyArticleChange, loadVisibleArticle, requireReviewer, requireStatus } from './articleStore';

/** A reviewer takes a reported item into review at the first level. */
export async function startReview(ctx: RequestContext, id: string): Promise<ArticleDoc> {
  const actor = requireActor(ctx);
  const doc = await loadVisibleArticle(ctx, id);
  requireReviewer(ctx, actor, '审核稿件');
  requireStatus(doc, ['submitted'], '开始审核');
  return applyArticleChange(ctx, actor, doc, {
    set: { status: 'in_review', reviewLevel: 1, reviewSigners: [] },
    transition: { from: 'submitted', to: 'in_review', level: 1 },
  });
}
