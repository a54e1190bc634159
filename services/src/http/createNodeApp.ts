import express, { type Express, type Router } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { GraphQLSchema } from 'graphql';
import {
  databaseReachable,
  jsonErrorHandler,
  notFoundHandler,
  QUERY_LIMITS,
  queryLimitsPlugin,
  securityHeaders,
  trustProxySetting,
} from '@djnet/shared';
import { authenticateRequest } from '../accounts/authenticateRequest';
import { formatGraphqlError } from '../graphql/formatError';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';

/**
 * A signed-in reader may see what the public may not (unpublished items, staff fields): a response to a request
 * with an account is never marked `public`, so no shared cache (gateway, CDN) keeps it.
 */
const privateWhenSignedIn: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, overallCachePolicy }) {
        if (contextValue.actor) overallCachePolicy.restrict({ scope: 'PRIVATE' });
      },
    };
  },
};

export interface NodeAppParts {
  node: NodeContext;
  schema: GraphQLSchema;
  /** Area routes (directory on the city, media, …), mounted before /graphql. */
  routers: Router[];
}

export interface NodeApp {
  app: Express;
  apollo: ApolloServer<RequestContext>;
}

/** The node's HTTP surface: health, readiness, area routes and its subgraph at /graphql. */
export async function createNodeApp(parts: NodeAppParts): Promise<NodeApp> {
  const { node } = parts;
  const apollo = new ApolloServer<RequestContext>({
    schema: parts.schema,
    formatError: formatGraphqlError(node.log),
    includeStacktraceInErrorResponses: false,
    // The same limits as the gateway's, so that a node reached directly is no softer than through the gateway.
    maxRecursiveSelections: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    // No Apollo Studio here: skip per-request trace building.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      privateWhenSignedIn,
      queryLimitsPlugin<RequestContext>({
        maxDepth: QUERY_LIMITS.maxDepth,
        maxCost: QUERY_LIMITS.maxCost,
        maxAliases: QUERY_LIMITS.maxAliases,
      }),
    ],
    csrfPrevention: true,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(node.config.trustProxy));
  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', node: node.config.code });
  });
  app.get('/readyz', async (_req, res) => {
    const db = await databaseReachable(node.connection);
    res
      .status(db ? 200 : 503)
      .json({ status: db ? 'ready' : 'not-ready', node: node.config.code, database: db ? 'reachable' : 'unreachable' });
  });

  for (const router of parts.routers) app.use(router);

  app.use(
    '/graphql',
    express.json({ limit: QUERY_LIMITS.maxBody }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        node,
        actor: await authenticateRequest(node, req.get('authorization')),
        requestId: req.get('x-request-id') ?? undefined,
        ip: req.ip,
      }),
    }),
  );

  app.use(notFoundHandler());
  app.use(jsonErrorHandler(node.log));
  return { app, apollo };
}
