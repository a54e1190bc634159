import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { bearer, createAccountDirect, loginToken } from '../support/accounts';
import { gql } from '../support/testNetwork';
import { responseCode } from '../support/expectations';

interface AccountFields {
  id: string;
  username: string;
  name: string;
  role: string;
  node: string;
  reviewLevel: number;
  disabled: boolean;
}
type Mutation<T> = Record<string, T>;

const ACCOUNT = 'id username name role node reviewLevel disabled';
const CREATE = (code: string) => `mutation($input: AccountInput!) { ${code} { createAccount(input: $input) { ${ACCOUNT} } } }`;
const LIST = (code: string) => `{ network { ${code} { accounts { ${ACCOUNT} } } } }`;
const ME = (code: string) => `{ network { ${code} { me { ${ACCOUNT} } } } }`;

/** Accounts, sign-in and authority across the tiers, through each node's own /graphql. */
describe('accounts over HTTP', () => {
  let net: InProcessNetwork;
  const tokens: Record<string, string> = {};
  const url = (code: string) => net.node(code).url;
  const usernamesAt = async (code: string) =>
    (await net.node(code).context.models.Account.find({}, { username: 1 }).lean()).map((a) => a.username).sort();

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'xiangzhou', name: '象州县党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
    const accounts = [
      ['laibin', 'lb_admin', 'admin'],
      ['xingbin', 'xb_admin', 'admin'],
      ['xingbin', 'xb_editor', 'editor'],
      ['xiangzhou', 'xz_admin', 'admin'],
      ['xingbin_fenghuang', 'fh_admin', 'admin'],
      ['xingbin_fenghuang', 'fh_editor', 'editor'],
    ] as const;
    for (const [code, username, role] of accounts) {
      await createAccountDirect(net.node(code), {
        username,
        name: `${username}姓名`,
        role,
        reviewLevel: role === 'editor' ? 2 : undefined,
      });
      tokens[username] = await loginToken(net.node(code), username);
    }
  });
  afterAll(async () => net?.stop());

  it('login returns a token and an account; `me` answers with it; no token means no `me`', async () => {
    const { status, body } = await gql<Mutation<{ login: { token: string; expiresAt: string; account: AccountFields } }>>(
      url('xingbin_fenghuang'),
      `mutation { xingbin_fenghuang { login(username: "fh_editor", password: "dangjian2024") { token expiresAt account { ${ACCOUNT} } } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const login = body.data!.xingbin_fenghuang!.login;
    expect(login.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    const hours = (Date.parse(login.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    expect(login.account).toMatchObject({
      username: 'fh_editor',
      role: 'EDITOR',
      node: 'xingbin_fenghuang',
      reviewLevel: 2,
      disabled: false,
    });
    expect(JSON.stringify(body)).not.toMatch(/scrypt|passwordHash/);

    const me = await gql<{ network: Record<string, { me: AccountFields | null }> }>(
      url('xingbin_fenghuang'),
      ME('xingbin_fenghuang'),
      {},
      bearer(login.token),
    );
    expect(me.body.data?.network.xingbin_fenghuang?.me).toEqual(login.account);
    const anonymous = await gql<{ network: Record<string, { me: AccountFields | null }> }>(
      url('xingbin_fenghuang'),
      ME('xingbin_fenghuang'),
    );
    expect(anonymous.body.data?.network.xingbin_fenghuang?.me).toBeNull();
  });

  it('a wrong password and an unknown user get the same UNAUTHENTICATED answer', async () => {
    const attempt = (username: string, password: string) =>
      gql(url('xingbin'), 'mutation($u: String!, $p: String!) { xingbin { login(username: $u, password: $p) { token } } }', {
        u: username,
        p: password,
      });
    const wrong = await attempt('xb_admin', 'wrongpass1');
    const unknown = await attempt('nobody_here', 'wrongpass1');
    expect(responseCode(wrong.body)).toBe('UNAUTHENTICATED');
    expect(wrong.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
    expect(responseCode(unknown.body)).toBe('UNAUTHENTICATED');
  });

  it('a bad, tampered or foreign-format token is an HTTP 401 with code UNAUTHENTICATED', async () => {
    const [payload, signature] = tokens.fh_editor!.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    for (const header of [
      'Bearer garbage',
      `Bearer ${promoted}.${signature}`,
      'Basic Zm9vOmJhcg==',
      `Bearer ${payload}.${'A'.repeat(86)}`,
    ]) {
      const response = await fetch(`${url('xingbin_fenghuang')}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: ME('xingbin_fenghuang') }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/json/);
      const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      expect(body.errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
      expect(JSON.stringify(body)).not.toMatch(/stacktrace|at \w+ \(/);
    }
  });

  it('a disabled account is refused at its home node, both its token and a new login; re-enabling restores it', async () => {
    await createAccountDirect(net.node('xingbin'), { username: 'xb_leaver', name: '将停用', role: 'officer' });
    const token = await loginToken(net.node('xingbin'), 'xb_leaver');
    const account = await net.node('xingbin').context.models.Account.findOne({ username: 'xb_leaver' }).lean();
    const disable = (disabled: boolean) =>
      gql<Mutation<{ setAccountDisabled: AccountFields }>>(
        url('xingbin'),
        'mutation($id: ID!, $d: Boolean!) { xingbin { setAccountDisabled(id: $id, disabled: $d) { disabled } } }',
        { id: account!._id, d: disabled },
        bearer(tokens.xb_admin!),
      );
    expect((await disable(true)).body.data?.xingbin?.setAccountDisabled.disabled).toBe(true);

    const refused = await gql(url('xingbin'), ME('xingbin'), {}, bearer(token));
    expect(refused.status).toBe(401);
    expect(responseCode(refused.body)).toBe('UNAUTHENTICATED');
    const relogin = await gql(url('xingbin'), 'mutation { xingbin { login(username: "xb_leaver", password: "dangjian2024") { token } } }');
    expect(responseCode(relogin.body)).toBe('UNAUTHENTICATED');
    expect(relogin.body.errors?.[0]?.message).toBe('账号已停用');

    expect((await disable(false)).body.data?.xingbin?.setAccountDisabled.disabled).toBe(false);
    expect((await gql(url('xingbin'), ME('xingbin'), {}, bearer(token))).status).toBe(200);
  });

  it('an admin cannot disable their own account', async () => {
    const self = await net.node('xingbin').context.models.Account.findOne({ username: 'xb_admin' }).lean();
    const { body } = await gql(
      url('xingbin'),
      'mutation($id: ID!) { xingbin { setAccountDisabled(id: $id, disabled: true) { disabled } } }',
      { id: self!._id },
      bearer(tokens.xb_admin!),
    );
    expect(responseCode(body)).toBe('BAD_USER_INPUT');
  });

  it('a county admin creates an account on its township, which then signs in there', async () => {
    const { body } = await gql<Mutation<{ createAccount: AccountFields }>>(
      url('xingbin_fenghuang'),
      CREATE('xingbin_fenghuang'),
      { input: { username: 'fh_officer', name: '凤凰信息员', password: 'xinxiyuan1', role: 'OFFICER' } },
      bearer(tokens.xb_admin!),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.xingbin_fenghuang?.createAccount).toMatchObject({
      username: 'fh_officer',
      role: 'OFFICER',
      node: 'xingbin_fenghuang',
      disabled: false,
    });
    const stored = await net.node('xingbin_fenghuang').context.models.Account.findOne({ username: 'fh_officer' }).lean();
    expect(stored?.createdBy).toMatch(/^xingbin:/);
    await expect(loginToken(net.node('xingbin_fenghuang'), 'fh_officer', 'xinxiyuan1')).resolves.toBeTruthy();
    expect(await usernamesAt('xingbin')).not.toContain('fh_officer');
  });

  it('a township admin cannot create accounts at its county, nor a sibling county admin at another county', async () => {
    const before = await usernamesAt('xingbin');
    for (const token of [tokens.fh_admin!, tokens.xz_admin!]) {
      const { status, body } = await gql(
        url('xingbin'),
        CREATE('xingbin'),
        { input: { username: 'sneaky', name: '越权', password: 'yuequan123', role: 'ADMIN' } },
        bearer(token),
      );
      expect(status).toBe(401);
      expect(responseCode(body)).toBe('UNAUTHENTICATED');
    }
    expect(await usernamesAt('xingbin')).toEqual(before);
  });

  it('only admins list accounts: not a township editor at its county, not an editor locally, not a county editor below', async () => {
    const countyFromTownship = await gql(url('xingbin'), LIST('xingbin'), {}, bearer(tokens.fh_editor!));
    expect(countyFromTownship.status).toBe(401);
    expect(responseCode(countyFromTownship.body)).toBe('UNAUTHENTICATED');
    const local = await gql(url('xingbin_fenghuang'), LIST('xingbin_fenghuang'), {}, bearer(tokens.fh_editor!));
    expect(responseCode(local.body)).toBe('FORBIDDEN');
    const countyEditorBelow = await gql(url('xingbin_fenghuang'), LIST('xingbin_fenghuang'), {}, bearer(tokens.xb_editor!));
    expect(responseCode(countyEditorBelow.body)).toBe('FORBIDDEN');
    const anonymous = await gql(url('xingbin_fenghuang'), LIST('xingbin_fenghuang'));
    expect(responseCode(anonymous.body)).toBe('UNAUTHENTICATED');
    const admin = await gql<{ network: Record<string, { accounts: AccountFields[] }> }>(
      url('xingbin'),
      LIST('xingbin'),
      {},
      bearer(tokens.xb_admin!),
    );
    expect(admin.body.data?.network.xingbin?.accounts.map((a) => a.username)).toEqual(await usernamesAt('xingbin'));
  });

  it('the city admin acts on a township: lists, creates, disables; `me` there names the city account', async () => {
    const town = 'xingbin_fenghuang';
    const me = await gql<{ network: Record<string, { me: AccountFields }> }>(url(town), ME(town), {}, bearer(tokens.lb_admin!));
    expect(me.body.data?.network[town]?.me).toMatchObject({ username: 'lb_admin', node: 'laibin', role: 'ADMIN' });
    const list = await gql<{ network: Record<string, { accounts: AccountFields[] }> }>(url(town), LIST(town), {}, bearer(tokens.lb_admin!));
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data?.network[town]?.accounts.map((a) => a.username)).toContain('fh_admin');
    const created = await gql<Mutation<{ createAccount: AccountFields }>>(
      url(town),
      CREATE(town),
      { input: { username: 'fh_correspondent', name: '凤凰通讯员', password: 'tongxunyuan9', role: 'CORRESPONDENT' } },
      bearer(tokens.lb_admin!),
    );
    expect(created.body.data?.[town]?.createAccount.role).toBe('CORRESPONDENT');
    const disabled = await gql<Mutation<{ setAccountDisabled: AccountFields }>>(
      url(town),
      'mutation($id: ID!) { xingbin_fenghuang { setAccountDisabled(id: $id, disabled: true) { username disabled } } }',
      { id: created.body.data![town]!.createAccount.id },
      bearer(tokens.lb_admin!),
    );
    expect(disabled.body.data?.[town]?.setAccountDisabled).toEqual({ username: 'fh_correspondent', disabled: true });
  });

  it('bad input gets a coded error naming the field and changes nothing', async () => {
    const town = 'xingbin_fenghuang';
    const before = await usernamesAt(town);
    const create = (input: Record<string, unknown>) => gql(url(town), CREATE(town), { input }, bearer(tokens.fh_admin!));
    const valid = { username: 'fh_new', name: '新账号', password: 'dangjian2024', role: 'OFFICER' };
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ ...valid, password: 'short1' }, 'BAD_USER_INPUT', 'password'],
      [{ ...valid, password: 'lettersonly' }, 'BAD_USER_INPUT', 'password'],
      [{ ...valid, username: '1bad' }, 'BAD_USER_INPUT', 'username'],
      [{ ...valid, username: '张三' }, 'BAD_USER_INPUT', 'username'],
      [{ ...valid, username: 'ab' }, 'BAD_USER_INPUT', 'username'],
      [{ ...valid, name: '  ' }, 'BAD_USER_INPUT', 'name'],
      [{ ...valid, role: 'EDITOR', reviewLevel: 4 }, 'BAD_USER_INPUT', 'reviewLevel'],
      [{ ...valid, username: 'fh_editor' }, 'CONFLICT', 'username'],
      [{ ...valid, username: 'FH_Editor' }, 'CONFLICT', 'username'],
      [{ ...valid, role: 'SUPERUSER' }, 'BAD_USER_INPUT', undefined],
    ];
    for (const [input, code, field] of cases) {
      const { body } = await create(input);
      expect([input, responseCode(body)]).toEqual([input, code]);
      if (field) expect(body.errors?.[0]?.extensions?.field).toBe(field);
      expect(body.errors?.[0]?.message).toMatch(/[\u4e00-\u9fff]|Role/);
    }
    expect(await usernamesAt(town)).toEqual(before);
  });
});
