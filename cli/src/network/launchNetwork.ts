import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  openNodeDatabase,
  projectRoot,
  startDatabaseServer,
  type Logger,
  type NetworkFile,
  type NetworkNode,
} from '@djnet/shared';
import { directoryModels, issueRegistrationGrant } from '@djnet/services';
import { startProcess, stopProcess, waitForReady, type ManagedProcess } from './processSupervisor';

export interface LaunchOptions {
  network: NetworkFile;
  /** Folder for the embedded database and logs; `temporary` for tests (removed on stop). */
  dataDir: string | 'temporary';
  mongodbUri?: string;
  log: Logger;
  /** Database name prefix, so several networks can share one server (tests). */
  databasePrefix?: string;
  gatewayPollSeconds?: number;
  heartbeatSeconds?: number;
  startupTimeoutMs?: number;
  /** Extra gateway variables (DJNET_GATEWAY_*), e.g. limits for a test. */
  gatewayEnv?: Record<string, string>;
  /** Extra node variables (DJNET_*), e.g. syndication settings for a test. */
  nodeEnv?: Record<string, string>;
  /** Drop every node's database before starting (the demo's `--fresh` on a MONGODB_URI server). */
  resetDatabases?: boolean;
  /** Extra variables for one node (over nodeEnv), e.g. a node held at an older schema level. */
  nodeEnvFor?: (code: string) => Record<string, string> | undefined;
}

export interface LaunchedNode {
  node: NetworkNode;
  url: string;
  databaseName: string;
  token: string | null;
  /** The variables the node's process was started with (its whole config, DJNET_* and MONGODB_URI). */
  env: Record<string, string>;
  process: ManagedProcess;
}

export interface LaunchedNetwork {
  gatewayUrl: string;
  /** What the gateway's `/internal` routes and `/metrics` ask for (generated per launch; the nodes send it). */
  internalToken: string;
  cityUrl: string;
  databaseUri: string;
  logDir: string;
  nodes: Map<string, LaunchedNode>;
  /** Stops one node's process (as if its server went down). */
  stopNode(code: string): Promise<void>;
  /** Kills one node's process at once (SIGKILL: no shutdown, as in a crash or a power cut). */
  killNode(code: string): Promise<void>;
  /** Starts a stopped node again with the same config, or with some variables changed (as after an upgrade). */
  restartNode(code: string, env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

const serviceScript = () => join(projectRoot(), 'services', 'dist', 'main.js');
const gatewayScript = () => join(projectRoot(), 'gateway', 'dist', 'main.js');

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Fails fast, naming every port of the file that something else already holds. */
async function checkPorts(network: NetworkFile): Promise<void> {
  const taken: string[] = [];
  const all = [{ name: '网关', port: network.gateway.port }, ...network.nodes.map((n) => ({ name: `节点 ${n.code}`, port: n.port }))];
  for (const { name, port } of all) {
    if (!(await portFree(network.host, port))) taken.push(`${name}：端口 ${port} 已被占用`);
  }
  if (taken.length) throw new ConfigError('网群配置', taken);
}

/**
 * Brings up a whole network from one network file: one database server (MONGODB_URI or embedded), the city,
 * the gateway, then the counties and townships, each its own process and database. The launcher acts as the
 * city admin: it issues each node's registration token before starting it.
 */
export async function launchNetwork(options: LaunchOptions): Promise<LaunchedNetwork> {
  const { network, log } = options;
  await checkPorts(network);
  const temporary = options.dataDir === 'temporary';
  const dataDir = temporary ? mkdtempSync(join(tmpdir(), 'djnet-net-')) : (options.dataDir as string);
  const logDir = join(dataDir, 'logs');
  const prefix = options.databasePrefix ?? 'djnet_';
  const timeout = options.startupTimeoutMs ?? 60_000;
  const processes: ManagedProcess[] = [];
  const db = await startDatabaseServer({ mongodbUri: options.mongodbUri, dataDir: join(dataDir, 'ferretdb'), log });

  const stopAll = async () => {
    await Promise.all([...processes].reverse().map((p) => stopProcess(p)));
    await db.stop();
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const city = network.nodes.find((n) => n.tier === 'city')!;
    const url = (port: number) => `http://${network.host}:${port}`;
    const gatewayUrl = url(network.gateway.port);
    const cityUrl = url(city.port);

    if (options.resetDatabases) {
      for (const n of network.nodes) {
        const c = await openNodeDatabase(db.uri, `${prefix}${n.code}`);
        await c.dropDatabase().finally(() => c.close());
      }
    }
    // As the city admin: grant every other node its place in the tree (counties before their townships).
    const cityDb = await openNodeDatabase(db.uri, `${prefix}${city.code}`);
    const tokens = new Map<string, string>();
    try {
      const models = directoryModels(cityDb);
      for (const tier of ['county', 'township'] as const) {
        for (const n of network.nodes.filter((x) => x.tier === tier)) {
          tokens.set(
            n.code,
            await issueRegistrationGrant(models, city.code, { code: n.code, tier, parent: n.parent ?? null, name: n.name }),
          );
        }
      }
    } finally {
      await cityDb.close();
    }

    const nodes = new Map<string, LaunchedNode>();
    const internalToken = randomBytes(24).toString('base64url');
    const envOverrides = new Map<string, Record<string, string>>();
    const envFor = (n: NetworkNode): Record<string, string> => ({
      DJNET_CODE: n.code,
      DJNET_NAME: n.name,
      DJNET_TIER: n.tier,
      DJNET_PARENT: n.parent ?? '',
      DJNET_HOST: network.host,
      DJNET_PORT: String(n.port),
      DJNET_DATABASE: `${prefix}${n.code}`,
      DJNET_CITY_URL: n.tier === 'city' ? '' : cityUrl,
      DJNET_REGISTRATION_TOKEN: tokens.get(n.code) ?? '',
      // The city pokes the gateway on directory changes, every node when it publishes (response cache).
      DJNET_GATEWAY_NOTIFY_URLS: gatewayUrl,
      DJNET_GATEWAY_NOTIFY_TOKEN: internalToken,
      DJNET_HEARTBEAT_SECONDS: String(options.heartbeatSeconds ?? 30),
      DJNET_DATA_DIR: join(dataDir, 'nodes', n.code),
      MONGODB_URI: db.uri,
      ...options.nodeEnv,
      ...options.nodeEnvFor?.(n.code),
      ...envOverrides.get(n.code),
    });
    const startOne = async (n: NetworkNode) => {
      const env = envFor(n);
      const p = startProcess(n.code, serviceScript(), env, logDir);
      processes.push(p);
      nodes.set(n.code, {
        node: n,
        url: url(n.port),
        databaseName: `${prefix}${n.code}`,
        token: tokens.get(n.code) ?? null,
        env,
        process: p,
      });
      await waitForReady(p, `${url(n.port)}/readyz`, timeout);
    };

    await startOne(city);
    const gateway = startProcess(
      'gateway',
      gatewayScript(),
      {
        DJNET_GATEWAY_HOST: network.host,
        DJNET_GATEWAY_PORT: String(network.gateway.port),
        DJNET_CITY_URL: cityUrl,
        DJNET_GATEWAY_POLL_SECONDS: String(options.gatewayPollSeconds ?? 15),
        DJNET_GATEWAY_INTERNAL_TOKEN: internalToken,
        ...options.gatewayEnv,
      },
      logDir,
    );
    processes.push(gateway);
    await Promise.all(network.nodes.filter((n) => n.tier === 'county').map(startOne));
    await Promise.all(network.nodes.filter((n) => n.tier === 'township').map(startOne));
    await waitForReady(gateway, `${gatewayUrl}/readyz`, timeout);

    return {
      gatewayUrl,
      internalToken,
      cityUrl,
      databaseUri: db.uri,
      logDir,
      nodes,
      async stopNode(code) {
        const n = nodes.get(code);
        if (n) await stopProcess(n.process);
      },
      async killNode(code) {
        const n = nodes.get(code);
        if (!n || n.process.child.exitCode !== null || n.process.child.signalCode !== null) return;
        n.process.child.kill('SIGKILL');
        await n.process.exited;
      },
      async restartNode(code, env) {
        const n = nodes.get(code);
        if (!n) throw new Error(`unknown node ${code}`);
        await stopProcess(n.process);
        if (env) envOverrides.set(code, { ...envOverrides.get(code), ...env });
        await startOne(n.node);
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
