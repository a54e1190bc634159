import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '@djnet/shared';
import { callerLabel, type Caller } from './caller';

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a sane token, else a new UUID), returns it in
 * `X-Request-Id`, and writes one structured JSON line per request when it ends: id, method, path, status,
 * duration, caller (partner id, staff, anonymous), operation, cache result. The id is also sent to the nodes.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    const fields: Record<string, unknown> = {};
    res.locals.requestId = requestId;
    res.locals.logFields = fields;
    res.set('X-Request-Id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      // originalUrl: by now a mounted router may have cut req.url down to '/'.
      const path = req.originalUrl.split('?')[0]!;
      const line = {
        reqId: requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        caller: callerLabel(res.locals.caller as Caller | undefined),
        cache: res.getHeader('x-cache'),
        ...fields,
      };
      if (QUIET_PATHS.has(path)) log.debug(line, 'request');
      else log.info(line, 'request');
    });
    next();
  };
}
