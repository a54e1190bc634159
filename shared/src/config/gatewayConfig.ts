import { z } from 'zod';
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
});

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

export function parseGatewayConfig(input: unknown, source = '网关配置'): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(input);
  if (!result.success) throw ConfigError.fromZod(source, result.error);
  return result.data;
}
