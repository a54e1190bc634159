import express, { type Express } from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { Connection } from 'mongoose';
import type { GraphQLSchema } from 'graphql';
import { databaseReachable, jsonErrorHandler, notFoundHandler, type Logger } from '@djnet/shared';
import { formatGraphqlError } from '../graphql/formatError';
import { directoryRoutes, type DirectoryRouteOptions } from '../directory/directoryRoutes';

export interface NodeAppParts {
  code: string;
  schema: GraphQLSchema;
  connection: Connection;
  log: Logger;
  directory?: DirectoryRouteOptions;
}

export interface NodeApp {
  app: Express;
  apollo: ApolloServer;
}

/** The node's HTTP surface: health, readiness, its subgraph at /graphql and, on the city, the directory. */
export async function createNodeApp(parts: NodeAppParts): Promise<NodeApp> {
  const { log } = parts;
  const apollo = new ApolloServer({
    schema: parts.schema,
    formatError: formatGraphqlError(log),
    includeStacktraceInErrorResponses: false,
    // No Apollo Studio here: skip per-request trace building.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // The gateway fetches with persisted-query-free POSTs; browsers use GET only through the gateway.
    csrfPrevention: true,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', node: parts.code });
  });
  app.get('/readyz', async (_req, res) => {
    const db = await databaseReachable(parts.connection);
    res.status(db ? 200 : 503).json({ status: db ? 'ready' : 'not-ready', node: parts.code, database: db ? 'reachable' : 'unreachable' });
  });

  if (parts.directory) app.use(directoryRoutes(parts.directory));

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ requestId: req.get('x-request-id') ?? undefined }),
    }),
  );

  app.use(notFoundHandler());
  app.use(jsonErrorHandler(log));
  return { app, apollo };
}
