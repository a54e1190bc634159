import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The policy every response starts with: nothing may load or run (`default-src 'none'`), nothing may frame it.
 * Feeds, JSON, CSV, plain text and error answers keep it; HTML pages replace it with their own, which still runs
 * no script (site pages) or only the node's own (the console's editor, the readers' proof of work).
 */
export const DEFAULT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Security headers on every response of a node or the gateway, set first so that no route can forget them
 * (helmet): `X-Content-Type-Options: nosniff`, the default CSP above, `X-Frame-Options`, `Referrer-Policy`,
 * `Cross-Origin-Opener-Policy` and the rest of helmet's defaults. Two are changed: public content (pictures, feeds)
 * may be used by other sites (`Cross-Origin-Resource-Policy: cross-origin`), and HSTS is left to the TLS proxy in
 * front (the demo and the nodes' own ports speak plain HTTP).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    strictTransportSecurity: false,
  }) as RequestHandler;
}
