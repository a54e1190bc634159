import { z } from 'zod';
import { CURRENT_SCHEMA_LEVEL, MIN_SUPPORTED_SCHEMA_LEVEL } from '../graphql/schemaLevels';
import { ConfigError } from './configError';
import { NODE_CODE_RULE, PARENT_TIER, TIERS, isValidNodeCode } from './nodeCode';

export const nodeCodeSchema = z.string({ error: '缺少节点代码' }).refine(isValidNodeCode, { message: NODE_CODE_RULE });

const urlSchema = z
  .string()
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), { message: '须为 http(s) 地址，如 http://127.0.0.1:4001' })
  .transform((v) => v.replace(/\/+$/, ''));

/**
 * Everything that describes one node service. Checked once at start-up; nothing else reads the environment.
 */
export const nodeConfigSchema = z
  .object({
    code: nodeCodeSchema,
    name: z.string({ error: '缺少站点名称' }).trim().min(1, '站点名称不能为空').max(60, '站点名称过长（最多 60 字）'),
    tier: z.enum(TIERS, { error: `层级须为 ${TIERS.join(' | ')} 之一` }),
    parent: nodeCodeSchema.nullable().default(null),
    host: z.string().default('127.0.0.1'),
    port: z.coerce
      .number({ error: '端口须为数字' })
      .int('端口须为整数')
      .min(0, '端口须在 0–65535 之间')
      .max(65535, '端口须在 0–65535 之间'),
    databaseName: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, '数据库名只能含字母、数字、下划线和连字符（最多 63 个字符）')
      .optional(),
    publicBaseUrl: urlSchema.optional(),
    /** Where the city node is reached (for registration). Not used by the city itself. */
    cityUrl: urlSchema.optional(),
    /** The registration token the city issued for this node's code. */
    registrationToken: z.string().min(16, '注册令牌长度不足').optional(),
    /** A MongoDB connection string; when absent the embedded database is used. */
    mongodbUri: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI 须以 mongodb:// 或 mongodb+srv:// 开头')
      .optional(),
    /** Folder for the embedded database's files and other node state. */
    dataDir: z.string().default('data'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** How often the node re-registers with the city (its heartbeat), in seconds. */
    heartbeatSeconds: z.coerce.number().int().min(1).max(3600).default(30),
    /** Gateways to poke: by the city when the directory or partner keys change, by every node when it publishes. */
    gatewayNotifyUrls: z.array(urlSchema).default([]),
    /** Sent with those pokes when the gateways protect their `/internal` routes (gateway `internalToken`). */
    gatewayNotifyToken: z.string().min(16, '网关通知令牌至少 16 个字符').optional(),
    /** Required as `Authorization: Bearer <token>` by `GET /metrics` when set (the Prometheus scraper sends it). */
    metricsToken: z.string().min(16, '监控令牌至少 16 个字符').optional(),
    /**
     * Express `trust proxy`: whose `X-Forwarded-For` gives the client address for limits (see http/clientAddress.ts).
     * List the gateway and the ingress only; the default believes the loopback (one host, as in the demo).
     */
    trustProxy: z.string().trim().min(1).default('loopback'),
    /** City only: seconds without a heartbeat after which a node is shown as unreachable. */
    staleAfterSeconds: z.coerce.number().int().min(5).default(120),
    /** Syndication: how often each edge is pulled on schedule (pokes make it sooner), in seconds. */
    syndicationPullSeconds: z.coerce.number().int().min(1).max(3600).default(30),
    /** Syndication: most events read per request of an edge. */
    syndicationBatchSize: z.coerce.number().int().min(1).max(500).default(200),
    /**
     * The highest schema level this node announces to the network (default: the highest its code supports). An
     * operator holds a node at the previous level while the rest of the network upgrades, or pins it back after one.
     */
    schemaLevel: z.coerce
      .number({ error: '模式级别须为整数' })
      .int('模式级别须为整数')
      .min(MIN_SUPPORTED_SCHEMA_LEVEL, `模式级别须在 ${MIN_SUPPORTED_SCHEMA_LEVEL}–${CURRENT_SCHEMA_LEVEL} 之间`)
      .max(
        CURRENT_SCHEMA_LEVEL,
        `模式级别须在 ${MIN_SUPPORTED_SCHEMA_LEVEL}–${CURRENT_SCHEMA_LEVEL} 之间（本版本最高 ${CURRENT_SCHEMA_LEVEL}）`,
      )
      .default(CURRENT_SCHEMA_LEVEL),
    /** Syndication: adopt items from children automatically unless an edge's own policy says otherwise. */
    syndicationAutoAdopt: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === '1')
      .default(false),
    /** Officer reminders (催报) by e-mail through SMTP; off by default (reminders are then in-system messages only). */
    smtpEnabled: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === '1')
      .default(false),
    smtpHost: z.string().trim().min(1, 'SMTP 主机不能为空').optional(),
    smtpPort: z.coerce.number().int().min(1, 'SMTP 端口须在 1–65535 之间').max(65535, 'SMTP 端口须在 1–65535 之间').default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    smtpSecure: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === '1')
      .default(false),
    smtpUser: z.string().optional(),
    smtpPassword: z.string().optional(),
    /** Sender, e.g. `兴宾区党建网 <dangjian@example.gov.cn>`. */
    smtpFrom: z.string().trim().min(3, '发件人地址无效').optional(),
  })
  .superRefine((c, ctx) => {
    if (c.smtpEnabled && !c.smtpHost) {
      ctx.addIssue({ code: 'custom', path: ['smtpHost'], message: '启用邮件催报（smtpEnabled）须配置 SMTP 主机（smtpHost）' });
    }
    const parentTier = PARENT_TIER[c.tier];
    if (parentTier === null && c.parent !== null) {
      ctx.addIssue({ code: 'custom', path: ['parent'], message: '市级（龙头）节点不能有上级' });
    }
    if (parentTier !== null && c.parent === null) {
      ctx.addIssue({ code: 'custom', path: ['parent'], message: `${c.tier === 'county' ? '县级' : '乡镇'}节点必须指定上级节点代码` });
    }
    if (c.parent !== null && c.parent === c.code) {
      ctx.addIssue({ code: 'custom', path: ['parent'], message: '上级节点不能是自己' });
    }
    if (c.tier !== 'city' && !c.cityUrl) {
      ctx.addIssue({ code: 'custom', path: ['cityUrl'], message: '非市级节点必须配置市级节点地址（cityUrl），用于注册' });
    }
    if (c.tier !== 'city' && !c.registrationToken) {
      ctx.addIssue({ code: 'custom', path: ['registrationToken'], message: '非市级节点必须配置市级节点签发的注册令牌' });
    }
  })
  .transform((c) => ({
    ...c,
    databaseName: c.databaseName ?? `djnet_${c.code}`,
    /** Null when the port is chosen at start-up (port 0): the service fills it in once it listens. */
    publicBaseUrl: c.publicBaseUrl ?? (c.port === 0 ? null : defaultBaseUrl(c.host, c.port)),
  }));

export type NodeConfigInput = z.input<typeof nodeConfigSchema>;
export type NodeConfig = z.output<typeof nodeConfigSchema>;

export function parseNodeConfig(input: unknown, source = '节点配置'): NodeConfig {
  const result = nodeConfigSchema.safeParse(input);
  if (!result.success) throw ConfigError.fromZod(source, result.error);
  return result.data;
}

export function defaultBaseUrl(host: string, port: number): string {
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
}
