import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { asActor } from '../../../tests/support/actors';
import { createAccountDirect } from '../../../tests/support/accounts';
import { setAccountDisabled } from './setAccountDisabled';
import { codeOf } from '../../../tests/support/expectations';

describe('setAccountDisabled', () => {
  let net: InProcessNetwork;
  let officerId: string;
  let adminId: string;

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
    ]);
    officerId = (await createAccountDirect(net.node('xingbin'), { username: 'xb_officer', name: '信息员', role: 'officer' }))._id;
    adminId = (await createAccountDirect(net.node('xingbin'), { username: 'xb_admin', name: '管理员', role: 'admin' }))._id;
  });
  afterAll(async () => net?.stop());

  it('a local admin disables and re-enables an account', async () => {
    const { node, actor } = asActor(net.node('xingbin'), 'admin', { id: adminId });
    expect((await setAccountDisabled(node, actor, officerId, true)).disabled).toBe(true);
    expect((await node.models.Account.findById(officerId).lean())?.disabled).toBe(true);
    expect((await setAccountDisabled(node, actor, officerId, false)).disabled).toBe(false);
  });

  it('the city admin may too; an editor, a node below and nobody may not', async () => {
    const county = net.node('xingbin');
    await expect(
      setAccountDisabled(county.context, asActor(county, 'admin', { home: 'laibin' }).actor, officerId, true),
    ).resolves.toMatchObject({ disabled: true });
    await setAccountDisabled(county.context, asActor(county, 'admin').actor, officerId, false);
    expect(await codeOf(setAccountDisabled(county.context, asActor(county, 'editor').actor, officerId, true))).toBe('FORBIDDEN');
    expect(await codeOf(setAccountDisabled(county.context, null, officerId, true))).toBe('UNAUTHENTICATED');
    expect(
      await codeOf(
        setAccountDisabled(net.node('laibin').context, asActor(net.node('laibin'), 'admin', { home: 'xingbin' }).actor, officerId, true),
      ),
    ).toBe('FORBIDDEN');
    expect((await county.context.models.Account.findById(officerId).lean())?.disabled).toBe(false);
  });

  it('refuses an unknown account and an admin disabling themselves', async () => {
    const { node, actor } = asActor(net.node('xingbin'), 'admin', { id: adminId });
    expect(await codeOf(setAccountDisabled(node, actor, 'no-such-account', true))).toBe('NOT_FOUND');
    expect(await codeOf(setAccountDisabled(node, actor, adminId, true))).toBe('BAD_USER_INPUT');
    expect((await node.models.Account.findById(adminId).lean())?.disabled).toBe(false);
  });
});
