import { badInput, conflict } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { OfficerDoc, OfficerStatus } from './officerModels';
import { applyOfficerChange, historyEntry, loadOfficer, requireOfficerAdmin } from './officerStore';

const SETTABLE: readonly OfficerStatus[] = ['active', 'suspended', 'left'];

/** Suspends (暂停), ends (离任) or resumes an officer. The record and its results stay; leaving sets the date. */
export async function setOfficerStatus(ctx: RequestContext, id: string, status: string, note?: string | null): Promise<OfficerDoc> {
  const actor = requireOfficerAdmin(ctx);
  if (!SETTABLE.includes(status as OfficerStatus))
    throw badInput('状态须为 active、suspended 或 left（调出请用调动）', { field: 'status' });
  const why = note?.trim() || null;
  if (why && why.length > 200) throw badInput('备注过长（最多 200 字）', { field: 'note' });
  const doc = await loadOfficer(ctx.node, id);
  if (doc.status === 'moved') throw conflict('该信息员已调往其他节点，请在新节点登记', { status: doc.status });
  if (doc.status === status) return doc;
  const now = ctx.node.now();
  const next = status as OfficerStatus;
  const set: Partial<OfficerDoc> = { status: next };
  if (next === 'left') {
    set.leftAt = now;
    set.units = doc.units.map((u) => (u.to === null ? { ...u, to: now } : u));
  } else if (doc.status === 'left') {
    // Rejoining: a new period in the same unit; the months away stay out of the figures only if they were before.
    set.leftAt = null;
    set.units = [...doc.units, { unit: doc.unit, from: now, to: null }];
  }
  return applyOfficerChange(ctx.node, doc, set, historyEntry(actor, now, { ...doc, status: next }, 'status', why));
}
