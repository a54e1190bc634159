import { badInput, forbidden } from '@djnet/shared';
import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ArticleDoc } from './articleModel';
import { applyArticleChange, isReviewer, loadVisibleArticle, requireStatus } from './articleStore';
import { screenSensitiveWords } from './sensitiveScreen';
import { loadSensitiveWords } from './sensitiveWordList';

/** The author (or a reviewer) reports a draft or a returned item for review; the sensitive-word screen runs. */
export async function submitArticle(ctx: RequestContext, id: string): Promise<ArticleDoc> {
  const actor = requireActor(ctx);
  const doc = await loadVisibleArticle(ctx, id);
  if (doc.createdBy !== actor.accountId && !isReviewer(ctx, actor)) throw forbidden('只能报送自己的稿件');
  requireStatus(doc, ['draft', 'returned'], '报送');
  if (!doc.bodyText.trim()) throw badInput('正文为空，不能报送', { field: 'body' });
  const hits = screenSensitiveWords(doc, await loadSensitiveWords(ctx.node), doc.sensitiveHits);
  return applyArticleChange(ctx, actor, doc, {
    set: { status: 'submitted', reviewLevel: null, reason: null, sensitiveHits: hits },
    transition: { from: doc.status, to: 'submitted' },
  });
}
