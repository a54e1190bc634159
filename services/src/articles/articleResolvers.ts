import { badInput, ErrorCode, hasErrorCode } from '@djnet/shared';
import { requireActor, requireRole, REVIEWER_ROLES, WRITER_ROLES } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import { approveArticle } from './approveArticle';
import type { ArticleDoc, ArticleStatus } from './articleModel';
import { fromGraphqlStatus } from './articleStatus';
import { canSee, loadArticle } from './articleStore';
import { articleTypeResolvers } from './articleView';
import { clearSensitiveHits } from './clearSensitiveHits';
import { createArticle } from './createArticle';
import { retractArticle } from './retractArticle';
import { returnArticle } from './returnArticle';
import { reviewLevelsOf, setReviewLevels } from './reviewLevels';
import { loadSensitiveWords, setSensitiveWords } from './sensitiveWordList';
import { startReview } from './startReview';
import { submitArticle } from './submitArticle';
import { updateArticle } from './updateArticle';
import { mergeResolvers } from '../graphql/mergeResolvers';
import { syndicationResolvers } from '../syndication/syndicationResolvers';

function limit(first: number | null | undefined, max = 200): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(`first 须在 1–${max} 之间`, { field: 'first' });
  return n;
}

/** GraphQL for articles, review and the sensitive-word list; every mutation is one command. */
const ownResolvers = {
  Site: {
    article: async (_site: unknown, args: { id: string }, ctx: RequestContext) => {
      try {
        const doc = await loadArticle(ctx.node, args.id);
        return canSee(ctx, doc) ? doc : null;
      } catch (e) {
        if (hasErrorCode(e, ErrorCode.NOT_FOUND)) return null;
        throw e;
      }
    },
    reviewQueue: async (_site: unknown, args: { first?: number }, ctx: RequestContext) => {
      requireRole(ctx, REVIEWER_ROLES);
      const n = limit(args.first);
      const docs = await ctx.node.models.Article.find({ status: { $in: ['submitted', 'in_review'] } }, { body: 0, bodyText: 0 })
        .sort({ updatedAt: 1 })
        .limit(n)
        .lean<ArticleDoc[]>();
      return docs;
    },
    myArticles: async (_site: unknown, args: { status?: string | null; first?: number }, ctx: RequestContext) => {
      const actor = requireActor(ctx);
      requireRole(ctx, WRITER_ROLES);
      const filter: { createdBy: string; status?: ArticleStatus } = { createdBy: actor.accountId };
      if (args.status) filter.status = fromGraphqlStatus(args.status);
      return ctx.node.models.Article.find(filter, { body: 0, bodyText: 0 })
        .sort({ updatedAt: -1 })
        .limit(limit(args.first))
        .lean<ArticleDoc[]>();
    },
    sensitiveWords: async (_site: unknown, _args: unknown, ctx: RequestContext) => {
      requireRole(ctx, REVIEWER_ROLES);
      return loadSensitiveWords(ctx.node);
    },
    reviewLevels: (_site: unknown, _args: unknown, ctx: RequestContext) => reviewLevelsOf(ctx.node),
  },
  SiteMutations: {
    createArticle: (_: unknown, args: { input: unknown }, ctx: RequestContext) => createArticle(ctx, args.input),
    updateArticle: (_: unknown, args: { id: string; input: unknown }, ctx: RequestContext) => updateArticle(ctx, args.id, args.input),
    submitArticle: (_: unknown, args: { id: string }, ctx: RequestContext) => submitArticle(ctx, args.id),
    startReview: (_: unknown, args: { id: string }, ctx: RequestContext) => startReview(ctx, args.id),
    approveArticle: (_: unknown, args: { id: string }, ctx: RequestContext) => approveArticle(ctx, args.id),
    returnArticle: (_: unknown, args: { id: string; reason: string }, ctx: RequestContext) => returnArticle(ctx, args.id, args.reason),
    clearSensitiveHits: (_: unknown, args: { id: string; note?: string | null }, ctx: RequestContext) =>
      clearSensitiveHits(ctx, args.id, args.note),
    retractArticle: (_: unknown, args: { id: string; reason: string }, ctx: RequestContext) => retractArticle(ctx, args.id, args.reason),
    setSensitiveWords: (_: unknown, args: { words: string[] }, ctx: RequestContext) => setSensitiveWords(ctx, args.words),
    setReviewLevels: (_: unknown, args: { levels: number }, ctx: RequestContext) => setReviewLevels(ctx, args.levels),
  },
  Article: articleTypeResolvers,
};

/** Article resolvers plus syndication's (provenance on Article, queue and status on Site, adoption commands). */
export const articleResolvers = mergeResolvers(ownResolvers, syndicationResolvers);
