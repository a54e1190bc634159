import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, ErrorCode, type Logger } from '@djnet/shared';

/**
 * Domain errors keep their code and message; GraphQL's own errors (validation, parsing) keep theirs;
 * anything else is logged and reported as an internal error without its message or stack.
 */
export function formatGraphqlError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.details ?? {}) } };
    }
    const code = formatted.extensions?.code;
    if (code && code !== ErrorCode.INTERNAL) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log.error({ err: original }, 'graphql resolver error');
    return { message: '服务器内部错误', path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.INTERNAL } };
  };
}
