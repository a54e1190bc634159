import { randomBytes } from 'node:crypto';
import { createLogger, freePort, parseNetworkFile, type Tier } from '../../shared/src';
import { launchNetwork, type LaunchedNetwork } from '../../cli/src/network/launchNetwork';
import { testMongoUri } from './testDatabase';

export interface TestNodeSpec {
  code: string;
  name: string;
  tier: Tier;
  parent?: string;
}

/** A real network for a test: every node its own process and database, on free loopback ports. */
export async function launchTestNetwork(
  nodes: TestNodeSpec[],
  options: {
    gatewayPollSeconds?: number;
    gatewayEnv?: Record<string, string>;
    nodeEnv?: Record<string, string>;
    nodeEnvFor?: (code: string) => Record<string, string> | undefined;
  } = {},
): Promise<LaunchedNetwork> {
  const withPorts = [];
  for (const n of nodes) withPorts.push({ ...n, parent: n.parent ?? null, port: await freePort() });
  const network = parseNetworkFile({ name: 'test', gateway: { port: await freePort() }, nodes: withPorts });
  return launchNetwork({
    network,
    dataDir: 'temporary',
    mongodbUri: testMongoUri(),
    databasePrefix: `t${randomBytes(3).toString('hex')}_`,
    log: createLogger({ component: 'test-launcher' }, 'silent'),
    gatewayPollSeconds: options.gatewayPollSeconds ?? 1,
    heartbeatSeconds: 2,
    // Tests poll the gateway anonymously from one IP: no anonymous limit unless a test sets one.
    gatewayEnv: { DJNET_GATEWAY_ANONYMOUS_REQUESTS_PER_MINUTE: '1000000', ...options.gatewayEnv },
    nodeEnv: options.nodeEnv,
    nodeEnvFor: options.nodeEnvFor,
  });
}

export async function gql<T = unknown>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

/** Kept here for the many tests that import it with the network helpers: one definition, in expectations.ts. */
export { eventually } from './expectations';
