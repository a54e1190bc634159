import type { Logger } from '@djnet/shared';

/** Where this node pokes gateways, and the token their `/internal` routes ask for (when they are set up with one). */
export interface GatewayLink {
  urls: string[];
  token?: string;
}

/** Headers for a poke to a gateway's `/internal` routes. */
export function gatewayPokeHeaders(link: GatewayLink, json = false): Record<string, string> {
  return {
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(link.token ? { authorization: `Bearer ${link.token}` } : {}),
  };
}

/** Pokes each gateway so it re-reads the directory now instead of at its next poll. Best effort. */
export function notifyGateways(link: GatewayLink, log: Logger): void {
  for (const url of link.urls) {
    fetch(`${url}/internal/directory-changed`, {
      method: 'POST',
      headers: gatewayPokeHeaders(link),
      signal: AbortSignal.timeout(2_000),
    }).catch((err: Error) => log.warn({ gateway: url, err: err.message }, '通知网关目录变化失败（网关将按周期自行刷新）'));
  }
}
