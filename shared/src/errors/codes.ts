/** Error codes carried by GraphQL errors (extensions.code) and HTTP error bodies. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** A request body over the route's limit (HTTP 413). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A request body in a type, charset or encoding the route does not read (HTTP 415). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** Too many attempts from this source (HTTP 429, `retryAfterSeconds` in the details). */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  /** Another node this request depends on cannot be reached now (try again later). */
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const httpStatusByCode: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * An error the caller can act on: it carries a code, a user-facing message (zh-CN) and optional
 * details (e.g. which field is wrong). Anything that is not a DomainError is reported as an internal error
 * without its stack or message leaking to the client.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) => new DomainError(ErrorCode.BAD_USER_INPUT, message, details);
export const unauthenticated = (message = '未登录或凭证无效') => new DomainError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = '无权执行此操作', details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.FORBIDDEN, message, details);
export const notFound = (message: string) => new DomainError(ErrorCode.NOT_FOUND, message);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError(ErrorCode.CONFLICT, message, details);

/** Whether an error is a DomainError with this code (e.g. a compare-and-set that lost: CONFLICT). */
export const hasErrorCode = (e: unknown, code: ErrorCode): boolean => e instanceof DomainError && e.code === code;
