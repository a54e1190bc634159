import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, parseNodeConfig, type NodeConfigInput } from '../../shared/src';
import { startNode, issueRegistrationGrant, type RunningNode } from '../../services/src';
import { testMongoUri } from './testDatabase';
import type { TestNodeSpec } from './testNetwork';

export interface InProcessNetwork {
  nodes: Map<string, RunningNode>;
  node(code: string): RunningNode;
  stop(): Promise<void>;
}

/**
 * Several real nodes in this test process: each its own database and HTTP server on a free port, the city's
 * directory, registration with tokens — everything but separate processes (tests/network/ covers those).
 * Cheaper than processes, and tests can reach each node's models directly for assertions.
 */
export async function startInProcessNetwork(
  specs: TestNodeSpec[],
  options: { logLevel?: string; config?: Partial<NodeConfigInput>; configFor?: (code: string) => Partial<NodeConfigInput> } = {},
): Promise<InProcessNetwork> {
  const prefix = `t${randomBytes(3).toString('hex')}_`;
  const dataDir = mkdtempSync(join(tmpdir(), 'djnet-inproc-'));
  const nodes = new Map<string, RunningNode>();
  const log = createLogger({ test: 'in-process' }, options.logLevel ?? 'silent');
  const stop = async () => {
    for (const n of [...nodes.values()].reverse()) {
      await n.stop();
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const citySpec = specs.find((s) => s.tier === 'city');
    if (!citySpec) throw new Error('a network needs a city');
    const base = { host: '127.0.0.1', port: 0, mongodbUri: testMongoUri(), dataDir, heartbeatSeconds: 2, ...options.config };
    const extra = (code: string) => options.configFor?.(code) ?? {};
    const city = await startNode(
      parseNodeConfig({
        ...base,
        ...extra(citySpec.code),
        code: citySpec.code,
        name: citySpec.name,
        tier: 'city',
        databaseName: `${prefix}${citySpec.code}`,
      }),
      log.child({ node: citySpec.code }),
    );
    nodes.set(citySpec.code, city);
    for (const tier of ['county', 'township'] as const) {
      for (const spec of specs.filter((s) => s.tier === tier)) {
        const token = await issueRegistrationGrant(city.directory!, citySpec.code, {
          code: spec.code,
          tier,
          parent: spec.parent ?? null,
          name: spec.name,
        });
        const node = await startNode(
          parseNodeConfig({
            ...base,
            ...extra(spec.code),
            code: spec.code,
            name: spec.name,
            tier,
            parent: spec.parent,
            databaseName: `${prefix}${spec.code}`,
            cityUrl: city.url,
            registrationToken: token,
          }),
          log.child({ node: spec.code }),
        );
        nodes.set(spec.code, node);
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    nodes,
    node(code) {
      const n = nodes.get(code);
      if (!n) throw new Error(`no node ${code}`);
      return n;
    },
    stop,
  };
}
