import { conflict, notFound } from '@djnet/shared';
import { REVIEWER_ROLES, requireRole } from '../accounts/permissions';
import type { ArticleDoc } from '../articles/articleModel';
import type { RequestContext } from '../graphql/requestContext';
import { adoptInbound } from './inbound/copies';
import { loadInbound } from './inbound/inboundItems';
import { requireSyndication } from './syndicationRuntime';

/**
 * An editor (or admin) adopts (采用) an item from the adoption queue, optionally into a local channel (default:
 * the item's own channel of the shared tree). The copy is published here with its provenance and goes on up;
 * the adoption is reported back to the origin. A rejected item may still be adopted later.
 */
export async function adoptItem(ctx: RequestContext, id: string, channel?: string | null): Promise<ArticleDoc> {
  const { actor } = requireRole(ctx, REVIEWER_ROLES);
  const rt = requireSyndication(ctx.node);
  const item = await loadInbound(rt, id);
  if (!item) throw notFound(`待采用稿件不存在：${id}`);
  const article = await adoptInbound(rt, item, { actor, channel: channel ?? null, auto: false });
  if (!article) throw conflict('采用未完成，请重试');
  return article;
}
