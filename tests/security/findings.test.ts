import { createLogger, parseGatewayConfig, QUERY_LIMITS } from '../../shared/src';
import { startGateway, type RunningGateway } from '../../gateway/src';
import { globalArticleId } from '../../services/src/articles/articleIds';
import { LOGIN_LIMITS } from '../../services/src/accounts/loginGuard';
import { createAccountDirect } from '../support/accounts';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually, gql } from '../support/testNetwork';
import { publishItem } from '../syndication/syndicationFixtures';

/**
 * One regression test per finding of the attack run of 2026-12-07 (issue 18), against real nodes in this process.
 * Each failed before its fix. The broad, discovered suite is hostile.test.ts.
 */
const NODES = [
  { code: 'laibin', name: '来宾市党建网', tier: 'city' as const },
  { code: 'xingbin', name: '兴宾区党建网', tier: 'county' as const, parent: 'laibin' },
  { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
];

const SCRIPT_TITLE = '<script>alert(1)</script>凤凰镇党建动态';
const SCRIPT_SUMMARY = '<img src=x onerror=alert(2)>摘要';

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('security findings (issue 18)', () => {
  let net: InProcessNetwork;
  let gateway: RunningGateway;
  const url = (code: string) => net.node(code).url;

  beforeAll(async () => {
    net = await startInProcessNetwork(NODES, { config: { syndicationPullSeconds: 1, syndicationAutoAdopt: true } });
    // A real gateway over the nodes. Its anonymous limit is lifted so that every guess reaches the node's throttle;
    // it believes the loopback's X-Forwarded-For, which is how these tests play clients at different addresses.
    gateway = await startGateway(
      parseGatewayConfig({ port: 0, cityUrl: url('laibin'), pollSeconds: 0.5, anonymousRequestsPerMinute: 1_000_000, logLevel: 'silent' }),
      createLogger({ test: 'security-gateway' }, 'silent'),
    );
    await eventually(
      () => gql<{ network: Record<string, { name: string } | null> }>(gateway.url, '{ network { xingbin_fenghuang { name } } }'),
      (r) => !!r.body.data?.network.xingbin_fenghuang?.name,
      60_000,
    );
  }, 180_000);
  afterAll(async () => {
    await gateway?.stop();
    await net?.stop();
  });

  describe('1. feeds carry user text as text, and every response has the security headers', () => {
    it('a title and summary with markup are escaped in RSS and Atom, at the origin and at the city after adoption', async () => {
      const town = net.node('xingbin_fenghuang');
      const item = await publishItem(town, { title: SCRIPT_TITLE, summary: SCRIPT_SUMMARY, body: '<p>凤凰镇开展党建活动。</p>' });
      const originId = globalArticleId(town.config.code, item._id);
      await eventually(
        () => net.node('laibin').context.models.Article.countDocuments({ 'origin.id': originId }),
        (n) => n === 1,
        30_000,
      );
      for (const code of ['xingbin_fenghuang', 'laibin']) {
        for (const path of ['/feed.xml', '/atom.xml', '/channels/dangjian/feed.xml', '/channels/dangjian/atom.xml']) {
          const feed = await eventually(
            () => get(`${url(code)}${path}`),
            (f) => f.text.includes('凤凰镇党建动态'),
          );
          expect(feed.status).toBe(200);
          expect(feed.text).not.toMatch(/<script|<img/i);
          expect(feed.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;凤凰镇党建动态');
          expect(feed.headers.get('x-content-type-options')).toBe('nosniff');
          expect(feed.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        }
      }
    });

    it('JSON, plain text and error answers carry nosniff and a CSP too', async () => {
      for (const path of ['/healthz', '/site/latest.json', '/robots.txt', '/nope', '/sitemap.xml']) {
        const r = await get(`${url('xingbin')}${path}`);
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        expect(r.headers.get('content-security-policy')).toBeTruthy();
      }
    });
  });

  describe('5. body-parser errors are 413/415 on every route, never 500', () => {
    const forms = () => [
      `${url('xingbin_fenghuang')}/articles/000000000000000000000000/comment`,
      `${url('xingbin_fenghuang')}/messages`,
      `${url('xingbin_fenghuang')}/contests/x/enter`,
      `${url('xingbin_fenghuang')}/admin/login`,
      `${url('xingbin_fenghuang')}/admin/articles/new`,
    ];

    it('a form body over the limit is 413', async () => {
      const big = `body=${'a'.repeat(3 * 1024 * 1024)}`;
      for (const target of forms()) {
        const r = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
        expect({ target, status: r.status }).toEqual({ target, status: 413 });
        expect(await r.text()).not.toMatch(/PayloadTooLargeError|at .*\.js:\d+/);
      }
    });

    it('an unknown charset is 415', async () => {
      for (const target of forms()) {
        const r = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=foo' },
          body: 'body=x',
        });
        expect({ target, status: r.status }).toEqual({ target, status: 415 });
      }
    });
  });

  describe('2. nobody can lock an account out through the gateway', () => {
    const LOGIN = 'mutation($u: String!, $p: String!) { xingbin { login(username: $u, password: $p) { token } } }';
    const viaGateway = (client: string, password: string, username = 'xb_owner') =>
      gql<{ xingbin: { login: { token: string } } | null }>(
        gateway.url,
        LOGIN,
        { u: username, p: password },
        { 'x-forwarded-for': client },
      );

    beforeAll(async () => {
      await createAccountDirect(net.node('xingbin'), {
        username: 'xb_owner',
        name: '兴宾信息员',
        role: 'officer',
        password: 'zhengque2026',
      });
      await createAccountDirect(net.node('xingbin'), { username: 'xb_spread', name: '兴宾编辑', role: 'editor', password: 'zhengque2026' });
    });

    it('after 1,000 wrong passwords from another source, the owner still signs in through the gateway', async () => {
      const answers = new Map<string, number>();
      for (let batch = 0; batch < 100; batch++) {
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => viaGateway('203.0.113.66', `guess-${batch}-${i}`)));
        for (const r of results) {
          expect(r.body.data?.xingbin ?? null).toBeNull();
          const e = r.body.errors?.[0]?.extensions as { code?: string; scope?: string } | undefined;
          const key = `${e?.code}${e?.scope ? `:${e.scope}` : ''}`;
          answers.set(key, (answers.get(key) ?? 0) + 1);
        }
      }
      // The attacker's source is stopped after its first ten guesses and told why; it blocks only itself.
      expect(Object.fromEntries(answers)).toEqual({ UNAUTHENTICATED: 10, 'FORBIDDEN:source': 990 });
      const owner = await viaGateway('198.51.100.7', 'zhengque2026');
      expect(owner.body.errors).toBeUndefined();
      expect(owner.body.data?.xingbin?.login.token).toEqual(expect.any(String));
      // The attacker's source stays refused even with the right password, with a clear message and a wait.
      const attacker = await viaGateway('203.0.113.66', 'zhengque2026');
      expect(attacker.body.errors?.[0]?.message).toMatch(/登录失败次数过多，请 \d+ 分钟后再试/);
      expect(attacker.body.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'TOO_MANY_LOGIN_ATTEMPTS',
        scope: 'source',
      });
    }, 180_000);

    it('guesses spread over many sources slow down new sources only: the owner signs in from where they did before', async () => {
      // The node's clock stands still meanwhile, so the backoff's wait cannot pass while the test runs.
      const node = net.node('xingbin').context;
      const clock = node.now;
      const frozen = clock();
      node.now = () => frozen;
      try {
        expect((await viaGateway('198.51.100.8', 'zhengque2026', 'xb_spread')).body.errors).toBeUndefined();
        for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
          const guess = await viaGateway(`203.0.113.${100 + i}`, 'wrong', 'xb_spread');
          expect(guess.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        }
        for (const source of ['203.0.113.200', '192.0.2.1']) {
          const stranger = await viaGateway(source, 'zhengque2026', 'xb_spread');
          expect(stranger.body.errors?.[0]?.extensions).toMatchObject({
            code: 'FORBIDDEN',
            reason: 'TOO_MANY_LOGIN_ATTEMPTS',
            scope: 'account',
          });
          expect(stranger.body.errors?.[0]?.message).toMatch(/该账号近期在其他地址登录失败过多/);
        }
        const owner = await viaGateway('198.51.100.8', 'zhengque2026', 'xb_spread');
        expect(owner.body.errors).toBeUndefined();
        expect(owner.body.data?.xingbin?.login.token).toEqual(expect.any(String));
      } finally {
        node.now = clock;
      }
    }, 120_000);
  });

  describe("3. a node's own /graphql has the gateway's limits", () => {
    const aliases = (n: number, field = 'name') =>
      `{ network { xingbin_fenghuang { ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} } } }`;
    const deepIntrospection = `{ __schema { types { fields { type { ${'ofType { '.repeat(30)}name${' }'.repeat(30)} } } } } }`;

    it('a 10,000-alias query is refused at the township as at the gateway, before it runs', async () => {
      const huge = aliases(10_000);
      expect(huge.length).toBeGreaterThan(100_000);
      for (const target of [url('xingbin_fenghuang'), gateway.url]) {
        const r = await gql(target, huge);
        expect({ target, status: r.status }).toEqual({ target, status: 400 });
        expect(r.body.data).toBeUndefined();
        expect(r.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
        expect(r.body.errors?.[0]?.message).toMatch(new RegExp(`${QUERY_LIMITS.maxTokens} tokens`));
      }
    });

    it('too many aliases, too deep and too deep introspection are coded refusals at a node', async () => {
      const many = await gql(url('xingbin_fenghuang'), aliases(QUERY_LIMITS.maxAliases + 1));
      expect(many.status).toBe(400);
      expect(many.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', maxAliases: QUERY_LIMITS.maxAliases });
      const intro = await gql(url('xingbin_fenghuang'), deepIntrospection);
      expect(intro.status).toBe(400);
      expect(intro.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
      // Within the limits the same shape answers.
      const fine = await gql<{ network: { xingbin_fenghuang: Record<string, string> } }>(
        url('xingbin_fenghuang'),
        aliases(QUERY_LIMITS.maxAliases),
      );
      expect(fine.body.errors).toBeUndefined();
      expect(Object.keys(fine.body.data!.network.xingbin_fenghuang)).toHaveLength(QUERY_LIMITS.maxAliases);
    });

    it('a GraphQL body over the limit is 413 at a node', async () => {
      const r = await fetch(`${url('xingbin_fenghuang')}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
      });
      expect(r.status).toBe(413);
    });
  });

  describe('5. _entities refuses odd representations with a code', () => {
    const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on SiteInfo { code } } }';

    it('an unknown, non-entity or non-string __typename is BAD_USER_INPUT, never an internal error', async () => {
      for (const representation of [{ __typename: 'Nope' }, { __typename: 'Query' }, { __typename: 5 }, {}, 'SiteInfo', null]) {
        const r = await gql(url('laibin'), ENTITIES, { r: [representation] });
        const codes = (r.body.errors ?? []).map((e) => e.extensions?.code);
        expect({ representation, codes }).toEqual({
          representation,
          codes: [expect.stringMatching(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/)],
        });
      }
      const known = await gql<{ _entities: { code: string }[] }>(url('laibin'), ENTITIES, {
        r: [{ __typename: 'SiteInfo', code: 'xingbin' }],
      });
      expect(known.body.errors).toBeUndefined();
      expect(known.body.data?._entities).toEqual([{ __typename: 'SiteInfo', code: 'xingbin' }]);
    });
  });

  describe('6. smaller findings', () => {
    it("gateway errors do not carry a node's internal URL or raw answer", async () => {
      const r = await gql(gateway.url, '{ network { xingbin { name } } }', undefined, { authorization: 'Bearer junk' });
      const text = JSON.stringify(r.body);
      expect(r.body.errors?.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/127\.0\.0\.1|http:\/\/|"response"|"\d{3}: "/);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('scoreContestEntry asks for sign-in before saying whether the entry exists', async () => {
      const r = await gql(
        url('xingbin_fenghuang'),
        'mutation { xingbin_fenghuang { readers { scoreContestEntry(entry: "000000000000000000000000", scores: []) { total } } } }',
      );
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
