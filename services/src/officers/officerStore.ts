import { randomBytes } from 'node:crypto';
import { conflict, forbidden, notFound } from '@djnet/shared';
import type { Actor } from '../accounts/actor';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import type { OfficerDoc, OfficerHistoryEntry } from './officerModels';

/** Who manages the register: the node's admins and the admins above it (a county admin for its townships, the city for all). */
export function requireOfficerAdmin(ctx: RequestContext): Actor {
  return requireRole(ctx, ['admin']).actor;
}

/**
 * Who may read the register, figures and rankings: the node's admins and editors, and admins above it. An admin of
 * another township has no authority here (FORBIDDEN): townships never see each other's officers.
 */
export function requireOfficerReader(ctx: RequestContext): Actor {
  return requireRole(ctx, ['admin', 'editor']).actor;
}

export const newOfficerId = () => `o_${randomBytes(9).toString('hex')}`;

export async function loadOfficer(node: NodeContext, id: string): Promise<OfficerDoc> {
  const doc = typeof id === 'string' && id.length <= 64 ? await node.models.Officer.findById(id).lean<OfficerDoc>() : null;
  if (!doc) throw notFound(`信息员不存在：${String(id).slice(0, 64)}`);
  return doc;
}

/** An officer's own record, for an officer or correspondent signed in at this node (null when none is linked). */
export async function officerOfActor(ctx: RequestContext): Promise<OfficerDoc | null> {
  const actor = ctx.actor;
  if (!actor || actor.node !== ctx.node.config.code) return null;
  return ctx.node.models.Officer.findOne({ accountId: actor.accountId }).lean<OfficerDoc>();
}

/** The actor may see this officer: a reader of the register, or the officer themself. */
export async function requireOfficerVisible(ctx: RequestContext, id: string): Promise<OfficerDoc> {
  const own = await officerOfActor(ctx);
  if (own && own._id === id) return own;
  requireOfficerReader(ctx);
  return loadOfficer(ctx.node, id);
}

export function historyEntry(
  actor: Actor,
  at: Date,
  doc: Pick<OfficerDoc, 'unit' | 'node' | 'status'>,
  change: OfficerHistoryEntry['change'],
  note: string | null,
): OfficerHistoryEntry {
  return { at, by: actor.name, change, unit: doc.unit, node: doc.node, status: doc.status, note };
}

/**
 * Writes one change to an officer: matches the revision it was decided on (two admins at once cannot both win) and
 * appends the history entry in the same update.
 */
export async function applyOfficerChange(
  node: NodeContext,
  doc: OfficerDoc,
  set: Partial<OfficerDoc>,
  entry: OfficerHistoryEntry,
): Promise<OfficerDoc> {
  const updated = await node.models.Officer.findOneAndUpdate(
    { _id: doc._id, revision: doc.revision },
    { $set: { ...set, updatedAt: entry.at }, $inc: { revision: 1 }, $push: { history: entry } },
    { returnDocument: 'after' },
  ).lean<OfficerDoc>();
  if (!updated) throw conflict('信息员记录已被他人修改，请刷新后重试');
  return updated;
}

/** An account of this node that may be linked to an officer: it exists, writes items, and is not linked to another officer. */
export async function checkLinkableAccount(node: NodeContext, accountId: string, officerId: string | null): Promise<void> {
  const account = await node.models.Account.findById(accountId).lean();
  if (!account) throw notFound(`账号不存在：${accountId}`);
  if (!['officer', 'correspondent'].includes(account.role)) throw forbidden('只能关联信息员或通讯员账号');
  const other = await node.models.Officer.findOne({ accountId }).lean<OfficerDoc>();
  if (other && other._id !== officerId) throw conflict(`该账号已关联信息员 ${other.name}`);
}
