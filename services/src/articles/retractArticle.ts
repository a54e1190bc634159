import { badInput } from '@djnet/shared';
import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ArticleDoc } from './articleModel';
import { applyArticleChange, loadVisibleArticle, requireReviewer, requireStatus } from './articleStore';

/** A reviewer takes a published article down (撤稿), with a reason. */
export async function retractArticle(ctx: RequestContext, id: string, reason: string): Promise<ArticleDoc> {
  const actor = requireActor(ctx);
  const why = reason.trim();
  if (!why) throw badInput('撤稿须说明理由', { field: 'reason' });
  if (why.length > 500) throw badInput('理由过长（最多 500 字）', { field: 'reason' });
  const doc = await loadVisibleArticle(ctx, id);
  requireReviewer(ctx, actor, '撤稿');
  requireStatus(doc, ['published'], '撤稿');
  return applyArticleChange(ctx, actor, doc, {
    set: { status: 'retracted', reason: why },
    transition: { from: 'published', to: 'retracted', reason: why },
  });
}
