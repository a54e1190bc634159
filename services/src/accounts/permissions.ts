import { forbidden, unauthenticated } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import type { Role } from './accountModel';
import type { Actor } from './actor';

/**
 * How an actor stands to this node: `own` (its home node), `ancestor-admin` (an admin of a node above this one:
 * the city admin network-wide, a county admin on its townships), or null (no authority here).
 */
export type Authority = 'own' | 'ancestor-admin' | null;

export function authorityOver(node: NodeContext, actor: Actor): Authority {
  if (actor.node === node.config.code) return 'own';
  if (actor.role === 'admin' && node.network.ancestors().includes(actor.node)) return 'ancestor-admin';
  return null;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthenticated('请先登录');
  return ctx.actor;
}

/**
 * The actor must be signed in, have one of the roles on this node, or be an admin of a node above it
 * (who may do anything a local admin may). Returns the actor and its authority.
 */
export function requireRole(ctx: RequestContext, roles: readonly Role[]): { actor: Actor; authority: Exclude<Authority, null> } {
  const actor = requireActor(ctx);
  const authority = authorityOver(ctx.node, actor);
  if (authority === 'ancestor-admin') return { actor, authority };
  if (authority === 'own' && roles.includes(actor.role)) return { actor, authority };
  if (authority === null) throw forbidden(`账号属于节点 ${actor.node}，无权操作节点 ${ctx.node.config.code}`);
  throw forbidden(`此操作需要以下角色之一：${roles.map((r) => ROLE_NAMES[r]).join('、')}`);
}

export const ROLE_NAMES: Record<Role, string> = {
  admin: '管理员',
  editor: '编辑',
  officer: '信息员',
  correspondent: '通讯员',
  partner: '合作方',
};

/** Roles that may write items. */
export const WRITER_ROLES: readonly Role[] = ['admin', 'editor', 'officer', 'correspondent'];
/** Roles that may review, publish and retract. */
export const REVIEWER_ROLES: readonly Role[] = ['admin', 'editor'];

/** The review level an actor may sign on this node: admins (local or above) any level, editors up to theirs. */
export function maxReviewLevel(ctx: RequestContext, actor: Actor): number {
  if (actor.role === 'admin') return 3;
  return authorityOver(ctx.node, actor) === 'own' && actor.role === 'editor' ? actor.reviewLevel : 0;
}
