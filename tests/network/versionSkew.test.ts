import { join } from 'node:path';
import { CURRENT_SCHEMA_LEVEL, freePort, projectRoot } from '../../shared/src';
import { startProcess, stopProcess, waitForReady, type ManagedProcess } from '../../cli/src/network/processSupervisor';
import type { LaunchedNetwork } from '../../cli/src/network/launchNetwork';
import { eventually, gql, launchTestNetwork } from '../support/testNetwork';

interface Readyz {
  schemaLevel: number | null;
  members: string[];
  excluded: { code: string; reason: string }[];
}

const readyz = async (gatewayUrl: string) => (await (await fetch(`${gatewayUrl}/readyz`)).json()) as Readyz;

/**
 * Version skew with real processes: nodes of one network announce different schema levels (an operator holds a
 * node at the previous level with DJNET_SCHEMA_LEVEL, which serves exactly what the previous release served).
 * Level 2 added `Site.lastPublishedAt`.
 */
describe('version skew between nodes', () => {
  let net: LaunchedNetwork;
  const strict: ManagedProcess[] = [];

  beforeAll(async () => {
    // The test pins the levels it is about (1 and 2: level 2 added `lastPublishedAt`); later levels add more.
    expect(CURRENT_SCHEMA_LEVEL).toBeGreaterThanOrEqual(2);
    net = await launchTestNetwork(
      [
        { code: 'laibin', name: '来宾市党建网', tier: 'city' },
        { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
        { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
      ],
      // The township runs level 1, the others level 2.
      { nodeEnvFor: (code) => ({ DJNET_SCHEMA_LEVEL: code === 'xingbin_fenghuang' ? '1' : '2' }) },
    );
  }, 120_000);
  afterAll(async () => {
    for (const p of strict) await stopProcess(p);
    await net?.stop();
  });

  it('one node behind: the network is composed at the older level and keeps serving; the new field is not offered', async () => {
    // Every node has registered once the township is a member (the gateway may have been ready before that).
    const ready = await eventually(
      () => readyz(net.gatewayUrl),
      (r) => r.members.includes('xingbin_fenghuang'),
      30_000,
    );
    expect(ready.schemaLevel).toBe(1);
    expect(ready.members.sort()).toEqual(['laibin', 'xingbin', 'xingbin_fenghuang']);
    expect(ready.excluded).toEqual([]);

    const old = await gql<{ network: Record<string, { name: string; schemaLevel: number }> }>(
      net.gatewayUrl,
      '{ network { laibin { name schemaLevel } xingbin_fenghuang { name schemaLevel } } }',
    );
    expect(old.body.errors).toBeUndefined();
    expect(old.body.data?.network.laibin?.schemaLevel).toBe(2);
    expect(old.body.data?.network.xingbin_fenghuang?.schemaLevel).toBe(1);

    // Asking for the level-2 field is a validation error of the request, not a failure of the network.
    const ahead = await gql(net.gatewayUrl, '{ network { laibin { lastPublishedAt } } }');
    expect(ahead.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(ahead.body.errors?.[0]?.message).toContain('lastPublishedAt');
  });

  it('a gateway that requires the newer level leaves the old node out, reports it, and serves the rest with the new field', async () => {
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    const p = startProcess(
      'gateway-level2',
      join(projectRoot(), 'gateway', 'dist', 'main.js'),
      {
        DJNET_GATEWAY_HOST: '127.0.0.1',
        DJNET_GATEWAY_PORT: String(port),
        DJNET_CITY_URL: net.cityUrl,
        DJNET_GATEWAY_POLL_SECONDS: '1',
        DJNET_GATEWAY_MIN_SCHEMA_LEVEL: '2',
        DJNET_GATEWAY_ANONYMOUS_REQUESTS_PER_MINUTE: '1000000',
      },
      net.logDir,
    );
    strict.push(p);
    await waitForReady(p, `${gatewayUrl}/readyz`, 60_000);
    const ready = await readyz(gatewayUrl);
    expect(ready.schemaLevel).toBe(2);
    expect(ready.members.sort()).toEqual(['laibin', 'xingbin']);
    expect(ready.excluded).toEqual([{ code: 'xingbin_fenghuang', reason: expect.stringContaining('低于网关支持的最低级别 2') }]);

    const { body } = await gql<{ network: { laibin: { lastPublishedAt: string | null }; xingbin: { name: string } } }>(
      gatewayUrl,
      '{ network { laibin { lastPublishedAt } xingbin { name } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.network.xingbin.name).toBe('兴宾区党建网');
    expect(body.data?.network.laibin.lastPublishedAt).toBeNull();
    // The excluded node is simply not part of this gateway's network.
    const missing = await gql(gatewayUrl, '{ network { xingbin_fenghuang { name } } }');
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('once the last node is upgraded, the new field appears network-wide without a gateway restart', async () => {
    await net.restartNode('xingbin_fenghuang', { DJNET_SCHEMA_LEVEL: '2' });
    const ready = await eventually(
      () => readyz(net.gatewayUrl),
      (r) => r.schemaLevel === 2,
      30_000,
    );
    expect(ready.members.sort()).toEqual(['laibin', 'xingbin', 'xingbin_fenghuang']);
    const { body } = await gql<{ network: Record<string, { lastPublishedAt: string | null }> }>(
      net.gatewayUrl,
      '{ network { laibin { lastPublishedAt } xingbin { lastPublishedAt } xingbin_fenghuang { lastPublishedAt } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data?.network ?? {}).sort()).toEqual(['laibin', 'xingbin', 'xingbin_fenghuang']);
  });

  it('a node configured with a level this release cannot serve stops with a clear message', async () => {
    const p = startProcess(
      'bad-level',
      join(projectRoot(), 'services', 'dist', 'main.js'),
      {
        DJNET_CODE: 'heshan',
        DJNET_NAME: '合山市党建网',
        DJNET_TIER: 'county',
        DJNET_PARENT: 'laibin',
        DJNET_PORT: String(await freePort()),
        DJNET_CITY_URL: net.cityUrl,
        DJNET_REGISTRATION_TOKEN: 'x'.repeat(32),
        DJNET_SCHEMA_LEVEL: '9',
        MONGODB_URI: net.databaseUri,
      },
      net.logDir,
    );
    expect(await p.exited).toBe(2);
    expect(p.stderrTail()).toContain(`模式级别须在 1–${CURRENT_SCHEMA_LEVEL} 之间`);
  });
});
