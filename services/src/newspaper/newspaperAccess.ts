import { badInput, forbidden } from '@djnet/shared';
import type { Actor } from '../accounts/actor';
import { requireRole, WRITER_ROLES } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import type { NodeRef } from './newspaperModels';

/** The desk (报纸编辑部) sits at the city: its editors and admins. */
export function requireDesk(ctx: RequestContext): Actor {
  const { actor } = requireRole(ctx, ['admin', 'editor']);
  if (ctx.node.config.tier !== 'city') throw forbidden('报纸编辑部设在市级节点，此操作只能在市级节点进行');
  return actor;
}

/** A node's editors and admins (and admins above it). */
export function requireNodeEditor(ctx: RequestContext): Actor {
  return requireRole(ctx, ['admin', 'editor']).actor;
}

/** Anyone who writes for the network at this node: officers (信息员), correspondents (通讯员), editors, admins. */
export function requireWriter(ctx: RequestContext): Actor {
  return requireRole(ctx, WRITER_ROLES).actor;
}

export function thisNode(node: NodeContext): NodeRef {
  return { node: node.config.code, name: node.config.name, tier: node.config.tier };
}

/** A calendar day YYYY-MM-DD that exists. */
export function parseDay(value: string, field: string, label: string): string {
  const v = String(value ?? '').trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== v)
    throw badInput(`${label}须为 YYYY-MM-DD 格式的日期，收到 ${JSON.stringify(v.slice(0, 20))}`, { field });
  return v;
}

/** Today in China time (UTC+8), YYYY-MM-DD. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whole days from `at` (China time) to the day `day`: 0 on the day itself, negative after it. */
export function daysUntil(day: string, at: Date): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${chinaDay(at)}T00:00:00Z`)) / 86_400_000);
}

export function requireText(value: unknown, field: string, label: string, max: number): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw badInput(`${label}不能为空`, { field });
  if (v.length > max) throw badInput(`${label}过长（最多 ${max} 字）`, { field });
  return v;
}
