import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import type { Actor } from './actor';
import { actorFromClaims, TokenCheckUnavailable, verifyAuthToken } from './authToken';

/** Refusal of the credentials themselves: HTTP 401 for the whole request (Apollo reads `extensions.http`). */
function refused(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/**
 * The actor behind an `Authorization: Bearer <token>` header; null without a header. Accepts tokens issued by
 * this node or by one of its ancestors (what they may do is decided in permissions.ts). At the account's home
 * node the account must still exist and be enabled, and its current role, name and review level apply.
 * A bad, tampered, expired or foreign token is refused with HTTP 401 UNAUTHENTICATED.
 */
export async function authenticateRequest(node: NodeContext, authorization: string | undefined): Promise<Actor | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw refused('Authorization 头格式应为：Bearer <令牌>');
  const trustedIssuers = [node.config.code, ...node.network.ancestors()];
  let actor: Actor;
  try {
    actor = actorFromClaims(await verifyAuthToken(node, match[1]!, { trustedIssuers }));
  } catch (e) {
    if (e instanceof DomainError) throw refused(e.message);
    if (e instanceof TokenCheckUnavailable) {
      node.log.warn({ err: e.message }, '暂时无法验证登录凭证');
      throw new GraphQLError('暂时无法验证登录凭证，请稍后重试', { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
    }
    throw e;
  }
  if (actor.node !== node.config.code) return actor;
  const account = await node.models.Account.findById(actor.accountId).lean();
  if (!account) throw refused('账号不存在或已删除');
  if (account.disabled) throw refused('账号已停用');
  return { ...actor, username: account.username, name: account.name, role: account.role, reviewLevel: account.reviewLevel };
}
