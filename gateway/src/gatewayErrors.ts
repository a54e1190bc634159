import type { Response } from 'express';

/** Error codes the gateway itself gives (in `extensions.code`, beside Apollo's and the nodes'). */
export const GatewayErrorCode = {
  API_KEY_REQUIRED: 'API_KEY_REQUIRED',
  UNKNOWN_API_KEY: 'UNKNOWN_API_KEY',
  API_KEY_REVOKED: 'API_KEY_REVOKED',
  KEYS_NOT_LOADED: 'SERVICE_UNAVAILABLE',
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  RATE_LIMITED: 'RATE_LIMITED',
  OPERATION_NOT_ALLOWED: 'OPERATION_NOT_ALLOWED',
} as const;

/**
 * Refuses a GraphQL request before it runs with a GraphQL-shaped body (`{ errors: [{ message, extensions }] }`,
 * what GraphQL clients parse) and an HTTP status.
 */
export function sendGraphqlError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}
