import { badInput } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { dayStart, parseOfficerInput } from './officerInput';
import type { OfficerDoc } from './officerModels';
import { applyOfficerChange, checkLinkableAccount, historyEntry, loadOfficer, requireOfficerAdmin } from './officerStore';

/**
 * Corrects an officer's details (name, kind, phone, e-mail, joined date) or links another account. The unit and
 * node change only by moveOfficer, so that history records them. Every account ever linked keeps attributing its items.
 */
export async function updateOfficer(ctx: RequestContext, id: string, input: unknown): Promise<OfficerDoc> {
  const actor = requireOfficerAdmin(ctx);
  const data = parseOfficerInput(input);
  if (data.unit !== undefined) throw badInput('更换单位请使用“调动”（moveOfficer），以保留历史', { field: 'unit' });
  if (data.transferredFrom !== undefined) throw badInput('调入来源只能在登记时填写', { field: 'transferredFrom' });
  const doc = await loadOfficer(ctx.node, id);
  const set: Partial<OfficerDoc> = {};
  const changed: string[] = [];
  const change = <K extends keyof OfficerDoc>(key: K, value: OfficerDoc[K] | undefined, label: string) => {
    if (value === undefined || value === doc[key]) return;
    set[key] = value;
    changed.push(label);
  };
  change('name', data.name, '姓名');
  change('kind', data.kind, '类别');
  change('phone', data.phone, '电话');
  change('email', data.email, '邮箱');
  if (data.joinedAt) {
    const joinedAt = dayStart(data.joinedAt);
    if (joinedAt.getTime() !== new Date(doc.joinedAt).getTime()) {
      set.joinedAt = joinedAt;
      // The first unit period starts when the officer joined.
      set.units = doc.units.map((u, i) => (i === 0 ? { ...u, from: joinedAt } : u));
      changed.push('入职日期');
    }
  }
  if (data.accountId !== undefined && data.accountId !== doc.accountId) {
    if (data.accountId) {
      await checkLinkableAccount(ctx.node, data.accountId, doc._id);
      set.accountIds = [...new Set([...doc.accountIds, data.accountId])];
    }
    set.accountId = data.accountId;
    changed.push('关联账号');
  }
  if (changed.length === 0) return doc;
  return applyOfficerChange(ctx.node, doc, set, historyEntry(actor, ctx.node.now(), doc, 'updated', `修改：${changed.join('、')}`));
}
