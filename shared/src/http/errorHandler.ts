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

const BODY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  'entity.too.large': { code: ErrorCode.PAYLOAD_TOO_LARGE, message: '请求体过大' },
  'parameters.too.many': { code: ErrorCode.PAYLOAD_TOO_LARGE, message: '表单字段过多' },
  'charset.unsupported': { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: '不支持请求体的字符集（请用 UTF-8）' },
  'encoding.unsupported': { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: '不支持请求体的压缩编码' },
  'entity.parse.failed': { code: ErrorCode.BAD_USER_INPUT, message: '请求体格式无效' },
  'request.aborted': { code: ErrorCode.BAD_USER_INPUT, message: '请求体未传完' },
  'request.size.invalid': { code: ErrorCode.BAD_USER_INPUT, message: '请求体长度与 Content-Length 不符' },
};

/**
 * What a request error that is not a DomainError means for the caller, as a DomainError: the body parsers' errors
 * (express.json / urlencoded / raw: too large → 413, unknown charset or encoding → 415, unreadable → 400) and any
 * other http-errors 4xx. Null for everything else (a fault of ours: 500). Every error handler of the node and the
 * gateway asks this first, so a parser error is a 4xx on every route, HTML or JSON.
 */
export function requestError(err: unknown): DomainError | null {
  if (err instanceof DomainError) return err;
  const httpErr = err as HttpErrorLike | null;
  if (!httpErr || typeof httpErr !== 'object') return null;
  const known = httpErr.type ? BODY_ERRORS[httpErr.type] : undefined;
  if (known)
    return new DomainError(known.code, httpErr.type === 'entity.parse.failed' && httpErr.status === 400 ? jsonMessage(err) : known.message);
  const status = httpErr.status ?? httpErr.statusCode;
  if (status === 413) return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, '请求体过大');
  if (status === 415) return new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, '不支持的请求体类型');
  if (status && status >= 400 && status < 500) {
    return new DomainError(ErrorCode.BAD_USER_INPUT, httpErr.expose && httpErr.message ? httpErr.message : '请求无效');
  }
  return null;
}

/** express.json's parse failures say so in JSON terms; others (urlencoded) keep the generic message. */
function jsonMessage(err: unknown): string {
  return err instanceof SyntaxError ? '请求体不是有效的 JSON' : '请求体格式无效';
}

/**
 * Last middleware of every express app: domain errors keep their code and status, request errors (bad JSON, too
 * large, unknown charset) become 400/413/415 with a clear message, anything else is logged and answered as a
 * generic 500 without internals.
 */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    // An error made for GraphQL that names its HTTP status (a refused token from authenticateRequest, 401/503):
    // the same answer on a plain route.
    const extensions = (err as { extensions?: { code?: unknown; http?: { status?: unknown } } } | null)?.extensions;
    const graphqlStatus = extensions?.http?.status;
    if (typeof graphqlStatus === 'number' && graphqlStatus >= 400 && graphqlStatus < 600 && typeof extensions?.code === 'string') {
      if (graphqlStatus === 503) res.set('Retry-After', '5');
      res.status(graphqlStatus).json(errorBody(extensions.code, (err as Error).message));
      return;
    }
    const known = requestError(err);
    if (known) {
      const retry = known.details?.retryAfterSeconds;
      if (typeof retry === 'number') res.set('Retry-After', String(retry));
      res.status(known.httpStatus).json(errorBody(known.code, known.message, known.details));
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
