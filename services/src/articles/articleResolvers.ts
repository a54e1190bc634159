/** GraphQL resolvers for articles, review and sensitive words. */
export const articleResolvers: Record<string, Record<string, unknown>> = {};
