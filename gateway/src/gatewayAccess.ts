import type { Request, RequestHandler } from 'express';
import { PARTNER_KEY_HEADER } from '@djnet/shared';
import type { Caller } from './caller';
import { allowOrigin, answerPreflight, originAllowed } from './corsPolicy';
import { GatewayErrorCode, sendGraphqlError } from './gatewayErrors';
import type { OperationManifest } from './operationManifest';
import type { PartnerKeyRegistry } from './partnerKeys';
import type { RateLimiter } from './rateLimiter';

export type RefusalReason =
  'anonymous_refused' | 'unknown_key' | 'revoked_key' | 'keys_not_loaded' | 'origin_not_allowed' | 'rate_limited' | 'operation_not_allowed';

export interface AccessOptions {
  keys: PartnerKeyRegistry;
  limiter: RateLimiter;
  manifest: OperationManifest;
  /** 0 refuses requests with neither key nor account. */
  anonymousRequestsPerMinute: number;
  staffRequestsPerMinute: number;
  allowListMode: 'flagged' | 'keys' | 'all';
  /** Browser origins allowed without a key. */
  corsOrigins: string[];
  onRefused?(reason: RefusalReason): void;
}

/** The operation a request names: its query text and/or its persisted-query hash (POST body or GET parameters). */
function operationOf(req: Request): { query?: string; hash?: string } {
  let source: { query?: unknown; extensions?: unknown } = {};
  if (req.method === 'GET') source = req.query as typeof source;
  else if (req.body && typeof req.body === 'object') source = req.body as typeof source;
  let extensions = source.extensions;
  if (typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      extensions = undefined;
    }
  }
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return { query: typeof source.query === 'string' ? source.query : undefined, hash: typeof hash === 'string' ? hash : undefined };
}

/**
 * Who may use `/graphql`, before Apollo sees the request: identifies the caller (partner key, staff, anonymous),
 * answers CORS by the key's allowed origins, applies the caller's requests-per-minute limit (429 + Retry-After),
 * and holds allow-list callers to the registered operations. Refusals are GraphQL-shaped JSON with a code.
 */
export function gatewayAccess(options: AccessOptions): RequestHandler {
  const { keys, limiter, manifest } = options;
  const refuse = options.onRefused ?? (() => undefined);
  const anyOriginAllowed = (origin: string) => originAllowed(origin, options.corsOrigins) || keys.originAllowedByAnyKey(origin);

  return (req, res, next) => {
    const origin = req.get('origin');
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res, anyOriginAllowed);
      return;
    }
    // Let a browser read a refusal that comes before its key's origins are known.
    const corsForRefusal = () => origin && anyOriginAllowed(origin) && allowOrigin(res, origin);
    const ip = req.ip ?? 'unknown';

    let caller: Caller;
    const presented = req.get(PARTNER_KEY_HEADER);
    if (presented !== undefined) {
      const found = keys.lookup(presented.trim());
      if (found.status !== 'active') {
        corsForRefusal();
        if (found.status === 'not-loaded') {
          refuse('keys_not_loaded');
          res.set('Retry-After', '2');
          sendGraphqlError(res, 503, GatewayErrorCode.KEYS_NOT_LOADED, '网关尚未取得合作方密钥列表，请稍后重试');
        } else if (found.status === 'revoked') {
          refuse('revoked_key');
          sendGraphqlError(res, 401, GatewayErrorCode.API_KEY_REVOKED, 'API 密钥已被撤销');
        } else {
          refuse('unknown_key');
          sendGraphqlError(res, 401, GatewayErrorCode.UNKNOWN_API_KEY, 'API 密钥无效');
        }
        return;
      }
      caller = { kind: 'partner', key: found.key };
    } else if (req.get('authorization')) {
      caller = { kind: 'staff', ip };
    } else {
      if (options.anonymousRequestsPerMinute === 0) {
        corsForRefusal();
        refuse('anonymous_refused');
        sendGraphqlError(res, 401, GatewayErrorCode.API_KEY_REQUIRED, `须在 ${PARTNER_KEY_HEADER} 头中提供 API 密钥`);
        return;
      }
      caller = { kind: 'anonymous', ip };
    }
    res.locals.caller = caller;

    if (origin) {
      const allowed = caller.kind === 'partner' ? caller.key.allowedOrigins : options.corsOrigins;
      if (!originAllowed(origin, allowed)) {
        refuse('origin_not_allowed');
        sendGraphqlError(res, 403, GatewayErrorCode.ORIGIN_NOT_ALLOWED, `来源 ${origin} 不在允许之列`);
        return;
      }
      allowOrigin(res, origin);
    }

    const limit =
      caller.kind === 'partner'
        ? caller.key.requestsPerMinute
        : caller.kind === 'staff'
          ? options.staffRequestsPerMinute
          : options.anonymousRequestsPerMinute;
    const decision = limiter.take(caller.kind === 'partner' ? `key:${caller.key.id}` : `${caller.kind}:${ip}`, limit);
    res.set('X-RateLimit-Limit', String(decision.limit));
    res.set('X-RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      refuse('rate_limited');
      res.set('Retry-After', String(decision.retryAfterSeconds));
      sendGraphqlError(
        res,
        429,
        GatewayErrorCode.RATE_LIMITED,
        `请求过于频繁：每分钟最多 ${decision.limit} 次，请 ${decision.retryAfterSeconds} 秒后重试`,
        {
          retryAfterSeconds: decision.retryAfterSeconds,
          limit: decision.limit,
        },
      );
      return;
    }

    const allowListOnly =
      caller.kind === 'partner'
        ? options.allowListMode !== 'flagged' || caller.key.allowListOnly
        : caller.kind === 'anonymous' && options.allowListMode === 'all';
    if (allowListOnly) {
      const { query, hash } = operationOf(req);
      if (!manifest.allows(query, hash)) {
        refuse('operation_not_allowed');
        sendGraphqlError(res, 403, GatewayErrorCode.OPERATION_NOT_ALLOWED, '此 API 密钥只能运行已登记的操作（白名单模式）', {
          persistedQueryHash: hash ?? null,
        });
        return;
      }
    }
    next();
  };
}
