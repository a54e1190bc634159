import { conflict, notFound } from '@djnet/shared';
import { REVIEWER_ROLES, requireRole } from '../accounts/permissions';
import type { ArticleDoc } from '../articles/articleModel';
import { loadArticle } from '../articles/articleStore';
import type { RequestContext } from '../graphql/requestContext';
import { applyOriginContent } from './inbound/copies';
import { loadInbound } from './inbound/inboundItems';
import { requireSyndication } from './syndicationRuntime';

/**
 * An editor accepts the origin's update of an adopted copy that was edited here (shown as its
 * pendingOriginUpdate): the origin's latest content replaces the local edit as a new version.
 */
export async function acceptOriginUpdate(ctx: RequestContext, articleId: string): Promise<ArticleDoc> {
  const { actor } = requireRole(ctx, REVIEWER_ROLES);
  const rt = requireSyndication(ctx.node);
  const article = await loadArticle(ctx.node, articleId);
  if (!article.syndicatedFrom) throw notFound('该文章不是采用的稿件');
  const item = await loadInbound(rt, article.syndicatedFrom);
  if (!item?.pendingUpdate || !item.payload) throw conflict('没有待确认的来源更新');
  if (item.tombstone || article.status !== 'published') throw conflict('来源稿件已撤回或本站已撤稿');
  return applyOriginContent(rt, item, article, actor);
}
