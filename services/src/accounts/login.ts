import { DomainError, ErrorCode, unauthenticated } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import type { AccountDoc } from './accountModel';
import { issueAuthToken } from './authToken';
import { loginThrottle, type LoginThrottle } from './loginThrottle';
import { verifyAgainstNothing, verifyPassword } from './passwordHash';

export interface LoginRequest {
  username: string;
  password: string;
  /** The client's address, for throttling guesses. */
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
 * is told so only once the password is right. Too many failures from one address for one username are refused
 * for a while.
 */
export async function login(node: NodeContext, request: LoginRequest, throttle: LoginThrottle = loginThrottle): Promise<LoginResult> {
  const username = typeof request.username === 'string' ? request.username.trim().toLowerCase() : '';
  const password = typeof request.password === 'string' ? request.password : '';
  const key = [node.config.code, username, request.ip ?? ''].join('\u0000');
  const nowMs = node.now().getTime();
  const retryAfterSeconds = throttle.retryAfterSeconds(key, nowMs);
  if (retryAfterSeconds > 0) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new DomainError(ErrorCode.FORBIDDEN, `登录失败次数过多，请 ${minutes} 分钟后再试`, {
      reason: 'TOO_MANY_LOGIN_ATTEMPTS',
      retryAfterSeconds,
    });
  }
  const account = username && username.length <= 32 ? await node.models.Account.findOne({ username }).lean<AccountDoc>() : null;
  const ok = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstNothing(password);
  if (!account || !ok) {
    throttle.recordFailure(key, nowMs);
    node.log.info({ username, ip: request.ip }, '登录失败');
    throw unauthenticated(WRONG_CREDENTIALS);
  }
  if (account.disabled) throw unauthenticated('账号已停用');
  throttle.reset(key);
  const { token, expiresAt } = issueAuthToken(node, account);
  return { token, expiresAt, account };
}
