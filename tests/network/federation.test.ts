import { gql, eventually, launchTestNetwork } from '../support/testNetwork';
import type { LaunchedNetwork } from '../../cli/src/network/launchNetwork';

/** A city, a county and a township, each its own process and database, federated by the gateway. */
describe('federated network through the gateway', () => {
  let net: LaunchedNetwork;

  beforeAll(async () => {
    net = await launchTestNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
    await eventually(
      async () => (await (await fetch(`${net.gatewayUrl}/readyz`)).json()) as { members: string[] },
      (r) => r.members.length === 3,
    );
  });
  afterAll(async () => net?.stop());

  it('answers one query across three nodes', async () => {
    const { status, body } = await gql(
      net.gatewayUrl,
      '{ network { laibin { name tier children } xingbin { name tier parent children } xingbin_fenghuang { code name tier parent } } }',
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      network: {
        laibin: { name: '来宾市党建网', tier: 'CITY', children: ['xingbin'] },
        xingbin: { name: '兴宾区党建网', tier: 'COUNTY', parent: 'laibin', children: ['xingbin_fenghuang'] },
        xingbin_fenghuang: { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'TOWNSHIP', parent: 'xingbin' },
      },
    });
  });

  it('serves the city directory through the gateway', async () => {
    const { body } = await gql<{ sites: { code: string; tier: string; status: string; reachable: boolean }[] }>(
      net.gatewayUrl,
      '{ sites { code tier status reachable } }',
    );
    expect(body.data?.sites.map((s) => s.code)).toEqual(['laibin', 'xingbin', 'xingbin_fenghuang']);
    expect(body.data?.sites.every((s) => s.status === 'ACTIVE' && s.reachable)).toBe(true);
  });

  it('each node answers health and readiness itself', async () => {
    for (const node of net.nodes.values()) {
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${node.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', database: 'reachable' });
    }
  });

  it('a stopped node yields null plus an error naming it, and the rest still answer', async () => {
    await net.stopNode('xingbin_fenghuang');
    const { body } = await gql<{ network: Record<string, unknown> }>(
      net.gatewayUrl,
      '{ network { xingbin { name } xingbin_fenghuang { name } } }',
    );
    expect(body.data?.network.xingbin).toEqual({ name: '兴宾区党建网' });
    expect(body.data?.network.xingbin_fenghuang).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({
      message: '节点 xingbin_fenghuang 不可达',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', node: 'xingbin_fenghuang' },
    });
    await net.restartNode('xingbin_fenghuang');
    const again = await gql(net.gatewayUrl, '{ network { xingbin_fenghuang { name } } }');
    expect(again.body.errors).toBeUndefined();
  });

  it('a node that leaves drops out of the supergraph without a gateway restart', async () => {
    const node = net.nodes.get('xingbin_fenghuang')!;
    const response = await fetch(`${net.cityUrl}/directory/leave`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${node.token}` },
      body: JSON.stringify({ code: 'xingbin_fenghuang' }),
    });
    expect(response.status).toBe(200);
    // The node is still running; stop it so its heartbeat does not re-register it.
    await net.stopNode('xingbin_fenghuang');
    await eventually(
      async () => (await (await fetch(`${net.gatewayUrl}/readyz`)).json()) as { members: string[] },
      (r) => !r.members.includes('xingbin_fenghuang'),
    );
    const { body } = await gql(net.gatewayUrl, '{ network { xingbin_fenghuang { name } } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Joining again (restart registers) brings it back, still without restarting the gateway.
    await net.restartNode('xingbin_fenghuang');
    await eventually(
      async () =>
        (
          await gql<{ network: { xingbin_fenghuang: { name: string } | null } }>(
            net.gatewayUrl,
            '{ network { xingbin_fenghuang { name } } }',
          )
        ).body,
      (b) => b.data?.network?.xingbin_fenghuang?.name === '凤凰镇党建信息服务站',
    );
  });
});
