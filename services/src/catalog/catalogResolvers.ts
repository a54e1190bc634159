import type { RequestContext } from '../graphql/requestContext';
import { catalogOf, listArticles, searchArticles, type ListArticlesArgs, type SearchArticlesArgs } from './catalogQueries';

/**
 * Site.articles and Site.search, served from the in-memory catalog. The `Article` objects they return are
 * partial ArticleDoc objects (always `_id`; everything but body, bodyText, transitions and sensitiveHits): the
 * Article type resolvers complete the rest by `_id`.
 */
export const catalogResolvers: Record<string, Record<string, unknown>> = {
  Site: {
    articles: (_site: unknown, args: ListArticlesArgs, ctx: RequestContext) => listArticles(ctx.node, args),
    search: (_site: unknown, args: SearchArticlesArgs, ctx: RequestContext) => searchArticles(ctx.node, args),
    lastPublishedAt: (_site: unknown, _args: unknown, ctx: RequestContext) => {
      const [newest] = catalogOf(ctx.node).list({ first: 1 }).items;
      return newest ? new Date(newest.position.time).toISOString() : null;
    },
  },
};
