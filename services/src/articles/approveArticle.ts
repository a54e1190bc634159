import { conflict, forbidden } from '@djnet/shared';
import { maxReviewLevel, requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ArticleDoc } from './articleModel';
import { applyArticleChange, loadVisibleArticle, requireReviewer, requireStatus } from './articleStore';
import { reviewLevelsOf } from './reviewLevels';

const LEVEL_NAMES = ['', '初审', '复审', '终审'];

/**
 * A reviewer signs the current review level (editor, department head, leader as in 三审). Below the node's last
 * level the item moves up a level; the last level publishes it — only once every sensitive-word hit is cleared.
 */
export async function approveArticle(ctx: RequestContext, id: string): Promise<ArticleDoc> {
  const actor = requireActor(ctx);
  const doc = await loadVisibleArticle(ctx, id);
  requireReviewer(ctx, actor, '审核稿件');
  requireStatus(doc, ['in_review'], '审核通过');
  const level = doc.reviewLevel ?? 1;
  if (maxReviewLevel(ctx, actor) < level) throw forbidden(`需要具备第 ${level} 级（${LEVEL_NAMES[level] ?? level}）审核权限`);
  const levels = await reviewLevelsOf(ctx.node);
  if (level < levels) {
    return applyArticleChange(ctx, actor, doc, {
      set: { reviewLevel: level + 1 },
      transition: { from: 'in_review', to: 'in_review', level },
    });
  }
  const open = doc.sensitiveHits.filter((h) => !h.cleared);
  if (open.length) {
    throw conflict(`稿件有 ${open.length} 处敏感词命中尚未确认（${[...new Set(open.map((h) => h.word))].join('、')}），不能发布`, {
      sensitiveHits: open.length,
    });
  }
  const now = ctx.node.now();
  return applyArticleChange(ctx, actor, doc, {
    set: { status: 'published', reviewLevel: null, reason: null, publishedAt: doc.publishedAt ?? now },
    transition: { from: 'in_review', to: 'published', level },
  });
}
