import type { ApplyOutcome } from '../handlers/registry';
import type { InboundItemDoc } from '../syndicationModels';
import type { SyndicationRuntime } from '../syndicationRuntime';
import type { ItemPayload } from '../syndicationTypes';
import { settleInbound } from './copies';
import { changeInbound, insertInbound, loadInbound } from './inboundItems';

function newItem(rt: SyndicationRuntime, from: string, id: string, version: number, payload: ItemPayload | null): InboundItemDoc {
  const now = rt.node.now();
  return {
    _id: id,
    from,
    version,
    payload,
    status: payload ? 'pending' : 'retracted',
    tombstone: !payload,
    retractedReason: null,
    receivedAt: now,
    updatedAt: now,
    decidedAt: null,
    decidedBy: null,
    reason: null,
    localArticleId: null,
    localVersion: null,
    pendingUpdate: null,
    note: null,
    revision: 0,
    pendingEvents: [],
  };
}

/**
 * A version of an item arrived from a child (published or updated: the same thing to the receiver). It enters the
 * adoption queue, or replaces an older version there; an older or equal version changes nothing, and nothing
 * brings back an item whose retraction was received. Then the item is settled: adopted by the edge's policy, or
 * its local copy brought up to date.
 */
export async function receiveItemVersion(
  rt: SyndicationRuntime,
  from: string,
  id: string,
  version: number,
  payload: ItemPayload,
): Promise<ApplyOutcome> {
  let outcome: ApplyOutcome = 'unchanged';
  const existing = await loadInbound(rt, id);
  if (!existing && (await insertInbound(rt, newItem(rt, from, id, version, payload)))) {
    outcome = 'applied';
  } else {
    await changeInbound(rt, id, (d) => {
      if (d.tombstone || version <= d.version) return null;
      outcome = 'applied';
      return { set: { version, payload } };
    });
  }
  await settleInbound(rt, id);
  return outcome;
}

/**
 * A retraction arrived: the item is marked (a tombstone, kept even when the item itself never arrived, so it
 * wins over a late publication) and an adopted copy is retracted, which sends its own retraction upward.
 */
export async function receiveRetraction(
  rt: SyndicationRuntime,
  from: string,
  id: string,
  version: number,
  reason: string | null,
): Promise<ApplyOutcome> {
  let outcome: ApplyOutcome = 'unchanged';
  const existing = await loadInbound(rt, id);
  if (!existing && (await insertInbound(rt, { ...newItem(rt, from, id, version, null), retractedReason: reason }))) {
    outcome = 'applied';
  } else {
    await changeInbound(rt, id, (d) => {
      if (d.tombstone) return null;
      outcome = 'applied';
      return { set: { tombstone: true, status: 'retracted', retractedReason: reason, pendingUpdate: null, version: Math.max(d.version, version) } };
    });
  }
  await settleInbound(rt, id);
  return outcome;
}
