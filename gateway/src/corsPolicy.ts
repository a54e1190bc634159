import type { Request, Response } from 'express';

/** Request headers a browser may send to the gateway. */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'x-api-key',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
];
/** Response headers a browser may read. */
const CORS_EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-cache', 'age'];

/** Whether `origin` is in a list of allowed origins (`*` allows any). */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.includes(origin) || allowed.includes('*');
}

/** Lets the browser at `origin` read this response. No credentials: keys travel in a header, not in cookies. */
export function allowOrigin(res: Response, origin: string): void {
  res.set('Access-Control-Allow-Origin', origin);
  res.set('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS.join(', '));
  res.vary('Origin');
}

/**
 * Answers a CORS preflight. A preflight carries no API key (browsers send custom headers only on the real
 * request), so it is allowed when any active key, or the gateway's own list, allows the origin; the real request
 * is then checked against its own key's origins.
 */
export function answerPreflight(req: Request, res: Response, allowed: (origin: string) => boolean): void {
  const origin = req.get('origin');
  res.vary('Origin');
  if (!origin || !allowed(origin)) {
    res.status(403).end();
    return;
  }
  const requested = (req.get('access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  res.set('Access-Control-Allow-Origin', origin);
  res.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.set(
    'Access-Control-Allow-Headers',
    requested.filter((h) => CORS_ALLOWED_HEADERS.includes(h)).join(', ') || CORS_ALLOWED_HEADERS.join(', '),
  );
  res.set('Access-Control-Max-Age', '600');
  res.status(204).end();
}
