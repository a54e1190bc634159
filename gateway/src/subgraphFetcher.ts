import { GraphQLError } from 'graphql';

/**
 * Fetch for one subgraph: bounded by a timeout, and a node that cannot be reached becomes an error that names
 * it (code SUBGRAPH_UNAVAILABLE), so a partial result says which node is missing.
 */
export function subgraphFetcher(node: string, timeoutMs: number) {
  return async (input: string, init?: RequestInit): Promise<Response> => {
    try {
      return await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const err = e as Error;
      const timedOut = err.name === 'TimeoutError';
      throw new GraphQLError(timedOut ? `节点 ${node} 超时（${timeoutMs} ms 内未响应）` : `节点 ${node} 不可达`, {
        extensions: { code: timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE', node },
      });
    }
  };
}
