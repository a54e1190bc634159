import { z } from 'zod';
import { CURRENT_SCHEMA_LEVEL, MIN_SUPPORTED_SCHEMA_LEVEL } from '../graphql/schemaLevels';
import { QUERY_LIMITS } from '../graphql/queryLimits';
import { ConfigError } from './configError';

export const gatewayConfigSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number({ error: '端口须为数字' }).int().min(0).max(65535, '端口须在 0–65535 之间'),
  cityUrl: z
    .string({ error: '缺少市级节点地址（cityUrl）：网关从市级目录读取子图列表' })
    .refine((v) => URL.canParse(v) && /^https?:/.test(v), { message: '须为 http(s) 地址' })
    .transform((v) => v.replace(/\/+$/, '')),
  /** How often the directory is re-read even without a poke, in seconds. */
  pollSeconds: z.coerce.number().min(0.2).max(3600).default(15),
  /** Per-subgraph request timeout: a slow node yields null plus an error rather than holding the response. */
  subgraphTimeoutMs: z.coerce.number().int().min(100).max(120000).default(5000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Keep-alive connections the gateway may hold open to each node (more requests queue). */
  subgraphConnections: z.coerce.number().int().min(1).max(1024).default(32),
  /** Requests a minute per client IP without an API key or account; 0 refuses anonymous requests (401). */
  anonymousRequestsPerMinute: z.coerce.number().int().min(0).max(1_000_000).default(120),
  /** Requests a minute per client IP for signed-in staff (Authorization header, no API key). */
  staffRequestsPerMinute: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /** Deepest field allowed below the namespace (`network.<code>` and `Mutation.<code>` do not count). */
  maxDepth: z.coerce.number().int().min(1).max(100).default(QUERY_LIMITS.maxDepth),
  /** Highest estimated cost (fields × list sizes) of one operation. */
  maxCost: z.coerce.number().int().min(1).max(100_000_000).default(QUERY_LIMITS.maxCost),
  /**
   * Who may run only the operations of the operation manifest: `flagged` partner keys (default), every partner
   * `keys`, or `all` requests (anonymous and keys; signed-in staff are never limited to the list).
   */
  allowListMode: z.enum(['flagged', 'keys', 'all'], { error: 'allowListMode 须为 flagged | keys | all 之一' }).default('flagged'),
  /** The registered operations (Apollo persisted-query manifest JSON); by default deploy/operations.json if present. */
  operationManifest: z.string().min(1).optional(),
  /** Browser origins allowed without an API key (the portal); keys bring their own. */
  corsOrigins: z
    .array(
      z
        .string()
        .refine((v) => v === '*' || (URL.canParse(v) && new URL(v).origin === v), { message: '须为来源，如 https://www.example.cn' }),
    )
    .default([]),
  /** Responses kept by the gateway's response cache for public reads; 0 turns it off. */
  responseCacheEntries: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  /** Express `trust proxy`: which proxies' X-Forwarded-For to believe for the client IP (rate limits). */
  trustProxy: z.string().default('loopback'),
  /**
   * When set, `/internal/*` (the pokes from nodes) and `/metrics` require `Authorization: Bearer <token>`; nodes send
   * it as their `gatewayNotifyToken`. Without it, keep those paths off the public network (deploy/ does).
   */
  internalToken: z.string().min(16, '内部令牌至少 16 个字符').optional(),
  /** Nodes announcing a lower schema level than this are left out of the supergraph (and reported in /readyz). */
  minSchemaLevel: z.coerce
    .number({ error: '最低模式级别须为整数' })
    .int('最低模式级别须为整数')
    .min(MIN_SUPPORTED_SCHEMA_LEVEL, `最低模式级别须在 ${MIN_SUPPORTED_SCHEMA_LEVEL}–${CURRENT_SCHEMA_LEVEL} 之间`)
    .max(CURRENT_SCHEMA_LEVEL, `最低模式级别须在 ${MIN_SUPPORTED_SCHEMA_LEVEL}–${CURRENT_SCHEMA_LEVEL} 之间`)
    .default(MIN_SUPPORTED_SCHEMA_LEVEL),
});

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

export function parseGatewayConfig(input: unknown, source = '网关配置'): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(input);
  if (!result.success) throw ConfigError.fromZod(source, result.error);
  return result.data;
}
