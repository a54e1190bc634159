import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { createAccountDirect, loginToken } from '../support/accounts';
import { ensureChannel } from '../support/actors';

interface GqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

async function gqlAt<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ status: number; body: GqlResult<T> }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GqlResult<T> };
}

/** The editorial workflow through each node's own GraphQL endpoint, with real accounts and tokens. */
describe('articles over HTTP', () => {
  let net: InProcessNetwork;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
    for (const node of net.nodes.values()) await ensureChannel(node, 'dangjian', '党建');
    const town = net.node('xingbin_fenghuang');
    const county = net.node('xingbin');
    const accounts = [
      [town, 'fh_officer', 'officer'],
      [town, 'fh_editor', 'editor'],
      [county, 'xb_admin', 'admin'],
      [county, 'xb_officer', 'officer'],
    ] as const;
    for (const [node, username, role] of accounts) {
      await createAccountDirect(node, { username, name: username, role, password: 'Passw0rd!x' });
      tokens[username] = await loginToken(node, username, 'Passw0rd!x');
    }
  });
  afterAll(async () => net?.stop());

  const town = () => net.node('xingbin_fenghuang');

  it('an officer writes and reports; drafts stay invisible to the public; the editor publishes; then the public sees it', async () => {
    const created = await gqlAt<{ xingbin_fenghuang: { createArticle: { id: string; status: string } } }>(
      town().url,
      'mutation($input: ArticleInput!) { xingbin_fenghuang { createArticle(input: $input) { id status } } }',
      { input: { title: '凤凰镇召开党建工作会议', channel: 'dangjian', body: '<p>会议部署了信息员报送工作。</p>' } },
      tokens.fh_officer,
    );
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data!.xingbin_fenghuang.createArticle.id;
    expect(id).toMatch(/^xingbin_fenghuang:[0-9a-f]{24}$/);

    const anonymous = await gqlAt<{ network: { xingbin_fenghuang: { article: unknown } } }>(
      town().url,
      'query($id: ID!) { network { xingbin_fenghuang { article(id: $id) { title } } } }',
      { id },
    );
    expect(anonymous.body.data?.network.xingbin_fenghuang.article).toBeNull();

    const submit = await gqlAt(
      town().url,
      'mutation($id: ID!) { xingbin_fenghuang { submitArticle(id: $id) { status } } }',
      { id },
      tokens.fh_officer,
    );
    expect(submit.body.errors).toBeUndefined();
    const queue = await gqlAt<{ network: { xingbin_fenghuang: { reviewQueue: { id: string }[] } } }>(
      town().url,
      '{ network { xingbin_fenghuang { reviewQueue { id } } } }',
      {},
      tokens.fh_editor,
    );
    expect(queue.body.data?.network.xingbin_fenghuang.reviewQueue.map((a) => a.id)).toContain(id);
    const officerQueue = await gqlAt(town().url, '{ network { xingbin_fenghuang { reviewQueue { id } } } }', {}, tokens.fh_officer);
    expect(officerQueue.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    for (const op of ['startReview', 'approveArticle']) {
      const r = await gqlAt(town().url, `mutation($id: ID!) { xingbin_fenghuang { ${op}(id: $id) { status } } }`, { id }, tokens.fh_editor);
      expect(r.body.errors).toBeUndefined();
    }
    const seen = await gqlAt<{ network: { xingbin_fenghuang: { article: { title: string; status: string; transitions: unknown[] } } } }>(
      town().url,
      'query($id: ID!) { network { xingbin_fenghuang { article(id: $id) { title status transitions { to } } } } }',
      { id },
    );
    expect(seen.body.data?.network.xingbin_fenghuang.article).toEqual({
      title: '凤凰镇召开党建工作会议',
      status: 'PUBLISHED',
      transitions: [],
    });
    const staff = await gqlAt<{ network: { xingbin_fenghuang: { article: { transitions: { to: string; byName: string }[] } } } }>(
      town().url,
      'query($id: ID!) { network { xingbin_fenghuang { article(id: $id) { transitions { to byName } } } } }',
      { id },
      tokens.fh_editor,
    );
    expect(staff.body.data?.network.xingbin_fenghuang.article.transitions.map((t) => t.to)).toEqual([
      'DRAFT',
      'SUBMITTED',
      'IN_REVIEW',
      'PUBLISHED',
    ]);
  });

  it('bad input comes back as a coded GraphQL error, not a crash', async () => {
    const script = await gqlAt(
      town().url,
      'mutation($input: ArticleInput!) { xingbin_fenghuang { createArticle(input: $input) { id } } }',
      { input: { title: 'x', channel: 'dangjian', body: '<script>alert(1)</script>' } },
      tokens.fh_officer,
    );
    expect(script.status).toBe(200);
    expect(script.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const badId = await gqlAt(town().url, 'mutation { xingbin_fenghuang { submitArticle(id: "x") { id } } }', {}, tokens.fh_officer);
    expect(badId.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noAuth = await gqlAt(
      town().url,
      'mutation { xingbin_fenghuang { createArticle(input: { title: "x", channel: "dangjian" }) { id } } }',
    );
    expect(noAuth.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const typeError = await gqlAt(
      town().url,
      'mutation { xingbin_fenghuang { createArticle(input: { title: 5 }) { id } } }',
      {},
      tokens.fh_officer,
    );
    expect(typeError.status).toBe(400);
    expect(typeError.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a township editor cannot touch a county article; a county admin manages its township over HTTP', async () => {
    const county = net.node('xingbin');
    const created = await gqlAt<{ xingbin: { createArticle: { id: string } } }>(
      county.url,
      'mutation { xingbin { createArticle(input: { title: "县级稿件", channel: "dangjian", body: "<p>内容</p>" }) { id } } }',
      {},
      tokens.xb_officer,
    );
    const id = created.body.data!.xingbin.createArticle.id;
    await gqlAt(county.url, 'mutation($id: ID!) { xingbin { submitArticle(id: $id) { id } } }', { id }, tokens.xb_officer);
    const refused = await gqlAt(county.url, 'mutation($id: ID!) { xingbin { startReview(id: $id) { id } } }', { id }, tokens.fh_editor);
    expect(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']).toContain(refused.body.errors?.[0]?.extensions?.code);

    const townDraft = await gqlAt<{ xingbin_fenghuang: { createArticle: { id: string } } }>(
      town().url,
      'mutation { xingbin_fenghuang { createArticle(input: { title: "县管理员代发", channel: "dangjian", body: "<p>内容</p>" }) { id } } }',
      {},
      tokens.xb_admin,
    );
    expect(townDraft.body.errors).toBeUndefined();
  });
});
