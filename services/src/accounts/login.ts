import { DomainError, ErrorCode, unauthenticated } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import type { AccountDoc } from './accountModel';
import { issueAuthToken } from './authToken';
import { loginGuard, type LoginGuard } from './loginGuard';
import { verifyAgainstNothing, verifyPassword } from './passwordHash';

export interface LoginRequest {
  username: string;
  password: string;
  /** The client's address (`req.ip`, see shared/src/http/clientAddress.ts), for slowing guesses. */
  ip?: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  account: AccountDoc;
}

const WRONG_CREDENTIALS = '用户名或密码错误';

/**
 * Signs an account of this node in: checks the password and returns a token signed with the node's key.
 * An unknown username and a wrong password get the same answer (and take the same time); a disabled account
 * is told so only once the password is right. Guessing is slowed by the login guard (loginGuard.ts): a source
 * that keeps failing waits, and an account attacked from many sources slows down only sources it has not signed in
 * from, so nobody can lock its owner out.
 */
export async function login(node: NodeContext, request: LoginRequest, guard: LoginGuard = loginGuard): Promise<LoginResult> {
  const username = typeof request.username === 'string' ? request.username.trim().toLowerCase() : '';
  const password = typeof request.password === 'string' ? request.password : '';
  const accountKey = `${node.config.code}\u0000${username}`;
  const source = `${node.config.code}\u0000${request.ip ?? ''}`;
  const nowMs = node.now().getTime();
  const refusal = guard.check(accountKey, source, nowMs);
  if (refusal) {
    const wait = refusal.retryAfterSeconds < 60 ? `${refusal.retryAfterSeconds} 秒` : `${Math.ceil(refusal.retryAfterSeconds / 60)} 分钟`;
    const message =
      refusal.scope === 'source'
        ? `登录失败次数过多，请 ${wait}后再试`
        : `该账号近期在其他地址登录失败过多，请 ${wait}后再试（从曾经登录过的地址登录不受影响）`;
    throw new DomainError(ErrorCode.FORBIDDEN, message, {
      reason: 'TOO_MANY_LOGIN_ATTEMPTS',
      scope: refusal.scope,
      retryAfterSeconds: refusal.retryAfterSeconds,
    });
  }
  const account = username && username.length <= 32 ? await node.models.Account.findOne({ username }).lean<AccountDoc>() : null;
  const ok = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstNothing(password);
  if (!account || !ok) {
    guard.recordFailure(accountKey, source, nowMs);
    node.log.info({ username, ip: request.ip }, '登录失败');
    throw unauthenticated(WRONG_CREDENTIALS);
  }
  if (account.disabled) throw unauthenticated('账号已停用');
  guard.recordSuccess(accountKey, source, nowMs);
  const { token, expiresAt } = issueAuthToken(node, account);
  return { token, expiresAt, account };
}
