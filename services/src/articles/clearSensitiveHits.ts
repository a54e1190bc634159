import { badInput } from '@djnet/shared';
import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ArticleDoc } from './articleModel';
import { clearRevisionHits, pendingRevisionOf } from './articleRevision';
import { applyArticleChange, loadVisibleArticle, requireReviewer, requireStatus } from './articleStore';

/** A reviewer confirms the sensitive-word hits are harmless in context, which unblocks publication. */
export async function clearSensitiveHits(ctx: RequestContext, id: string, note?: string | null): Promise<ArticleDoc> {
  const actor = requireActor(ctx);
  if (note && note.length > 500) throw badInput('说明过长（最多 500 字）', { field: 'note' });
  const doc = await loadVisibleArticle(ctx, id);
  requireReviewer(ctx, actor, '确认敏感词');
  const revision = pendingRevisionOf(doc);
  if (revision) return clearRevisionHits(ctx, actor, doc, revision, note?.trim() || null);
  requireStatus(doc, ['submitted', 'in_review'], '确认敏感词');
  const hits = doc.sensitiveHits.map((h) => (h.cleared ? h : { ...h, cleared: true, clearedBy: actor.name }));
  return applyArticleChange(ctx, actor, doc, {
    set: { sensitiveHits: hits },
    transition: { from: doc.status, to: doc.status, level: doc.reviewLevel, reason: `敏感词已确认${note ? `：${note.trim()}` : ''}` },
  });
}
