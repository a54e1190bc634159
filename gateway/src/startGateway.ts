import type { Server } from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { expressMiddleware } from '@as-integrations/express5';
import {
  closeServer,
  errorBody,
  ErrorCode,
  jsonErrorHandler,
  listen,
  notFoundHandler,
  type GatewayConfig,
  type Logger,
} from '@djnet/shared';
import { DirectorySupergraphManager } from './directorySupergraph';
import { subgraphFetcher } from './subgraphFetcher';

export interface RunningGateway {
  url: string;
  port: number;
  manager: DirectorySupergraphManager;
  stop(): Promise<void>;
}

interface GatewayContext {
  requestId?: string;
}

/**
 * The federated endpoint: Apollo Gateway over every node's subgraph, membership from the city directory.
 * HTTP is up before the first supergraph exists (readyz says 503 until then).
 */
export async function startGateway(config: GatewayConfig, log: Logger): Promise<RunningGateway> {
  const manager = new DirectorySupergraphManager(config.cityUrl, config.pollSeconds * 1000, log);
  const timeoutMs = config.subgraphTimeoutMs;
  const gateway = new ApolloGateway({
    supergraphSdl: manager,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        fetcher: subgraphFetcher(name!, timeoutMs) as never,
        willSendRequest({ request, context }) {
          if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({ gateway, includeStacktraceInErrorResponses: false });

  const app = express();
  app.disable('x-powered-by');
  let ready = false;
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => {
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not-ready',
      schemaLevel: manager.state.level,
      members: manager.state.members,
      excluded: manager.state.excluded,
      lastComposedAt: manager.state.lastComposedAt,
      lastError: manager.state.lastError,
    });
  });
  app.post('/internal/directory-changed', (_req, res) => {
    void manager.refresh();
    res.status(202).json({ status: 'refreshing' });
  });
  app.get('/supergraph.graphql', (_req, res) => {
    if (!manager.state.supergraphSdl) {
      res.status(503).json(errorBody(ErrorCode.INTERNAL, '超图尚未加载'));
      return;
    }
    res.type('text/plain; charset=utf-8').send(manager.state.supergraphSdl);
  });

  let graphqlHandler: express.RequestHandler | undefined;
  app.use('/graphql', express.json({ limit: '1mb' }), (req, res, next) => {
    if (!graphqlHandler) {
      res.status(503).set('Retry-After', '1').json(errorBody('SERVICE_UNAVAILABLE', '网关尚未就绪：正在从市级目录加载超图'));
      return;
    }
    graphqlHandler(req, res, next);
  });
  app.use(notFoundHandler());
  app.use(jsonErrorHandler(log));

  const { server, port } = await listen(app, config.host, config.port, '网关');
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  const starting = apollo
    .start()
    .then(() => {
      graphqlHandler = expressMiddleware(apollo, {
        context: async ({ req }) => ({ requestId: req.get('x-request-id') ?? undefined }),
      });
      ready = true;
      log.info({ url: `${url}/graphql`, members: manager.state.members }, '网关已就绪');
    })
    .catch((e: Error) => log.error({ err: e.message }, '网关启动失败'));

  return {
    url,
    port,
    manager,
    stop: async () => {
      await manager.stop();
      await Promise.race([starting, new Promise((r) => setTimeout(r, 100))]);
      if (ready) await apollo.stop().catch(() => undefined);
      await closeServer(server as Server);
    },
  };
}
