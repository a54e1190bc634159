import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { openNodeDatabase } from '../../shared/src';
import { accountModel } from '../../services/src/accounts/accountModel';
import { createFirstAdmin } from '../../services/src/accounts/createFirstAdmin';
import type { LaunchedNetwork } from '../../cli/src/network/launchNetwork';
import { eventually, launchTestNetwork } from '../support/testNetwork';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const REGISTERED = 'query TownshipNames { network { xingbin { name } xingbin_fenghuang { name } } }';
const PASSWORD = 'Passw0rd!gateway';

interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/**
 * The gateway as partners meet it, with real processes: a city, two counties and a township, each its own process
 * and database; anonymous access refused; keys issued and revoked by the city admin through the gateway.
 */
describe('the partner gateway', () => {
  let net: LaunchedNetwork;
  let cityDb: Connection;
  let manifestDir: string;
  let adminToken: string;
  const keys: Record<string, string> = {};
  const keyIds: Record<string, string> = {};

  async function call<T = Record<string, unknown>>(
    query: string | null,
    options: { key?: string; token?: string; headers?: Record<string, string>; variables?: unknown; extensions?: unknown } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.key) headers['x-api-key'] = options.key;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const body: Record<string, unknown> = {};
    if (query !== null) body.query = query;
    if (options.variables) body.variables = options.variables;
    if (options.extensions) body.extensions = options.extensions;
    const response = await fetch(`${net.gatewayUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Answer<T>['body'] };
  }

  async function issue(name: string, input: Record<string, unknown>): Promise<void> {
    const { body } = await call<{ issuePartnerKey: { key: string; partnerKey: { id: string } } }>(
      'mutation($input: PartnerKeyInput!) { issuePartnerKey(input: $input) { key partnerKey { id } } }',
      { token: adminToken, variables: { input: { name, ...input } } },
    );
    expect(body.errors).toBeUndefined();
    keys[name] = body.data!.issuePartnerKey.key;
    keyIds[name] = body.data!.issuePartnerKey.partnerKey.id;
  }

  beforeAll(async () => {
    manifestDir = mkdtempSync(join(tmpdir(), 'djnet-ops-'));
    const manifest = join(manifestDir, 'operations.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256(REGISTERED), name: 'TownshipNames', type: 'query', body: REGISTERED }],
      }),
    );
    net = await launchTestNetwork(
      [
        { code: 'laibin', name: '来宾市党建网', tier: 'city' },
        { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
        { code: 'xiangzhou', name: '象州县党建网', tier: 'county', parent: 'laibin' },
        { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
      ],
      {
        gatewayEnv: {
          DJNET_GATEWAY_ANONYMOUS_REQUESTS_PER_MINUTE: '0',
          DJNET_GATEWAY_SUBGRAPH_TIMEOUT_MS: '1500',
          DJNET_GATEWAY_MAX_DEPTH: '3',
          DJNET_GATEWAY_MAX_COST: '3000',
          DJNET_GATEWAY_OPERATION_MANIFEST: manifest,
        },
      },
    );
    await eventually(
      async () => (await (await fetch(`${net.gatewayUrl}/readyz`)).json()) as { members: string[]; partnerKeys: { loaded: boolean } },
      (r) => r.members.length === 4 && r.partnerKeys.loaded,
    );
    // The city's first admin, as `djnet admin create` makes it; staff sign in at their own node.
    cityDb = await openNodeDatabase(net.databaseUri, net.nodes.get('laibin')!.databaseName);
    await createFirstAdmin(accountModel(cityDb), 'laibin', { username: 'city_admin', name: '市级管理员', password: PASSWORD });
    const login = await fetch(`${net.cityUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { laibin { login(username: "city_admin", password: "${PASSWORD}") { token } } }` }),
    });
    adminToken = ((await login.json()) as { data: { laibin: { login: { token: string } } } }).data.laibin.login.token;
  });
  afterAll(async () => {
    await cityDb?.close();
    await net?.stop();
    if (manifestDir) rmSync(manifestDir, { recursive: true, force: true });
  });

  it('the city admin issues partner keys through the gateway; the public and other staff cannot', async () => {
    const anonymous = await call('mutation { issuePartnerKey(input: { name: "x" }) { key } }');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('API_KEY_REQUIRED');

    await issue('reader', { requestsPerMinute: 1000, allowedOrigins: ['https://news.example.cn'] });
    await issue('limited', { requestsPerMinute: 3 });
    await issue('listed', { allowListOnly: true });
    await issue('revoked', {});
    expect(keys.reader).toMatch(/^djpk_/);

    const listed = await call<{ partnerKeys: { id: string; name: string; allowListOnly: boolean }[] }>(
      '{ partnerKeys { id name allowListOnly } }',
      { token: adminToken },
    );
    expect(listed.body.data?.partnerKeys.map((k) => k.name)).toEqual(['reader', 'limited', 'listed', 'revoked']);

    // A partner key is not a staff account.
    const byPartner = await eventually(
      () => call('mutation { issuePartnerKey(input: { name: "x" }) { key } }', { key: keys.reader }),
      (a) => a.status === 200,
    );
    expect(byPartner.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a partner key reads three nodes in one query', async () => {
    const { status, body, headers } = await call<{ network: Record<string, { name: string; tier: string } | null> }>(
      '{ network { laibin { name tier } xingbin { name tier } xingbin_fenghuang { name tier } } }',
      { key: keys.reader },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.network).toEqual({
      laibin: { name: '来宾市党建网', tier: 'CITY' },
      xingbin: { name: '兴宾区党建网', tier: 'COUNTY' },
      xingbin_fenghuang: { name: '凤凰镇党建信息服务站', tier: 'TOWNSHIP' },
    });
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('x-ratelimit-limit')).toBe('1000');
  });

  it('an unknown key is refused with 401', async () => {
    const { status, body } = await call('{ network { xingbin { name } } }', { key: 'djpk_not-a-real-key-at-all-000000000' });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNKNOWN_API_KEY');
  });

  it('a key over its rate limit gets 429 with Retry-After', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 4; i++) answers.push(await call('{ network { xingbin { name } } }', { key: keys.limited }));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[3]!.status).toBe(429);
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(answers[3]!.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3 });
  });

  it('a query deeper than the limit is refused with a coded error; so is one too costly', async () => {
    // network and the node code do not count: articles 1, nodes 2, coverImage 3, url 4 > 3.
    const deep = await call('{ network { xingbin { articles { nodes { coverImage { url } } } } } }', { key: keys.reader });
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 4, maxDepth: 3 });
    const page = 'articles(first: 100) { nodes { id title summary body author tags } }';
    const costly = await call(`{ network { xingbin { a: ${page} b: ${page} c: ${page} d: ${page} e: ${page} } } }`, { key: keys.reader });
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('answers CORS by the key’s allowed origins', async () => {
    const preflight = await fetch(`${net.gatewayUrl}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://news.example.cn',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://news.example.cn');
    const allowed = await call('{ network { xingbin { name } } }', { key: keys.reader, headers: { origin: 'https://news.example.cn' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://news.example.cn');
    const elsewhere = await call('{ network { xingbin { name } } }', { key: keys.reader, headers: { origin: 'https://evil.example.com' } });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    const serverKey = await call('{ network { xingbin { name } } }', { key: keys.listed, headers: { origin: 'https://news.example.cn' } });
    expect(serverKey.status).toBe(403);
  });

  it('persisted queries: hash unknown, then registered with its text, then run by hash alone (also by GET)', async () => {
    const query = '{ network { xiangzhou { name tier } } }';
    const apq = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const first = await call(null, { key: keys.reader, extensions: apq });
    expect(first.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await call(query, { key: keys.reader, extensions: apq });
    expect(register.body.data).toEqual({ network: { xiangzhou: { name: '象州县党建网', tier: 'COUNTY' } } });
    const byHash = await call(null, { key: keys.reader, extensions: apq });
    expect(byHash.body.data).toEqual(register.body.data);
    const get = await fetch(`${net.gatewayUrl}/graphql?extensions=${encodeURIComponent(JSON.stringify(apq))}`, {
      headers: { 'x-api-key': keys.reader! },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as Answer['body']).data).toEqual(register.body.data);
    expect(get.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);
  });

  it('allow-list mode: the key runs registered operations only', async () => {
    const other = await call('{ network { xingbin { name } } }', { key: keys.listed });
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
    const apq = { persistedQuery: { version: 1, sha256Hash: sha256('{ network { xingbin { tier } } }') } };
    expect((await call('{ network { xingbin { tier } } }', { key: keys.listed, extensions: apq })).status).toBe(403);
    const registered = await call(null, {
      key: keys.listed,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(REGISTERED) } },
    });
    expect(registered.status).toBe(200);
    expect(registered.body.data).toEqual({
      network: { xingbin: { name: '兴宾区党建网' }, xingbin_fenghuang: { name: '凤凰镇党建信息服务站' } },
    });
  });

  it('public reads carry Cache-Control, are served from the response cache, and a publish on the node drops them', async () => {
    const read = () =>
      call<{ network: { xingbin: { articles: { nodes: { title: string }[] } } } }>(
        '{ network { xingbin { articles(first: 5) { nodes { title } } } } }',
        { key: keys.reader },
      );
    const first = await read();
    expect(first.headers.get('cache-control')).toBe('max-age=60, public');
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await read();
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toEqual(first.body);

    // Staff reads are never cached or marked public.
    const staff = await call('{ network { xingbin { articles(first: 5) { nodes { title } } } } }', { token: adminToken });
    expect(staff.headers.get('x-cache')).toBeNull();
    expect(staff.headers.get('cache-control')).not.toMatch(/public/);

    // The city admin publishes on xingbin through the gateway (two review levels at a county).
    const channels = await eventually(
      () =>
        call<{ network: { xingbin: { channels: { slug: string; level: string }[] } } }>(
          '{ network { xingbin { channels { slug level } } } }',
          { key: keys.reader },
        ),
      (a) => !!a.body.data?.network.xingbin.channels.some((c) => c.level === 'SUBCATEGORY'),
    );
    const channel = channels.body.data!.network.xingbin.channels.find((c) => c.level === 'SUBCATEGORY')!.slug;
    const created = await call<{ xingbin: { createArticle: { id: string } } }>(
      'mutation($input: ArticleInput!) { xingbin { createArticle(input: $input) { id } } }',
      { token: adminToken, variables: { input: { title: '兴宾区召开信息员培训会', channel, body: '<p>党建信息员培训。</p>' } } },
    );
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data!.xingbin.createArticle.id;
    // 三审制: the second level is signed by a second person (another city admin, made by the first).
    const secondAdmin = await call('mutation($input: AccountInput!) { laibin { createAccount(input: $input) { id } } }', {
      token: adminToken,
      variables: { input: { username: 'city_admin2', name: '市级管理员二', password: PASSWORD, role: 'ADMIN' } },
    });
    expect(secondAdmin.body.errors).toBeUndefined();
    const login2 = await fetch(`${net.cityUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { laibin { login(username: "city_admin2", password: "${PASSWORD}") { token } } }` }),
    });
    const secondToken = ((await login2.json()) as { data: { laibin: { login: { token: string } } } }).data.laibin.login.token;
    for (const [step, token] of [
      ['submitArticle', adminToken],
      ['startReview', adminToken],
      ['approveArticle', adminToken],
      ['approveArticle', secondToken],
    ] as const) {
      const r = await call(`mutation($id: ID!) { xingbin { ${step}(id: $id) { status } } }`, { token, variables: { id } });
      expect(r.body.errors).toBeUndefined();
    }
    const twice = await call(`mutation($id: ID!) { xingbin { approveArticle(id: $id) { status } } }`, {
      token: secondToken,
      variables: { id },
    });
    expect(twice.body.errors?.[0]?.extensions?.code).toBe('CONFLICT'); // published already: nothing left to sign
    const after = await eventually(read, (a) => a.headers.get('x-cache') === 'MISS', 5_000);
    expect(after.body.data?.network.xingbin.articles.nodes.map((n) => n.title)).toContain('兴宾区召开信息员培训会');
  });

  it('a revoked key stops working after the gateway’s refresh', async () => {
    expect((await call('{ network { xingbin { name } } }', { key: keys.revoked })).status).toBe(200);
    const revoked = await call<{ revokePartnerKey: { revokedAt: string | null } }>(
      'mutation($id: ID!) { revokePartnerKey(id: $id) { revokedAt } }',
      {
        token: adminToken,
        variables: { id: keyIds.revoked },
      },
    );
    expect(revoked.body.data?.revokePartnerKey.revokedAt).toBeTruthy();
    const refused = await eventually(
      () => call('{ network { xingbin { name } } }', { key: keys.revoked }),
      (a) => a.status === 401,
      10_000,
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('API_KEY_REVOKED');
  });

  it('operator paths ask for the internal token: /metrics and the pokes are refused without it', async () => {
    const anonymous = await fetch(`${net.gatewayUrl}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const wrong = await fetch(`${net.gatewayUrl}/internal/content-changed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token-at-all-000' },
      body: JSON.stringify({ node: 'xingbin' }),
    });
    expect(wrong.status).toBe(401);
    const poke = await fetch(`${net.gatewayUrl}/internal/directory-changed`, {
      method: 'POST',
      headers: { authorization: `Bearer ${net.internalToken}` },
    });
    expect(poke.status).toBe(202);
  });

  it('passes the request id on, and counts requests per operation and per node in /metrics', async () => {
    const answer = await call('query NodeName { network { xingbin { name } } }', {
      key: keys.reader,
      headers: { 'x-request-id': 'partner-req-42' },
    });
    expect(answer.headers.get('x-request-id')).toBe('partner-req-42');
    const metrics = await (await fetch(`${net.gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${net.internalToken}` } })).text();
    expect(metrics).toMatch(/djnet_gateway_requests_total\{operation="NodeName",caller="partner",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/djnet_gateway_subgraph_request_duration_seconds_count\{subgraph="xingbin",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/djnet_gateway_refusals_total\{reason="rate_limited"\} [1-9]/);
    expect(metrics).toMatch(/djnet_gateway_compositions_total\{outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/djnet_gateway_request_duration_seconds_bucket/);
  });

  it('a slow node times out: the others answer, the error names it', async () => {
    const pid = net.nodes.get('xiangzhou')!.process.child.pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const { status, body } = await call<{ network: Record<string, { code: string } | null> }>(
        '{ network { xingbin { code } xiangzhou { code } } }',
        { key: keys.reader },
      );
      const elapsed = Date.now() - started;
      expect(status).toBe(200);
      expect(body.data?.network).toEqual({ xingbin: { code: 'xingbin' }, xiangzhou: null });
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'SUBGRAPH_TIMEOUT', node: 'xiangzhou' } });
      expect(body.errors?.[0]?.message).toContain('xiangzhou');
      expect(elapsed).toBeGreaterThanOrEqual(1400);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const back = await eventually(
      () => call<{ network: { xiangzhou: { code: string } | null } }>('{ network { xiangzhou { code } } }', { key: keys.reader }),
      (a) => a.body.data?.network.xiangzhou?.code === 'xiangzhou',
    );
    expect(back.body.errors).toBeUndefined();
  });

  it('a node stopped mid-test yields a partial result naming it, and the gateway keeps serving', async () => {
    await net.stopNode('xingbin_fenghuang');
    const { status, body } = await call<{ network: Record<string, { tier: string } | null> }>(
      '{ network { laibin { tier } xingbin { tier } xingbin_fenghuang { tier } } }',
      { key: keys.reader },
    );
    expect(status).toBe(200);
    expect(body.data?.network).toEqual({ laibin: { tier: 'CITY' }, xingbin: { tier: 'COUNTY' }, xingbin_fenghuang: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({
      message: '节点 xingbin_fenghuang 不可达',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', node: 'xingbin_fenghuang' },
    });
    const still = await call('{ network { xiangzhou { tier } } }', { key: keys.reader });
    expect(still.status).toBe(200);
    expect(still.body.errors).toBeUndefined();
  });
});
