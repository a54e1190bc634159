import { badInput, conflict, isValidNodeCode } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { OfficerDoc } from './officerModels';
import { applyOfficerChange, historyEntry, loadOfficer, requireOfficerAdmin } from './officerStore';

export interface MoveInput {
  /** A new unit at this node. */
  unit?: string | null;
  /** Another node: the officer leaves this node's register (kept as `moved`); the new node registers them with `transferredFrom`. */
  toNode?: string | null;
  note?: string | null;
}

/**
 * Moves an officer to another unit of this node, or out to another node, keeping their history: the record stays,
 * the unit periods say which unit each month belongs to, and items already written stay attributed to them.
 */
export async function moveOfficer(ctx: RequestContext, id: string, input: MoveInput): Promise<OfficerDoc> {
  const actor = requireOfficerAdmin(ctx);
  const unit = input.unit?.trim() || null;
  const toNode = input.toNode?.trim() || null;
  const note = input.note?.trim() || null;
  if ((unit === null) === (toNode === null)) throw badInput('须指定新单位（unit）或调往的节点（toNode）之一', { field: 'unit' });
  if (unit && unit.length > 60) throw badInput('单位过长（最多 60 字）', { field: 'unit' });
  if (note && note.length > 200) throw badInput('备注过长（最多 200 字）', { field: 'note' });
  if (toNode && !isValidNodeCode(toNode)) throw badInput('节点代码无效', { field: 'toNode' });
  if (toNode === ctx.node.config.code) throw badInput('调往的节点不能是本节点', { field: 'toNode' });
  const doc = await loadOfficer(ctx.node, id);
  if (doc.status === 'moved' || doc.status === 'left') throw conflict('该信息员已调出或离任，不能调动', { status: doc.status });
  const now = ctx.node.now();
  if (unit) {
    if (unit === doc.unit) throw badInput('新单位与当前单位相同', { field: 'unit' });
    const units = [...doc.units.map((u) => (u.to === null ? { ...u, to: now } : u)), { unit, from: now, to: null }];
    return applyOfficerChange(
      ctx.node,
      doc,
      { unit, units },
      historyEntry(actor, now, { ...doc, unit }, 'moved', note ?? `由 ${doc.unit} 调至 ${unit}`),
    );
  }
  const units = doc.units.map((u) => (u.to === null ? { ...u, to: now } : u));
  return applyOfficerChange(
    ctx.node,
    doc,
    { status: 'moved', movedTo: toNode, leftAt: now, units },
    historyEntry(actor, now, { ...doc, status: 'moved' }, 'moved', note ?? `调往节点 ${toNode}`),
  );
}
