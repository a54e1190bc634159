import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { createAccountDirect } from '../../../tests/support/accounts';
import type { NodeContext } from '../node/nodeContext';
import { verifyAuthToken } from './authToken';
import { login } from './login';
import { LoginThrottle } from './loginThrottle';
import { refusal } from '../../../tests/support/expectations';

describe('login', () => {
  let net: InProcessNetwork;
  let node: NodeContext;

  beforeAll(async () => {
    net = await startInProcessNetwork([{ code: 'laibin', name: '来宾市党建网', tier: 'city' }]);
    node = net.node('laibin').context;
    await createAccountDirect(net.node('laibin'), { username: 'lb_officer', name: '市信息员', role: 'officer', password: 'xinxiyuan1' });
    await createAccountDirect(net.node('laibin'), { username: 'lb_gone', name: '已停用', role: 'editor', password: 'xinxiyuan1' });
    await node.models.Account.updateOne({ username: 'lb_gone' }, { $set: { disabled: true } });
  });
  afterAll(async () => net?.stop());

  it('signs an account in with a token of this node', async () => {
    const result = await login(node, { username: ' LB_Officer ', password: 'xinxiyuan1', ip: '10.0.0.1' }, new LoginThrottle());
    expect(result.account).toMatchObject({ username: 'lb_officer', role: 'officer', node: 'laibin' });
    await expect(verifyAuthToken(node, result.token)).resolves.toMatchObject({ iss: 'laibin', usr: 'lb_officer', sub: result.account._id });
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const throttle = new LoginThrottle();
    const wrong = await refusal(login(node, { username: 'lb_officer', password: 'wrongpass1' }, throttle));
    const unknown = await refusal(login(node, { username: 'no_such_user', password: 'xinxiyuan1' }, throttle));
    const empty = await refusal(login(node, { username: '', password: '' }, throttle));
    for (const e of [wrong, unknown, empty]) expect([e.code, e.message]).toEqual(['UNAUTHENTICATED', '用户名或密码错误']);
  });

  it('says an account is disabled only once the password is right', async () => {
    const throttle = new LoginThrottle();
    expect((await refusal(login(node, { username: 'lb_gone', password: 'xinxiyuan1' }, throttle))).message).toBe('账号已停用');
    expect((await refusal(login(node, { username: 'lb_gone', password: 'wrongpass1' }, throttle))).message).toBe('用户名或密码错误');
  });

  it('refuses further attempts after repeated failures from one address, for a while', async () => {
    const throttle = new LoginThrottle(3, 60_000);
    const attempt = (password: string, ip: string, at: NodeContext = node) => login(at, { username: 'lb_officer', password, ip }, throttle);
    for (let i = 0; i < 3; i++) expect((await refusal(attempt('wrongpass1', '10.0.0.9'))).code).toBe('UNAUTHENTICATED');
    const blocked = await refusal(attempt('xinxiyuan1', '10.0.0.9'));
    expect(blocked.code).toBe('FORBIDDEN');
    expect(blocked.message).toMatch(/登录失败次数过多/);
    expect(blocked.details).toMatchObject({ reason: 'TOO_MANY_LOGIN_ATTEMPTS' });
    expect((blocked.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    // Another address is not affected, and the block lifts when the window has passed.
    await expect(attempt('xinxiyuan1', '10.0.0.10')).resolves.toBeTruthy();
    const later = { ...node, now: () => new Date(Date.now() + 61_000) };
    await expect(attempt('xinxiyuan1', '10.0.0.9', later)).resolves.toBeTruthy();
  });
});

describe('login throttle', () => {
  it('counts failures per key within the window and forgets them on success', () => {
    const throttle = new LoginThrottle(2, 1_000);
    throttle.recordFailure('a', 0);
    expect(throttle.retryAfterSeconds('a', 10)).toBe(0);
    throttle.recordFailure('a', 500);
    expect(throttle.retryAfterSeconds('a', 600)).toBe(1);
    expect(throttle.retryAfterSeconds('b', 600)).toBe(0);
    expect(throttle.retryAfterSeconds('a', 1_001)).toBe(0);
    throttle.recordFailure('a', 1_100);
    throttle.reset('a');
    expect(throttle.retryAfterSeconds('a', 1_200)).toBe(0);
  });

  it('keeps memory bounded under a spray of usernames', () => {
    const throttle = new LoginThrottle(2, 1_000, 100);
    for (let i = 0; i < 1_000; i++) throttle.recordFailure(`user${i}`, i);
    throttle.recordFailure('last', 1_000);
    throttle.recordFailure('last', 1_000);
    expect(throttle.retryAfterSeconds('last', 1_001)).toBeGreaterThan(0);
    expect((throttle as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(100);
  });
});
