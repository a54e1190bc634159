import { DomainError } from '@djnet/shared';

export interface GraphqlClient {
  /** Runs one operation; a GraphQL error becomes a DomainError with its code, an HTTP failure an Error. */
  request<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
}

/** A plain GraphQL-over-HTTP client for the demo's seeding (what a partner or the console's user would send). */
export function graphqlClient(url: string): GraphqlClient {
  const endpoint = `${url.replace(/\/+$/, '')}/graphql`;
  return {
    async request<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(60_000),
      });
      const body = (await response.json().catch(() => ({}))) as {
        data?: T;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      const error = body.errors?.[0];
      if (error) throw new DomainError((error.extensions?.code ?? 'INTERNAL') as never, error.message);
      if (!response.ok || !body.data) throw new Error(`${endpoint} 返回 HTTP ${response.status}`);
      return body.data;
    },
  };
}
