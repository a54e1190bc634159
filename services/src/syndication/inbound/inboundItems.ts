import { conflict, documentWrites, inserted } from '@djnet/shared';
import type { InboundItemDoc } from '../syndicationModels';
import type { SyndicationRuntime } from '../syndicationRuntime';
import type { ItemPayload, PendingEvent } from '../syndicationTypes';

export async function loadInbound(rt: SyndicationRuntime, id: string): Promise<InboundItemDoc | null> {
  return rt.models.InboundItem.findById(id).lean<InboundItemDoc>().exec();
}

export interface InboundChange {
  set: Partial<InboundItemDoc>;
  events?: PendingEvent[];
}

const MAX_ATTEMPTS = 8;

/**
 * Changes an inbound item by compare-and-set on its revision: `decide` sees the current document and returns the
 * change (null: nothing to do). Retried when someone else changed it meanwhile (an editor and the edge puller).
 * Events go into the same update, and the relay is told. Returns the item as it ends up (null if absent).
 */
export function changeInbound(
  rt: SyndicationRuntime,
  id: string,
  decide: (doc: InboundItemDoc) => InboundChange | null,
): Promise<InboundItemDoc | null> {
  // Serialized per item in this process: with the revision checked in here, FerretDB can update by _id alone.
  return documentWrites.run(`${rt.node.config.databaseName}/inbound_items/${id}`, () => compareAndSet(rt, id, decide));
}

async function compareAndSet(
  rt: SyndicationRuntime,
  id: string,
  decide: (doc: InboundItemDoc) => InboundChange | null,
): Promise<InboundItemDoc | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await loadInbound(rt, id);
    if (!doc) return null;
    const change = decide(doc);
    if (!change) return doc;
    const update: Record<string, unknown> = { $set: { ...change.set, updatedAt: rt.node.now() }, $inc: { revision: 1 } };
    if (change.events?.length) update.$push = { pendingEvents: { $each: change.events } };
    const updated = await rt.models.InboundItem.findOneAndUpdate(rt.casFilter(id, doc.revision), update, {
      returnDocument: 'after',
    }).lean<InboundItemDoc>();
    if (updated) {
      if (change.events?.length) rt.relayPoke({ collection: 'inbound_items', id });
      return updated;
    }
  }
  throw conflict(`待采用稿件 ${id} 并发修改冲突，请稍后重试`);
}

/** Inserts a new inbound item; false when it exists already (then change it instead). */
export async function insertInbound(rt: SyndicationRuntime, doc: InboundItemDoc): Promise<boolean> {
  const written = await inserted(rt.models.InboundItem.collection.insertOne(doc as never));
  rt.inboundIds?.add(doc._id);
  if (written && doc.pendingEvents.length) rt.relayPoke({ collection: 'inbound_items', id: doc._id });
  return written;
}

/**
 * What an edge already read of the inbound items a page refers to (one read for the whole page): an id mapped to
 * null is known to be absent. Kept current by the handlers as they write.
 */
export type KnownInbound = Map<string, InboundItemDoc | null>;

export function newItem(rt: SyndicationRuntime, from: string, id: string, version: number, payload: ItemPayload | null): InboundItemDoc {
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
