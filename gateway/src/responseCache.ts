import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from './gatewayContext';
import { LruMap } from './lruMap';

interface Entry {
  result: FormattedExecutionResult;
  storedAt: number;
  expiresAt: number;
  /** The nodes the response read: a publish on any of them drops it. */
  subgraphs: string[];
}

/**
 * Whole responses to public reads, kept for as long as their cache hints allow (the shortest `@cacheControl`
 * maxAge among the fields read, as the nodes report in `Cache-Control`) and dropped early when a node they read
 * publishes (the node pokes `POST /internal/content-changed`) or when the supergraph changes. Bounded (LRU).
 */
export class ResponseCache {
  private readonly entries: LruMap<string, Entry>;

  constructor(
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LruMap(maxEntries);
  }

  get enabled(): boolean {
    return this.entries.maxEntries > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): { result: FormattedExecutionResult; ageSeconds: number; remainingSeconds: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (now >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return {
      result: entry.result,
      ageSeconds: Math.floor((now - entry.storedAt) / 1000),
      remainingSeconds: Math.max(1, Math.floor((entry.expiresAt - now) / 1000)),
    };
  }

  set(key: string, result: FormattedExecutionResult, maxAgeSeconds: number, subgraphs: string[]): void {
    const now = this.now();
    this.entries.set(key, { result, storedAt: now, expiresAt: now + maxAgeSeconds * 1000, subgraphs });
  }

  /** Drops every response that read this node. Returns how many. */
  invalidateNode(code: string): number {
    let dropped = 0;
    for (const [key, entry] of [...this.entries.entries()]) {
      if (entry.subgraphs.includes(code)) {
        this.entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The cache key of a request: the query, the operation and the variables (public reads are the same for all). */
export function responseCacheKey(queryHash: string, operationName: string | null | undefined, variables: unknown): string {
  return createHash('sha256')
    .update(queryHash)
    .update('\n')
    .update(operationName ?? '')
    .update('\n')
    .update(JSON.stringify(variables ?? {}))
    .digest('hex');
}

function cacheable(rc: GraphQLRequestContext<GatewayContext>): boolean {
  // Only queries, only without an account: a signed-in reader may see unpublished items.
  return rc.operation?.operation === 'query' && !rc.contextValue.authorization && rc.contextValue.caller?.kind !== 'staff';
}

/** Serves public reads from the ResponseCache and stores cacheable answers (X-Cache: HIT | MISS, Age). */
export function responseCachePlugin(
  cache: ResponseCache,
  onResult?: (result: 'hit' | 'miss' | 'store') => void,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      if (!cache.enabled) return;
      return {
        async responseForOperation(rc) {
          if (!cacheable(rc)) return null;
          const key = responseCacheKey(rc.queryHash ?? rc.source ?? '', rc.operationName, rc.request.variables);
          rc.contextValue.cacheKey = key;
          const hit = cache.get(key);
          if (!hit) {
            rc.contextValue.cacheStatus = 'MISS';
            onResult?.('miss');
            return null;
          }
          rc.contextValue.cacheStatus = 'HIT';
          onResult?.('hit');
          // Cache-Control then says what is left of the entry's life.
          rc.overallCachePolicy.restrict({ maxAge: hit.remainingSeconds, scope: 'PUBLIC' });
          return {
            http: {
              status: undefined,
              headers: new HeaderMap([
                ['x-cache', 'HIT'],
                ['age', String(hit.ageSeconds)],
              ]),
            },
            body: { kind: 'single', singleResult: hit.result },
          };
        },
        async willSendResponse(rc) {
          if (rc.contextValue.cacheStatus !== 'MISS' || !rc.contextValue.cacheKey) return;
          rc.response.http.headers.set('x-cache', 'MISS');
          const body = rc.response.body;
          if (body.kind !== 'single' || body.singleResult.errors?.length) return;
          const policy = rc.overallCachePolicy.policyIfCacheable();
          if (!policy || policy.scope !== 'PUBLIC' || policy.maxAge <= 0) return;
          cache.set(rc.contextValue.cacheKey, body.singleResult, policy.maxAge, rc.contextValue.subgraphs ?? []);
          onResult?.('store');
        },
      };
    },
  };
}
