import { readFileSync } from 'node:fs';
import { ConfigError } from './configError';
import { parseNodeConfig, type NodeConfig } from './nodeConfig';
import { parseGatewayConfig, type GatewayConfig } from './gatewayConfig';

/**
 * The one place that reads process.env. Each variable maps to one config field; a JSON file named by
 * DJNET_CONFIG gives the base and the variables override it. See README "Configuration".
 */
type Env = Record<string, string | undefined>;

const NODE_ENV_FIELDS: Record<string, string> = {
  DJNET_CODE: 'code',
  DJNET_NAME: 'name',
  DJNET_TIER: 'tier',
  DJNET_PARENT: 'parent',
  DJNET_HOST: 'host',
  DJNET_PORT: 'port',
  DJNET_DATABASE: 'databaseName',
  DJNET_PUBLIC_URL: 'publicBaseUrl',
  DJNET_CITY_URL: 'cityUrl',
  DJNET_REGISTRATION_TOKEN: 'registrationToken',
  MONGODB_URI: 'mongodbUri',
  DJNET_DATA_DIR: 'dataDir',
  DJNET_LOG_LEVEL: 'logLevel',
  DJNET_HEARTBEAT_SECONDS: 'heartbeatSeconds',
  DJNET_STALE_AFTER_SECONDS: 'staleAfterSeconds',
  DJNET_SYNDICATION_PULL_SECONDS: 'syndicationPullSeconds',
  DJNET_SYNDICATION_BATCH_SIZE: 'syndicationBatchSize',
  DJNET_SYNDICATION_AUTO_ADOPT: 'syndicationAutoAdopt',
  DJNET_SMTP_ENABLED: 'smtpEnabled',
  DJNET_SMTP_HOST: 'smtpHost',
  DJNET_SMTP_PORT: 'smtpPort',
  DJNET_SMTP_SECURE: 'smtpSecure',
  DJNET_SMTP_USER: 'smtpUser',
  DJNET_SMTP_PASSWORD: 'smtpPassword',
  DJNET_SMTP_FROM: 'smtpFrom',
  DJNET_SCHEMA_LEVEL: 'schemaLevel',
  DJNET_GATEWAY_NOTIFY_TOKEN: 'gatewayNotifyToken',
  DJNET_METRICS_TOKEN: 'metricsToken',
  DJNET_TRUST_PROXY: 'trustProxy',
};

const GATEWAY_ENV_FIELDS: Record<string, string> = {
  DJNET_GATEWAY_HOST: 'host',
  DJNET_GATEWAY_PORT: 'port',
  DJNET_CITY_URL: 'cityUrl',
  DJNET_GATEWAY_POLL_SECONDS: 'pollSeconds',
  DJNET_GATEWAY_SUBGRAPH_TIMEOUT_MS: 'subgraphTimeoutMs',
  DJNET_GATEWAY_SUBGRAPH_CONNECTIONS: 'subgraphConnections',
  DJNET_GATEWAY_ANONYMOUS_REQUESTS_PER_MINUTE: 'anonymousRequestsPerMinute',
  DJNET_GATEWAY_STAFF_REQUESTS_PER_MINUTE: 'staffRequestsPerMinute',
  DJNET_GATEWAY_MAX_DEPTH: 'maxDepth',
  DJNET_GATEWAY_MAX_COST: 'maxCost',
  DJNET_GATEWAY_ALLOW_LIST_MODE: 'allowListMode',
  DJNET_GATEWAY_OPERATION_MANIFEST: 'operationManifest',
  DJNET_GATEWAY_CORS_ORIGINS: 'corsOrigins',
  DJNET_GATEWAY_RESPONSE_CACHE_ENTRIES: 'responseCacheEntries',
  DJNET_GATEWAY_TRUST_PROXY: 'trustProxy',
  DJNET_GATEWAY_MIN_SCHEMA_LEVEL: 'minSchemaLevel',
  DJNET_GATEWAY_INTERNAL_TOKEN: 'internalToken',
  DJNET_LOG_LEVEL: 'logLevel',
};

const LIST_FIELDS = new Set(['gatewayNotifyUrls', 'corsOrigins']);

function readJsonFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [`无法读取配置文件：${(e as Error).message}`]);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('顶层须为对象');
    return value as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(path, [`配置文件不是有效的 JSON：${(e as Error).message}`]);
  }
}

function overlay(base: Record<string, unknown>, env: Env, fields: Record<string, string>): Record<string, unknown> {
  const out = { ...base };
  for (const [variable, field] of Object.entries(fields)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    out[field] = LIST_FIELDS.has(field)
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value;
  }
  if (env.DJNET_GATEWAY_NOTIFY_URLS) out.gatewayNotifyUrls = env.DJNET_GATEWAY_NOTIFY_URLS.split(',').map((s) => s.trim());
  return out;
}

export function nodeConfigFromEnvironment(env: Env = process.env): NodeConfig {
  const base = env.DJNET_CONFIG ? readJsonFile(env.DJNET_CONFIG) : {};
  return parseNodeConfig(overlay(base, env, NODE_ENV_FIELDS), env.DJNET_CONFIG ?? '环境变量');
}

export function gatewayConfigFromEnvironment(env: Env = process.env): GatewayConfig {
  const base = env.DJNET_GATEWAY_CONFIG ? readJsonFile(env.DJNET_GATEWAY_CONFIG) : {};
  return parseGatewayConfig(overlay(base, env, GATEWAY_ENV_FIELDS), env.DJNET_GATEWAY_CONFIG ?? '环境变量');
}

/** Where the embedded database keeps its build (tools folder); overridable for CI caches. */
export function toolsDirFromEnvironment(env: Env = process.env): string | undefined {
  return env.DJNET_TOOLS_DIR || undefined;
}

export function mongodbUriFromEnvironment(env: Env = process.env): string | undefined {
  return env.MONGODB_URI || undefined;
}
