import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './gatewayContext';
import type { GatewayMetrics } from './metrics';

/** Counts and times every GraphQL request at the gateway, and counts the errors in responses by code. */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(rc) {
          const operation = metrics.operationLabel(rc.operationName);
          const body = rc.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          for (const e of errors) metrics.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR').slice(0, 40) });
          const hasData = body.kind === 'single' && body.singleResult.data != null;
          const outcome = !errors.length ? 'ok' : hasData ? 'partial' : 'error';
          metrics.requests.inc({ operation, caller: rc.contextValue.caller?.kind ?? 'unknown', outcome });
          metrics.requestDuration.observe({ operation }, (performance.now() - started) / 1000);
          Object.assign(rc.contextValue.logFields, {
            operation: rc.operationName ?? undefined,
            outcome,
            errors: errors.length ? errors.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : undefined,
            subgraphs: rc.contextValue.subgraphs?.length,
          });
        },
      };
    },
  };
}
