import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError, ErrorCode } from '../errors/codes';
import type { Logger } from '../logging/logger';

interface HttpErrorLike {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** JSON body for an error: `{ error: { code, message, details? } }`. Never a stack trace. */
export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/**
 * Last middleware of every express app: domain errors keep their code and status, body-parser errors
 * (bad JSON, too large) become 400/413 with a clear message, anything else is logged and answered as a
 * generic 500 without internals.
 */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof DomainError) {
      res.status(err.httpStatus).json(errorBody(err.code, err.message, err.details));
      return;
    }
    // An error made for GraphQL that names its HTTP status (a refused token from authenticateRequest, 401/503):
    // the same answer on a plain route.
    const extensions = (err as { extensions?: { code?: unknown; http?: { status?: unknown } } }).extensions;
    const graphqlStatus = extensions?.http?.status;
    if (typeof graphqlStatus === 'number' && graphqlStatus >= 400 && graphqlStatus < 600 && typeof extensions?.code === 'string') {
      if (graphqlStatus === 503) res.set('Retry-After', '5');
      res.status(graphqlStatus).json(errorBody(extensions.code, (err as Error).message));
      return;
    }
    const httpErr = err as HttpErrorLike;
    const status = httpErr.status ?? httpErr.statusCode;
    if (status && status >= 400 && status < 500) {
      const message =
        httpErr.type === 'entity.too.large'
          ? '请求体过大'
          : httpErr.type === 'entity.parse.failed'
            ? '请求体不是有效的 JSON'
            : httpErr.expose && httpErr.message
              ? httpErr.message
              : '请求无效';
      res.status(status).json(errorBody(ErrorCode.BAD_USER_INPUT, message));
      return;
    }
    log.error({ err, url: req.originalUrl, method: req.method }, 'unhandled error');
    res.status(500).json(errorBody(ErrorCode.INTERNAL, '服务器内部错误'));
  };
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json(errorBody(ErrorCode.NOT_FOUND, `未找到：${req.method} ${req.path}`));
  };
}
