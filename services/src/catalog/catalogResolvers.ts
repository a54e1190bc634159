/** GraphQL resolvers for Site.articles and Site.search. (helper-owned: catalog/search) */
export const catalogResolvers: Record<string, Record<string, unknown>> = {};
