import { GraphQLError } from 'graphql';
import { Agent, request, type Dispatcher } from 'undici';

/** `shared`: answered by an identical request already in flight (no request of its own). */
export type SubgraphOutcome = 'ok' | 'http_error' | 'timeout' | 'unreachable' | 'shared';

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

/**
 * The part of a fetch `Response` that Apollo's RemoteGraphQLDataSource reads (ok, status, headers, JSON or text
 * body) over a body already read. A WHATWG Response would wrap the body in a web stream only to read it back: in
 * a 20-node fan-out that showed up as a tenth of the gateway's CPU time.
 */
class SubgraphResponse {
  readonly ok: boolean;
  readonly statusText = '';
  readonly headers: { get(name: string): string | null; has(name: string): boolean };

  constructor(
    readonly url: string,
    readonly status: number,
    raw: Record<string, string | string[] | undefined>,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name) => {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      has: (name) => raw[name.toLowerCase()] !== undefined,
    };
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Failure = { failed: true; timedOut: boolean; error: Error };

/** A read (`query …` or `{ … }`) as RemoteGraphQLDataSource serialises it; mutations are never shared. */
const READ_REQUEST = /^\{"query":"(query\b|\{)/;

/**
 * Fetch for one node's subgraph over the shared keep-alive pool, bounded by timeouts. A node that cannot be
 * reached, or does not answer in time, becomes an error naming it (SUBGRAPH_UNAVAILABLE / SUBGRAPH_TIMEOUT), so the
 * rest of a query still answers and the partial result says which node is missing.
 *
 * Identical reads in flight at the same time (same node, same query and variables, same Authorization) share one
 * request to the node: when many readers open the same page at once, a township's server answers it once.
 */
export function subgraphFetcher(node: string, timeoutMs: number, options: SubgraphFetchOptions) {
  const inflight = new Map<string, Promise<Answer | Failure>>();

  const send = async (input: string, init: RequestInit | undefined, started: number): Promise<Answer | Failure> => {
    const seconds = () => (performance.now() - started) / 1000;
    try {
      // undici's own timeouts (no AbortSignal, timer and DOMException per request): the answer must start within
      // timeoutMs, and the body may not stall for longer than that.
      const answer = await request(input, {
        method: (init?.method ?? 'POST') as Dispatcher.HttpMethod,
        headers: init?.headers as Record<string, string> | undefined,
        body: init?.body as string | undefined,
        dispatcher: options.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await answer.body.text();
      options.observe?.(node, answer.statusCode < 400 ? 'ok' : 'http_error', seconds());
      return { status: answer.statusCode, headers: answer.headers, body };
    } catch (e) {
      const timedOut = TIMEOUT_CODES.has((e as { code?: string }).code ?? '');
      options.observe?.(node, timedOut ? 'timeout' : 'unreachable', seconds());
      return { failed: true, timedOut, error: e as Error };
    }
  };

  return async (input: string, init?: RequestInit): Promise<Response> => {
    const started = performance.now();
    const body = typeof init?.body === 'string' ? init.body : undefined;
    let outcome: Promise<Answer | Failure>;
    let isShared = false;
    if (body && READ_REQUEST.test(body)) {
      const authorization = (init?.headers as Record<string, string> | undefined)?.authorization ?? '';
      const key = `${input}\n${authorization}\n${body}`;
      const shared = inflight.get(key);
      isShared = !!shared;
      outcome = shared ?? send(input, init, started).finally(() => inflight.delete(key));
      if (!shared) inflight.set(key, outcome);
    } else outcome = send(input, init, started);
    const result = await outcome;
    if (isShared) options.observe?.(node, 'shared', (performance.now() - started) / 1000);
    if ('failed' in result) {
      throw new GraphQLError(result.timedOut ? `节点 ${node} 超时（${timeoutMs} ms 内未响应）` : `节点 ${node} 不可达`, {
        extensions: { code: result.timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE', node },
        originalError: result.error,
      });
    }
    return new SubgraphResponse(input, result.status, result.headers, result.body) as unknown as Response;
  };
}

/** The error for a node's non-2xx answer: its own first GraphQL error when it sent one, else a coded refusal naming it. */
export function subgraphHttpError(node: string, status: number, body: unknown): GraphQLError {
  const first = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null)?.errors?.[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : status === 401 ? 'UNAUTHENTICATED' : 'SUBGRAPH_ERROR';
  const message = typeof first?.message === 'string' && first.message ? first.message : `节点 ${node} 拒绝了请求（HTTP ${status}）`;
  return new GraphQLError(message, { extensions: { code, node, status } });
}
