import { badInput } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { dayStart, parseOfficerInput } from './officerInput';
import type { OfficerDoc } from './officerModels';
import { checkLinkableAccount, historyEntry, newOfficerId, requireOfficerAdmin } from './officerStore';

/** A node's admin (or an admin above) registers an officer (信息员) or correspondent (通讯员) at this node. */
export async function createOfficer(ctx: RequestContext, input: unknown): Promise<OfficerDoc> {
  const actor = requireOfficerAdmin(ctx);
  const data = parseOfficerInput(input);
  if (!data.name) throw badInput('姓名不能为空', { field: 'name' });
  if (!data.unit) throw badInput('单位不能为空', { field: 'unit' });
  const id = newOfficerId();
  if (data.accountId) await checkLinkableAccount(ctx.node, data.accountId, id);
  const now = ctx.node.now();
  const joinedAt = data.joinedAt ? dayStart(data.joinedAt) : now;
  const base = { unit: data.unit, node: ctx.node.config.code, status: 'active' as const };
  const transferredFrom = data.transferredFrom ?? null;
  const doc: OfficerDoc = {
    _id: id,
    kind: data.kind ?? 'officer',
    name: data.name,
    ...base,
    tier: ctx.node.config.tier,
    phone: data.phone ?? null,
    email: data.email ?? null,
    accountId: data.accountId ?? null,
    accountIds: data.accountId ? [data.accountId] : [],
    joinedAt,
    leftAt: null,
    units: [{ unit: data.unit, from: joinedAt, to: null }],
    movedTo: null,
    transferredFrom,
    history: [
      historyEntry(
        actor,
        now,
        base,
        transferredFrom ? 'transferred' : 'created',
        transferredFrom ? `由节点 ${transferredFrom.node} 调入（原编号 ${transferredFrom.officerId}）` : null,
      ),
    ],
    createdAt: now,
    updatedAt: now,
    revision: 0,
  };
  await ctx.node.models.Officer.create(doc);
  return doc;
}
