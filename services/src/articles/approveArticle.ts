import { forbidden } from '@djnet/shared';
import { maxReviewLevel, requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ArticleDoc } from './articleModel';
import { applyArticleChange, loadVisibleArticle, requireReviewer, requireStatus } from './articleStore';
import { approveRevision, pendingRevisionOf, requireHitsCleared } from './articleRevision';
import { reviewLevelsOf } from './reviewLevels';

const LEVEL_NAMES = ['', '初审', '复审', '终审'];

/**
 * A reviewer signs the current review level (editor, department head, leader as in 三审). Below the node's last
 * level the item moves up a level; the last level publishes it — only once every sensitive-word hit is cleared.
 * A published item's pending revision (a correction) is signed the same way and goes live at the last level.
 * 三审制: each level of one item (or revision) is signed by a different person (a node with one reviewer runs one level).
 */
export async function approveArticle(ctx: RequestContext, id: string): Promise<ArticleDoc> {
  const actor = requireActor(ctx);
  const doc = await loadVisibleArticle(ctx, id);
  requireReviewer(ctx, actor, '审核稿件');
  const revision = pendingRevisionOf(doc);
  if (!revision) requireStatus(doc, ['in_review'], '审核通过');
  const level = revision ? revision.reviewLevel : (doc.reviewLevel ?? 1);
  if (maxReviewLevel(ctx, actor) < level) throw forbidden(`需要具备第 ${level} 级（${LEVEL_NAMES[level] ?? level}）审核权限`);
  requireNewSigner(revision ? revision.signers : (doc.reviewSigners ?? []), actor.accountId);
  const levels = await reviewLevelsOf(ctx.node);
  if (revision) return approveRevision(ctx, actor, doc, revision, levels, null);
  if (level < levels) {
    return applyArticleChange(ctx, actor, doc, {
      set: { reviewLevel: level + 1, reviewSigners: [...(doc.reviewSigners ?? []), actor.accountId] },
      transition: { from: 'in_review', to: 'in_review', level },
    });
  }
  requireHitsCleared(doc.sensitiveHits);
  const now = ctx.node.now();
  return applyArticleChange(ctx, actor, doc, {
    set: { status: 'published', reviewLevel: null, reason: null, publishedAt: doc.publishedAt ?? now },
    transition: { from: 'in_review', to: 'published', level },
  });
}

/** 三审制: nobody signs two levels of the same item; refused with FORBIDDEN and `reason: SAME_REVIEWER`. */
function requireNewSigner(signers: readonly string[], accountId: string): void {
  if (signers.includes(accountId)) {
    throw forbidden('三审制：同一稿件的各级审核须由不同的人签发，您已签发过本稿的上一级审核', { reason: 'SAME_REVIEWER' });
  }
}
