import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { createAccountDirect } from '../../../tests/support/accounts';
import type { NodeContext } from '../node/nodeContext';
import { verifyAuthToken } from './authToken';
import { login } from './login';
import { LOGIN_LIMITS, LoginGuard } from './loginGuard';
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
    const result = await login(node, { username: ' LB_Officer ', password: 'xinxiyuan1', ip: '10.0.0.1' }, new LoginGuard());
    expect(result.account).toMatchObject({ username: 'lb_officer', role: 'officer', node: 'laibin' });
    await expect(verifyAuthToken(node, result.token)).resolves.toMatchObject({ iss: 'laibin', usr: 'lb_officer', sub: result.account._id });
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const throttle = new LoginGuard();
    const wrong = await refusal(login(node, { username: 'lb_officer', password: 'wrongpass1' }, throttle));
    const unknown = await refusal(login(node, { username: 'no_such_user', password: 'xinxiyuan1' }, throttle));
    const empty = await refusal(login(node, { username: '', password: '' }, throttle));
    for (const e of [wrong, unknown, empty]) expect([e.code, e.message]).toEqual(['UNAUTHENTICATED', '用户名或密码错误']);
  });

  it('says an account is disabled only once the password is right', async () => {
    const throttle = new LoginGuard();
    expect((await refusal(login(node, { username: 'lb_gone', password: 'xinxiyuan1' }, throttle))).message).toBe('账号已停用');
    expect((await refusal(login(node, { username: 'lb_gone', password: 'wrongpass1' }, throttle))).message).toBe('用户名或密码错误');
  });

  const limits = { ...LOGIN_LIMITS, perSourceAccount: 3, perSource: 5, perAccount: 6, windowMs: 60_000, accountBackoffMs: 10_000 };
  const at = (ms: number): NodeContext => ({ ...node, now: () => new Date(ms) });
  const attempt = (guard: LoginGuard, password: string, ip: string, nowMs: number, username = 'lb_officer') =>
    login(at(nowMs), { username, password, ip }, guard);

  it('makes a source that keeps failing wait out the window, and only that source', async () => {
    const guard = new LoginGuard(limits);
    const t = Date.now();
    for (let i = 0; i < 3; i++) expect((await refusal(attempt(guard, 'wrongpass1', '10.0.0.9', t))).code).toBe('UNAUTHENTICATED');
    const blocked = await refusal(attempt(guard, 'xinxiyuan1', '10.0.0.9', t));
    expect(blocked.code).toBe('FORBIDDEN');
    expect(blocked.message).toMatch(/登录失败次数过多，请 1 分钟后再试/);
    expect(blocked.details).toMatchObject({ reason: 'TOO_MANY_LOGIN_ATTEMPTS', scope: 'source', retryAfterSeconds: 60 });
    // Another address is not affected, and the block lifts when the window has passed.
    await expect(attempt(guard, 'xinxiyuan1', '10.0.0.10', t)).resolves.toBeTruthy();
    await expect(attempt(guard, 'xinxiyuan1', '10.0.0.9', t + 61_000)).resolves.toBeTruthy();
  });

  it('cannot be used to lock the owner out: 1,000 wrong passwords from one source leave the account usable elsewhere', async () => {
    const guard = new LoginGuard(LOGIN_LIMITS);
    const t = Date.now();
    const codes = new Map<string, number>();
    for (let i = 0; i < 1_000; i++) {
      const e = await refusal(attempt(guard, `guess${i}`, '203.0.113.66', t + i));
      const key = `${e.code}:${(e.details as { scope?: string } | undefined)?.scope ?? ''}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    // Only the first ten checked a password; the rest were refused before, counting nothing against the account.
    expect(Object.fromEntries(codes)).toEqual({ 'UNAUTHENTICATED:': 10, 'FORBIDDEN:source': 990 });
    await expect(attempt(guard, 'xinxiyuan1', '198.51.100.7', t + 1_000)).resolves.toBeTruthy();
  });

  it('stops a source spraying many usernames', async () => {
    const guard = new LoginGuard(limits);
    const t = Date.now();
    for (let i = 0; i < 5; i++) await refusal(attempt(guard, 'wrongpass1', '10.0.1.1', t, `user${i}`));
    expect((await refusal(attempt(guard, 'xinxiyuan1', '10.0.1.1', t))).details).toMatchObject({ scope: 'source' });
  });

  it('slows an account attacked from many sources for new sources only: where the owner signed in before still works', async () => {
    const guard = new LoginGuard(limits);
    const t = Date.now();
    await expect(attempt(guard, 'xinxiyuan1', '10.0.2.1', t)).resolves.toBeTruthy(); // the owner's usual address
    for (let i = 0; i < 6; i++) await refusal(attempt(guard, 'wrongpass1', `10.9.0.${i}`, t + i));
    const slowed = await refusal(attempt(guard, 'xinxiyuan1', '10.0.2.2', t + 6));
    expect(slowed.message).toMatch(/该账号近期在其他地址登录失败过多/);
    expect(slowed.details).toMatchObject({ reason: 'TOO_MANY_LOGIN_ATTEMPTS', scope: 'account', retryAfterSeconds: 10 });
    await expect(attempt(guard, 'xinxiyuan1', '10.0.2.1', t + 7)).resolves.toBeTruthy();
    // The wait is a backoff, not a lock: a new source may try once it has passed, and each failure doubles it.
    await refusal(attempt(guard, 'wrongpass1', '10.9.1.1', t + 10_006));
    expect((await refusal(attempt(guard, 'xinxiyuan1', '10.0.2.2', t + 10_007))).details).toMatchObject({ retryAfterSeconds: 20 });
    await expect(attempt(guard, 'xinxiyuan1', '10.0.2.2', t + 30_006)).resolves.toBeTruthy();
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
