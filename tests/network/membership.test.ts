import { join } from 'node:path';
import { freePort, projectRoot } from '../../shared/src';
import { startProcess, type ManagedProcess } from '../../cli/src/network/processSupervisor';
import type { LaunchedNetwork } from '../../cli/src/network/launchNetwork';
import { eventually, gql, launchTestNetwork } from '../support/testNetwork';
import { issueTokenForTest } from '../support/issueTokenForTest';

/** Joining, refusal and bad subgraphs, with real processes. */
describe('network membership', () => {
  let net: LaunchedNetwork;
  const extra: ManagedProcess[] = [];

  beforeAll(async () => {
    net = await launchTestNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
    ]);
  });
  afterAll(async () => {
    for (const p of extra) p.child.kill('SIGKILL');
    await net?.stop();
  });

  const readyz = async () =>
    (await (await fetch(`${net.gatewayUrl}/readyz`)).json()) as { members: string[]; excluded: { code: string; reason: string }[] };

  function startNodeProcess(env: Record<string, string>): ManagedProcess {
    const p = startProcess(
      `extra-${extra.length}`,
      join(projectRoot(), 'services/dist/main.js'),
      { MONGODB_URI: net.databaseUri, DJNET_CITY_URL: net.cityUrl, ...env },
      net.logDir,
    );
    extra.push(p);
    return p;
  }

  it('a node with a bad registration token is refused: it exits with a clear message and stays out of the directory', async () => {
    const p = startNodeProcess({
      DJNET_CODE: 'heshan',
      DJNET_NAME: '合山市党建网',
      DJNET_TIER: 'county',
      DJNET_PARENT: 'laibin',
      DJNET_PORT: String(await freePort()),
      DJNET_DATABASE: `${net.nodes.get('xingbin')!.databaseName}_heshan`,
      DJNET_REGISTRATION_TOKEN: 'djreg_this-is-not-a-valid-token',
    });
    expect(await p.exited).toBe(2);
    expect(p.stderrTail()).toContain('市级节点拒绝注册（HTTP 401）：注册令牌无效或已撤销');
    const { body } = await gql<{ site: unknown }>(net.gatewayUrl, '{ site(code: "heshan") { code } }');
    expect(body.data?.site).toBeNull();
  });

  it('a node whose port is taken stops with a clear message', async () => {
    const xingbin = net.nodes.get('xingbin')!;
    const p = startNodeProcess({
      DJNET_CODE: 'xingbin',
      DJNET_NAME: '兴宾区党建网',
      DJNET_TIER: 'county',
      DJNET_PARENT: 'laibin',
      DJNET_PORT: String(xingbin.node.port),
      DJNET_DATABASE: xingbin.databaseName,
      DJNET_REGISTRATION_TOKEN: xingbin.token!,
    });
    expect(await p.exited).toBe(2);
    expect(p.stderrTail()).toContain(`端口 ${xingbin.node.port} 已被占用`);
  });

  it('a node with bad config stops with every problem listed', async () => {
    const p = startNodeProcess({ DJNET_CODE: 'Bad-Code', DJNET_NAME: 'x', DJNET_TIER: 'province', DJNET_PORT: '99999' });
    expect(await p.exited).toBe(2);
    const text = p.stderrTail();
    expect(text).toContain('code：节点代码须为小写拼音');
    expect(text).toContain('tier：层级须为 city | county | township 之一');
    expect(text).toContain('port：端口须在 0–65535 之间');
  });

  it('the directory answers bad HTTP requests with 4xx and a JSON message', async () => {
    const noToken = await fetch(`${net.cityUrl}/directory/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: '缺少注册令牌' } });
    const badJson = await fetch(`${net.cityUrl}/directory/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: '{"code":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: '请求体不是有效的 JSON' } });
    expect((await fetch(`${net.cityUrl}/nowhere`)).status).toBe(404);
  });

  it('a subgraph that fails to compose is left out and reported; the gateway keeps serving the rest', async () => {
    const xingbin = net.nodes.get('xingbin')!;
    // xingbin re-registers with an SDL whose shared type conflicts with every other node's (Site.code: Int!).
    const badSdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@shareable"])
      type Query { network: Network! @shareable }
      type Network @shareable { xingbin: Site }
      type Site @shareable { code: Int! }`;
    await net.stopNode('xingbin');
    const response = await fetch(`${net.cityUrl}/directory/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${xingbin.token}` },
      body: JSON.stringify({
        code: 'xingbin',
        name: '兴宾区党建网',
        tier: 'county',
        parent: 'laibin',
        url: xingbin.url,
        schemaLevel: 1,
        sdlByLevel: { '1': badSdl },
      }),
    });
    expect(response.status).toBe(200);
    const state = await eventually(readyz, (r) => r.excluded.some((e) => e.code === 'xingbin'));
    expect(state.members).toEqual(['laibin']);
    const { status, body } = await gql<{ network: { laibin: { name: string } } }>(net.gatewayUrl, '{ network { laibin { name } } }');
    expect(status).toBe(200);
    expect(body.data?.network.laibin.name).toBe('来宾市党建网');

    // Fixed (the node restarts with its real schema): it is composed back in without restarting the gateway.
    await net.restartNode('xingbin');
    await eventually(readyz, (r) => r.members.includes('xingbin') && r.excluded.length === 0);
    const back = await gql<{ network: { xingbin: { name: string } } }>(net.gatewayUrl, '{ network { xingbin { name } } }');
    expect(back.body.data?.network.xingbin.name).toBe('兴宾区党建网');
  });

  it('a node joining later is composed in without a gateway restart', async () => {
    const before = await readyz();
    expect(before.members).not.toContain('xingbin_fenghuang');
    // The city admin grants the township its place first (as `djnet token issue` does).
    const token = await issueTokenForTest(net, { code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' });
    startNodeProcess({
      DJNET_CODE: 'xingbin_fenghuang',
      DJNET_NAME: '凤凰镇党建信息服务站',
      DJNET_TIER: 'township',
      DJNET_PARENT: 'xingbin',
      DJNET_PORT: String(await freePort()),
      DJNET_DATABASE: `${net.nodes.get('laibin')!.databaseName}_fh`,
      DJNET_REGISTRATION_TOKEN: token,
    });
    await eventually(readyz, (r) => r.members.includes('xingbin_fenghuang'));
    const { body } = await gql<{ network: { xingbin_fenghuang: { tier: string } } }>(
      net.gatewayUrl,
      '{ network { xingbin_fenghuang { tier } } }',
    );
    expect(body.data?.network.xingbin_fenghuang.tier).toBe('TOWNSHIP');
  });
});
