import type { Server } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { expressMiddleware } from '@as-integrations/express5';
import {
  closeServer,
  errorBody,
  forwardedFor,
  ErrorCode,
  jsonErrorHandler,
  listen,
  nodeCodeSchema,
  notFoundHandler,
  operatorAccess,
  projectRoot,
  QUERY_LIMITS,
  queryLimitsPlugin,
  securityHeaders,
  trustProxySetting,
  type GatewayConfig,
  type Logger,
} from '@djnet/shared';
import { DirectorySupergraphManager } from './directorySupergraph';
import { gatewayAccess } from './gatewayAccess';
import type { GatewayContext } from './gatewayContext';
import { GatewayMetrics } from './metrics';
import { metricsPlugin } from './metricsPlugin';
import { OperationManifest } from './operationManifest';
import { PartnerKeyRegistry } from './partnerKeys';
import { PersistedOperationCache } from './persistedOperationCache';
import { subgraphsOfPlan } from './queryPlanSubgraphs';
import { RateLimiter } from './rateLimiter';
import { requestLog } from './requestLog';
import { ResponseCache, responseCachePlugin } from './responseCache';
import { subgraphAgent, subgraphFetcher, subgraphHttpError } from './subgraphFetcher';

export interface RunningGateway {
  url: string;
  port: number;
  manager: DirectorySupergraphManager;
  partnerKeys: PartnerKeyRegistry;
  metrics: GatewayMetrics;
  stop(): Promise<void>;
}

/** The default place of the registered operations (allow-list mode). */
export const DEFAULT_OPERATION_MANIFEST = join(projectRoot(), 'deploy', 'operations.json');

/**
 * The federated endpoint: Apollo Gateway over every node's subgraph, membership from the city directory, with
 * partner access (keys, CORS, rate limits, allow-list), query depth and cost limits, persisted queries, a response
 * cache for public reads, metrics and request logs. HTTP is up before the first supergraph exists (readyz says 503
 * until then).
 */
export async function startGateway(config: GatewayConfig, log: Logger): Promise<RunningGateway> {
  const metrics = new GatewayMetrics();
  const responseCache = new ResponseCache(config.responseCacheEntries);
  const manager = new DirectorySupergraphManager(
    config.cityUrl,
    config.pollSeconds * 1000,
    log,
    (event) => {
      metrics.compositions.inc({ outcome: event.ok ? 'ok' : 'failed' });
      metrics.compositionDuration.observe(event.ms / 1000);
      metrics.members.set(event.state.members.length);
      metrics.excluded.set(event.state.excluded.length);
      // A new supergraph may answer the same query differently (a node joined, left, or moved a level).
      if (event.ok) responseCache.clear();
    },
    config.minSchemaLevel,
  );
  const partnerKeys = new PartnerKeyRegistry(config.cityUrl, log, () => metrics.partnerKeys.set(partnerKeys.count));
  const manifest = OperationManifest.load(config.operationManifest, DEFAULT_OPERATION_MANIFEST, (id) =>
    log.warn({ id }, '登记操作的 id 与其正文的 SHA-256 不符，按正文的 SHA-256 登记'),
  );
  const limiter = new RateLimiter();
  const agent = subgraphAgent(config.subgraphConnections);
  const observe = (node: string, outcome: string, seconds: number) => metrics.observeSubgraph(node, outcome, seconds);

  const gateway = new ApolloGateway({
    supergraphSdl: manager,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        fetcher: subgraphFetcher(name!, config.subgraphTimeoutMs, { dispatcher: agent, observe }) as never,
        willSendRequest({ request, context }) {
          request.http?.headers.set('x-request-id', context.requestId);
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          // The client's address as this gateway derived it (never the client's own header): the node counts it in
          // its login throttle and limits, not the gateway's address (shared/src/http/clientAddress.ts).
          const client = forwardedFor(context.clientAddress);
          if (client) request.http?.headers.set('x-forwarded-for', client);
        },
        // A node's non-2xx answer becomes the node's own first error (message and code), never Apollo's default
        // `"401: "` with the node's internal URL and raw body in `extensions.response`.
        async errorFromResponse(response) {
          return subgraphHttpError(name!, response.status, await this.parseBody(response));
        },
      }),
    experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
      (requestContext.context as GatewayContext).subgraphs = subgraphsOfPlan(queryPlan);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Refuses documents whose fragments expand to an enormous number of selections, before our limits run.
    maxRecursiveSelections: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    persistedQueries: { cache: new PersistedOperationCache(manifest) },
    // A request carrying an API key needs a CORS preflight in a browser, so it cannot be a cross-site forgery.
    csrfPrevention: { requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'x-api-key'] },
    plugins: [
      metricsPlugin(metrics),
      queryLimitsPlugin({
        maxDepth: config.maxDepth,
        maxCost: config.maxCost,
        maxAliases: QUERY_LIMITS.maxAliases,
        onRefused: (reason) => metrics.refusals.inc({ reason }),
      }),
      responseCachePlugin(responseCache, (result) => metrics.responseCache.inc({ result })),
    ],
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.trustProxy));
  app.use(requestLog(log));
  app.use(securityHeaders());
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
      partnerKeys: { loaded: partnerKeys.loaded, active: partnerKeys.count, lastError: partnerKeys.lastError },
      registeredOperations: manifest.size,
      responseCache: { entries: responseCache.size, maxEntries: config.responseCacheEntries },
    });
  });
  const operatorOnly = operatorAccess(config.internalToken, 'open');
  app.use('/internal', operatorOnly);
  app.get('/metrics', operatorOnly, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // The city pokes this when the directory or the partner keys change.
  app.post('/internal/directory-changed', (_req, res) => {
    void manager.refresh();
    void partnerKeys.refresh();
    res.status(202).json({ status: 'refreshing' });
  });
  // A node pokes this when its public content changes: drop the cached responses that read it.
  app.post('/internal/content-changed', express.json({ limit: '4kb' }), (req, res) => {
    const parsed = nodeCodeSchema.safeParse((req.body as { node?: unknown } | undefined)?.node);
    if (!parsed.success) {
      res.status(400).json(errorBody(ErrorCode.BAD_USER_INPUT, '缺少或无效的节点代码', { field: 'node' }));
      return;
    }
    const dropped = responseCache.invalidateNode(parsed.data);
    if (dropped) metrics.responseCache.inc({ result: 'invalidated' }, dropped);
    res.status(202).json({ node: parsed.data, dropped });
  });
  app.get('/supergraph.graphql', (_req, res) => {
    if (!manager.state.supergraphSdl) {
      res.status(503).json(errorBody(ErrorCode.INTERNAL, '超图尚未加载'));
      return;
    }
    res.type('text/plain; charset=utf-8').send(manager.state.supergraphSdl);
  });

  let graphqlHandler: express.RequestHandler | undefined;
  app.use(
    '/graphql',
    express.json({ limit: QUERY_LIMITS.maxBody }),
    gatewayAccess({
      keys: partnerKeys,
      limiter,
      manifest,
      anonymousRequestsPerMinute: config.anonymousRequestsPerMinute,
      staffRequestsPerMinute: config.staffRequestsPerMinute,
      allowListMode: config.allowListMode,
      corsOrigins: config.corsOrigins,
      onRefused: (reason) => metrics.refusals.inc({ reason }),
    }),
    (req, res, next) => {
      if (!graphqlHandler) {
        res.status(503).set('Retry-After', '1').json(errorBody('SERVICE_UNAVAILABLE', '网关尚未就绪：正在从市级目录加载超图'));
        return;
      }
      graphqlHandler(req, res, next);
    },
  );
  app.use(notFoundHandler());
  app.use(jsonErrorHandler(log));

  const { server, port } = await listen(app, config.host, config.port, '网关');
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  void partnerKeys.refresh();
  const keyPoll = setInterval(() => void partnerKeys.refresh(), config.pollSeconds * 1000);
  keyPoll.unref();
  const sweep = setInterval(() => limiter.sweep(), 60_000);
  sweep.unref();

  const starting = apollo
    .start()
    .then(() => {
      graphqlHandler = expressMiddleware(apollo, {
        context: async ({ req, res }) => ({
          requestId: res.locals.requestId as string,
          caller: res.locals.caller as GatewayContext['caller'],
          authorization: req.get('authorization') ?? undefined,
          clientAddress: req.ip,
          logFields: res.locals.logFields as Record<string, unknown>,
        }),
      });
      ready = true;
      log.info({ url: `${url}/graphql`, members: manager.state.members, registeredOperations: manifest.size }, '网关已就绪');
    })
    .catch((e: Error) => log.error({ err: e.message }, '网关启动失败'));

  return {
    url,
    port,
    manager,
    partnerKeys,
    metrics,
    stop: async () => {
      clearInterval(keyPoll);
      clearInterval(sweep);
      await manager.stop();
      await Promise.race([starting, new Promise((r) => setTimeout(r, 100))]);
      if (ready) await apollo.stop().catch(() => undefined);
      await closeServer(server as Server);
      await agent.close().catch(() => undefined);
    },
  };
}
