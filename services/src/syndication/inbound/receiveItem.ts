import type { ApplyOutcome } from '../handlers/registry';
import type { SyndicationRuntime } from '../syndicationRuntime';
import type { ItemPayload } from '../syndicationTypes';
import { adoptNewItems, relayDerivedEvents, settleInbound } from './copies';
import { changeInbound, insertInbound, loadInbound, newItem, type KnownInbound } from './inboundItems';

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
  known?: KnownInbound,
): Promise<ApplyOutcome> {
  const existing = known?.has(id) ? known.get(id)! : await loadInbound(rt, id);
  if (!existing) {
    // New: inserted in its final state (adopted by the policy, or pending) — the common case costs inserts only.
    if (await rt.autoAdopt(from)) {
      if (!(await adoptNewItems(rt, from, [{ id, version, payload }], known)).has(id)) return 'applied';
    } else {
      const item = newItem(rt, from, id, version, payload);
      if (await insertInbound(rt, item)) {
        known?.set(id, item);
        return 'applied';
      }
    }
  }
  let outcome: ApplyOutcome = 'unchanged';
  const changed = await changeInbound(rt, id, (d) => {
    if (d.tombstone || version <= d.version) return null;
    outcome = 'applied';
    return { set: { version, payload } };
  });
  known?.set(id, changed);
  await settleInbound(rt, id);
  if (known) known.delete(id); // settling may have changed it again: read it next time
  // The same version again is a redelivery: what was derived from it the first time may not have been relayed.
  if (outcome === 'unchanged' && changed) await relayDerivedEvents(rt, changed);
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
  known?: KnownInbound,
): Promise<ApplyOutcome> {
  let outcome: ApplyOutcome = 'unchanged';
  const existing = known?.has(id) ? known.get(id)! : await loadInbound(rt, id);
  if (!existing && (await insertInbound(rt, { ...newItem(rt, from, id, version, null), retractedReason: reason }))) {
    outcome = 'applied';
  } else {
    await changeInbound(rt, id, (d) => {
      if (d.tombstone) return null;
      outcome = 'applied';
      return {
        set: { tombstone: true, status: 'retracted', retractedReason: reason, pendingUpdate: null, version: Math.max(d.version, version) },
      };
    });
  }
  known?.delete(id);
  await settleInbound(rt, id);
  return outcome;
}
