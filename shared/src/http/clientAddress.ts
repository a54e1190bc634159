/**
 * The one place that says who the client is, for every limit (rate limits, the login throttle, submission limits).
 * Express's `req.ip` with `trust proxy` set from the configuration (`trustProxy` of a node and of the gateway): the
 * `X-Forwarded-For` entries added by the listed proxies are believed, the rest is the peer's address. The gateway
 * is such a proxy for the nodes: it replaces `X-Forwarded-For` with the client address it derived itself
 * (`forwardedFor`), so a node behind it counts the client, not the gateway, and a client's own header is never passed
 * on. A node must list only its real proxies (the gateway, its ingress): an address listed here can claim any client.
 */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** `X-Forwarded-For` as the gateway sends it on: exactly the client's address (nothing the client wrote). */
export function forwardedFor(clientAddress: string | undefined): string | undefined {
  if (!clientAddress) return undefined;
  const address = clientAddress.startsWith('::ffff:') ? clientAddress.slice(7) : clientAddress;
  return /^[0-9A-Fa-f.:]{2,45}$/.test(address) ? address : undefined;
}
