import { GraphQLError } from 'graphql';
import { Agent, request, type Dispatcher } from 'undici';

export type SubgraphOutcome = 'ok' | 'http_error' | 'timeout' | 'unreachable';

export interface SubgraphFetchOptions {
  /** Keep-alive connection pool shared by every node's fetcher (see `subgraphAgent`). */
  dispatcher: Dispatcher;
  /** Called once per request with its outcome and duration (metrics). */
  observe?(node: string, outcome: SubgraphOutcome, seconds: number): void;
}

/**
 * The connection pool to the nodes: keep-alive, at most `connectionsPerNode` sockets to each node (more requests
 * queue), idle sockets kept 30 s (nodes' servers keep them 5 s by default, and undici honours their keep-alive hint).
 */
export function subgraphAgent(connectionsPerNode: number): Agent {
  return new Agent({ connections: connectionsPerNode, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

/**
 * Fetch for one node's subgraph over the shared keep-alive pool, bounded by a timeout. A node that cannot be
 * reached, or does not answer in time, becomes an error naming it (SUBGRAPH_UNAVAILABLE / SUBGRAPH_TIMEOUT), so the
 * rest of a query still answers and the partial result says which node is missing.
 */
export function subgraphFetcher(node: string, timeoutMs: number, options: SubgraphFetchOptions) {
  return async (input: string, init?: RequestInit): Promise<Response> => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const answer = await request(input, {
        method: (init?.method ?? 'POST') as Dispatcher.HttpMethod,
        headers: init?.headers as Record<string, string> | undefined,
        body: init?.body as string | undefined,
        dispatcher: options.dispatcher,
        signal,
      });
      const body = await answer.body.text();
      options.observe?.(node, answer.statusCode < 400 ? 'ok' : 'http_error', seconds());
      return new Response(answer.statusCode === 204 || answer.statusCode === 304 ? null : body, {
        status: answer.statusCode,
        headers: responseHeaders(answer.headers),
      });
    } catch (e) {
      const timedOut = signal.aborted;
      options.observe?.(node, timedOut ? 'timeout' : 'unreachable', seconds());
      throw new GraphQLError(timedOut ? `节点 ${node} 超时（${timeoutMs} ms 内未响应）` : `节点 ${node} 不可达`, {
        extensions: { code: timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE', node },
        originalError: e as Error,
      });
    }
  };
}
