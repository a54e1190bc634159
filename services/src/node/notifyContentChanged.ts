import type { Logger } from '@djnet/shared';
import { gatewayPokeHeaders, type GatewayLink } from '../directory/notifyGateways';

/**
 * Pokes each gateway's `POST /internal/content-changed` with this node's code when its public content changes
 * (publish, edit of a published item, retraction), so gateways drop the cached responses that read this node.
 * Pokes within `coalesceMs` are sent as one. Best effort: a gateway that misses a poke serves at most the cache
 * hint's age (`@cacheControl` maxAge) of stale content.
 */
export function contentChangeNotifier(nodeCode: string, gateways: GatewayLink, log: Logger, coalesceMs = 200): () => void {
  let pending: NodeJS.Timeout | undefined;
  const send = () => {
    pending = undefined;
    for (const url of gateways.urls) {
      fetch(`${url}/internal/content-changed`, {
        method: 'POST',
        headers: gatewayPokeHeaders(gateways, true),
        body: JSON.stringify({ node: nodeCode }),
        signal: AbortSignal.timeout(2_000),
      }).catch((err: Error) => log.warn({ gateway: url, err: err.message }, '通知网关内容变化失败（网关缓存将按时效过期）'));
    }
  };
  return () => {
    if (!gateways.urls.length || pending) return;
    pending = setTimeout(send, coalesceMs);
    pending.unref();
  };
}
