import type { Caller } from './caller';

/** What one request carries through Apollo Server and the gateway's data sources. */
export interface GatewayContext {
  requestId: string;
  caller?: Caller;
  /** Forwarded to the nodes so staff can sign in through the gateway. */
  authorization?: string;
  /** The client's address (Express `req.ip` under the gateway's `trustProxy`), sent on to the nodes. */
  clientAddress?: string;
  /** The nodes the query plan fetches from (set once the plan is known). */
  subgraphs?: string[];
  /** Response cache: the entry key, and whether it was a hit. */
  cacheKey?: string;
  cacheStatus?: 'HIT' | 'MISS';
  /** Fields for the request's access log line (shared with the HTTP layer). */
  logFields: Record<string, unknown>;
}
