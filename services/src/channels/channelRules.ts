import { badInput, conflict, forbidden, notFound } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { Actor } from '../accounts/actor';
import type { RequestContext } from '../graphql/requestContext';
import type { ChannelDoc } from './channelModel';

/** Rules every channel command shares: who may change channels, which ones, and what a valid name is. */

export const CHANNEL_NAME_MAX = 30;
/** The part of a local channel's slug after `<nodeCode>-`. */
export const SLUG_SUFFIX_PATTERN = /^[a-z][a-z0-9]*$/;
export const SLUG_SUFFIX_MAX = 30;

/** Channel commands need a node admin, or an admin of a node above this one. */
export function requireChannelAdmin(ctx: RequestContext): Actor {
  return requireRole(ctx, ['admin']).actor;
}

/** Shared channels come from the city and flow down: only the city changes them; local ones only their node. */
export function requireMayChange(ctx: RequestContext, channel: ChannelDoc): void {
  if (channel.origin === 'shared' && ctx.node.config.tier !== 'city') {
    throw forbidden(`栏目“${channel.name}”属于全网统一栏目树，只能由市级（龙头）节点调整，各节点自动同步`);
  }
}

/** A trimmed channel name of 1–30 characters without control characters. */
export function checkChannelName(name: unknown): string {
  if (typeof name !== 'string') throw badInput('请填写栏目名称', { field: 'name' });
  const trimmed = name.replace(/\s+/g, ' ').trim();
  const length = Array.from(trimmed).length;
  if (length === 0) throw badInput('栏目名称不能为空', { field: 'name' });
  if (length > CHANNEL_NAME_MAX) throw badInput(`栏目名称过长（最多 ${CHANNEL_NAME_MAX} 个字）`, { field: 'name' });
  if (/[\p{Cc}\p{Cf}]/u.test(trimmed)) throw badInput('栏目名称含有不可见字符', { field: 'name' });
  return trimmed;
}

export function checkSlug(slug: unknown, field = 'slug'): string {
  if (typeof slug !== 'string' || slug.length === 0 || slug.length > 200) throw badInput('缺少或无效的栏目标识', { field });
  return slug;
}

/** Sibling names must differ (among channels still in use), so readers can tell them apart. */
export function requireUniqueName(siblings: readonly ChannelDoc[], name: string, exceptSlug?: string): void {
  const clash = siblings.find((s) => s._id !== exceptSlug && !s.retired && s.name === name);
  if (clash) throw conflict(`同级栏目中已有名为“${name}”的栏目（${clash._id}）`, { field: 'name', slug: clash._id });
}

export function channelNotFound(slug: string) {
  return notFound(`栏目不存在：${slug}`);
}
