import { officerAccount, openOfficerTestNode, type OfficerTestNode } from '../../../tests/officers/officerFixtures';
import { codeOf } from '../../../tests/support/expectations';
import { createOfficer } from './createOfficer';

describe('createOfficer', () => {
  let town: OfficerTestNode;
  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin', ancestors: ['xingbin', 'laibin'] });
  });
  afterAll(async () => town.close());

  it('registers an officer at the node with a first history entry and unit period', async () => {
    const as = await officerAccount(town.node, 'wei', '韦信息员');
    const o = await createOfficer(town.admin, {
      name: ' 韦信息员 ',
      unit: '凤凰镇党委',
      phone: '0772-1234567',
      email: 'wei@example.cn',
      accountId: as.actor!.accountId,
      joinedAt: '2025-03-01',
    });
    expect(o).toMatchObject({
      name: '韦信息员',
      kind: 'officer',
      node: 'xingbin_fenghuang',
      tier: 'township',
      status: 'active',
      accountIds: [as.actor!.accountId],
    });
    expect(o.joinedAt).toEqual(new Date('2025-02-28T16:00:00Z'));
    expect(o.history).toEqual([
      expect.objectContaining({ change: 'created', unit: '凤凰镇党委', node: 'xingbin_fenghuang', status: 'active' }),
    ]);
    expect(await town.node.models.Officer.findById(o._id).lean()).toMatchObject({ name: '韦信息员' });
  });

  it('registers a correspondent, and an officer transferred in from another node', async () => {
    expect(await createOfficer(town.admin, { kind: 'correspondent', name: '蓝通讯员', unit: '凤凰镇文化站' })).toMatchObject({
      kind: 'correspondent',
    });
    const moved = await createOfficer(town.admin, {
      name: '覃信息员',
      unit: '凤凰镇政府',
      transferredFrom: { node: 'xingbin_sanwu', officerId: 'o_abc' },
    });
    expect(moved.transferredFrom).toEqual({ node: 'xingbin_sanwu', officerId: 'o_abc' });
    expect(moved.history[0]).toMatchObject({ change: 'transferred', note: expect.stringContaining('xingbin_sanwu') });
  });

  it('lets a county admin (an admin above) register officers at its township', async () => {
    await expect(createOfficer(town.as('admin', 'xingbin'), { name: '县里登记', unit: '凤凰镇党委' })).resolves.toMatchObject({
      node: 'xingbin_fenghuang',
    });
  });

  it('refuses bad input, unknown or unsuitable accounts, and anyone but admins, storing nothing', async () => {
    const before = await town.node.models.Officer.countDocuments();
    expect(await codeOf(createOfficer(town.admin, { name: '', unit: '凤凰镇党委' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, { name: '甲', unit: '' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, { name: '甲' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, { name: '甲', unit: '乙', email: 'not-an-email' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, { name: '甲', unit: '乙', phone: 'call me' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, { name: '甲', unit: '乙', joinedAt: '2025-02-31x' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, { name: '甲', unit: '乙', salary: 3 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, { name: 12, unit: '乙' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, null))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createOfficer(town.admin, { name: '甲', unit: '乙', accountId: 'acct_nobody' }))).toBe('NOT_FOUND');
    const linked = await officerAccount(town.node, 'linked', '已关联');
    await createOfficer(town.admin, { name: '已关联', unit: '乙', accountId: linked.actor!.accountId });
    expect(await codeOf(createOfficer(town.admin, { name: '再关联', unit: '乙', accountId: linked.actor!.accountId }))).toBe('CONFLICT');
    expect(await codeOf(createOfficer(town.as('editor'), { name: '甲', unit: '乙' }))).toBe('FORBIDDEN');
    expect(await codeOf(createOfficer(town.as('officer'), { name: '甲', unit: '乙' }))).toBe('FORBIDDEN');
    expect(await codeOf(createOfficer(town.as('admin', 'xingbin_sanwu'), { name: '甲', unit: '乙' }))).toBe('FORBIDDEN');
    expect(await codeOf(createOfficer(town.as(null), { name: '甲', unit: '乙' }))).toBe('UNAUTHENTICATED');
    expect(await town.node.models.Officer.countDocuments()).toBe(before + 1);
  });
});
