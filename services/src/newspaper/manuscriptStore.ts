import { conflict, notFound } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import { syndicationOf } from '../syndication/syndicationRuntime';
import type { PendingEvent } from '../syndication/syndicationTypes';
import { thisNode } from './newspaperAccess';
import type { ManuscriptDoc } from './newspaperModels';
import type { ManuscriptStatusPayload } from './newspaperPayloads';

export async function loadManuscript(node: NodeContext, id: string): Promise<ManuscriptDoc> {
  const doc = typeof id === 'string' && id.length <= 100 ? await node.models.Manuscript.findById(id).lean<ManuscriptDoc>() : null;
  if (!doc) throw notFound(`稿件不存在：${String(id).slice(0, 100)}`);
  return doc;
}

/** The node below this one on the manuscript's way up (where its status reports go next); null at the origin. */
export function nodeBelow(doc: ManuscriptDoc, code: string): string | null {
  if (doc.origin.node === code) return null;
  const i = doc.hops.findIndex((h) => h.node === code);
  if (i < 0) return doc.hops.at(-1)?.node ?? doc.origin.node;
  return i === 0 ? doc.origin.node : doc.hops[i - 1]!.node;
}

export function statusPayload(node: NodeContext, doc: ManuscriptDoc, decidedBy = thisNode(node)): ManuscriptStatusPayload {
  return {
    manuscriptId: doc._id,
    status: doc.status,
    reason: doc.reason,
    at: doc.statusAt.toISOString(),
    by: doc.statusBy ?? decidedBy.name,
    decidedBy,
    placement: doc.placement,
    printedAt: doc.printedAt ? doc.printedAt.toISOString() : null,
  };
}

/** The down event reporting a manuscript's status to the node below, towards its origin. */
export function statusEvent(node: NodeContext, report: ManuscriptStatusPayload, to: string): PendingEvent {
  return {
    stream: 'down',
    kind: 'manuscriptStatus',
    key: `manuscriptStatus:${report.manuscriptId}:${report.status}:${report.at}`,
    itemId: report.manuscriptId,
    version: 1,
    to,
    createdAt: node.now().toISOString(),
    payload: { ...report },
  };
}

export type StatusChange = Pick<ManuscriptDoc, 'status'> &
  Partial<Pick<ManuscriptDoc, 'reason' | 'placement' | 'printedAt' | 'hops'>> & { by: string };

/**
 * Writes one status change of a manuscript (compare-and-set on its revision: two editors at once cannot both win)
 * with the status report to the node below in the same update, so the origin learns of it however the process
 * ends. `extraEvents` go in the same write (a county's forwarding event).
 */
export async function applyManuscriptChange(
  node: NodeContext,
  doc: ManuscriptDoc,
  change: StatusChange,
  extraEvents: PendingEvent[] = [],
): Promise<ManuscriptDoc> {
  const now = node.now();
  const next: ManuscriptDoc = {
    ...doc,
    status: change.status,
    reason: change.reason === undefined ? doc.reason : change.reason,
    placement: change.placement === undefined ? doc.placement : change.placement,
    printedAt: change.printedAt === undefined ? doc.printedAt : change.printedAt,
    hops: change.hops ?? doc.hops,
    statusAt: now,
    statusBy: change.by,
    updatedAt: now,
  };
  const below = nodeBelow(next, node.config.code);
  const events = [...extraEvents];
  if (below && !['forwarded', 'screening', 'submitted'].includes(next.status))
    events.push(statusEvent(node, statusPayload(node, next), below));
  const update: Record<string, unknown> = {
    $set: {
      status: next.status,
      reason: next.reason,
      placement: next.placement,
      printedAt: next.printedAt,
      hops: next.hops,
      statusAt: now,
      statusBy: change.by,
      updatedAt: now,
    },
    $inc: { revision: 1 },
  };
  if (events.length) update.$push = { pendingEvents: { $each: events } };
  const updated = await node.models.Manuscript.findOneAndUpdate({ _id: doc._id, revision: doc.revision }, update, {
    returnDocument: 'after',
  }).lean<ManuscriptDoc>();
  if (!updated) throw conflict('稿件已被他人修改，请刷新后重试');
  if (events.length) syndicationOf(node)?.relayPoke({ collection: 'newspaper_manuscripts', id: doc._id });
  return updated;
}
