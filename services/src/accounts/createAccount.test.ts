import { DomainError } from '@djnet/shared';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { asActor } from '../../../tests/support/actors';
import { verifyPassword } from './passwordHash';
import { createAccount } from './createAccount';
import { codeOf } from '../../../tests/support/expectations';

describe('createAccount', () => {
  let net: InProcessNetwork;
  const input = (over: Record<string, unknown> = {}) => ({
    username: 'fh_officer',
    name: '凤凰信息员',
    password: 'xinxiyuan1',
    role: 'officer',
    ...over,
  });
  const count = () => net.node('xingbin_fenghuang').context.models.Account.countDocuments();

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'xiangzhou', name: '象州县党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
  });
  afterAll(async () => net?.stop());

  it('a local admin creates an account at this node, password hashed, editors with their review level', async () => {
    const town = net.node('xingbin_fenghuang');
    const { node, actor } = asActor(town, 'admin');
    const created = await createAccount(node, actor, input());
    expect(created).toMatchObject({ username: 'fh_officer', role: 'officer', node: 'xingbin_fenghuang', disabled: false, reviewLevel: 1 });
    expect(created._id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.createdBy).toBe(`xingbin_fenghuang:${actor!.accountId}`);
    const stored = await node.models.Account.findById(created._id).lean();
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('xinxiyuan1', stored!.passwordHash)).toBe(true);
    const editor = await createAccount(node, actor, input({ username: 'fh_editor', role: 'editor', reviewLevel: 2 }));
    expect(editor.reviewLevel).toBe(2);
    const officer = await createAccount(node, actor, input({ username: 'fh_officer2', reviewLevel: 3 }));
    expect(officer.reviewLevel).toBe(1);
  });

  it('admins above the node may; others may not', async () => {
    const town = net.node('xingbin_fenghuang');
    for (const [home, username] of [
      ['xingbin', 'by_county'],
      ['laibin', 'by_city'],
    ] as const) {
      const { node, actor } = asActor(town, 'admin', { home });
      await expect(createAccount(node, actor, input({ username }))).resolves.toMatchObject({ node: 'xingbin_fenghuang' });
    }
    const before = await count();
    expect(
      await codeOf(createAccount(town.context, asActor(town, 'admin', { home: 'xiangzhou' }).actor, input({ username: 'by_sibling' }))),
    ).toBe('FORBIDDEN');
    expect(await codeOf(createAccount(town.context, asActor(town, 'editor').actor, input({ username: 'by_editor' })))).toBe('FORBIDDEN');
    expect(
      await codeOf(createAccount(town.context, asActor(town, 'editor', { home: 'xingbin' }).actor, input({ username: 'by_cty_ed' }))),
    ).toBe('FORBIDDEN');
    expect(await codeOf(createAccount(town.context, null, input({ username: 'by_nobody' })))).toBe('UNAUTHENTICATED');
    const county = net.node('xingbin');
    expect(
      await codeOf(
        createAccount(county.context, asActor(county, 'admin', { home: 'xingbin_fenghuang' }).actor, input({ username: 'upward' })),
      ),
    ).toBe('FORBIDDEN');
    expect(await count()).toBe(before);
  });

  it('refuses bad input and a taken username, and stores nothing', async () => {
    const town = net.node('xingbin_fenghuang');
    const { node, actor } = asActor(town, 'admin');
    const before = await count();
    for (const bad of [
      input({ username: 'no' }),
      input({ username: '9lives' }),
      input({ username: 'has space' }),
      input({ username: 'x'.repeat(33) }),
      input({ name: '' }),
      input({ password: 'abc123' }),
      input({ password: '12345678' }),
      input({ role: 'root' }),
      input({ role: 'editor', reviewLevel: 0 }),
      input({ role: 'editor', reviewLevel: 1.5 }),
      { username: 'nopass', name: '无密码', role: 'officer' },
      'garbage',
    ]) {
      expect([bad, await codeOf(createAccount(node, actor, bad))]).toEqual([bad, 'BAD_USER_INPUT']);
    }
    expect(await codeOf(createAccount(node, actor, input()))).toBe('CONFLICT');
    expect(await codeOf(createAccount(node, actor, input({ username: 'FH_OFFICER' })))).toBe('CONFLICT');
    expect(await count()).toBe(before);
  });

  it('two concurrent creations of one username: one wins, the other is a CONFLICT', async () => {
    const town = net.node('xingbin_fenghuang');
    const { node, actor } = asActor(town, 'admin');
    const results = await Promise.allSettled([
      createAccount(node, actor, input({ username: 'twin' })),
      createAccount(node, actor, input({ username: 'twin' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as DomainError).code).toBe('CONFLICT');
    expect(await node.models.Account.countDocuments({ username: 'twin' })).toBe(1);
  });
});
