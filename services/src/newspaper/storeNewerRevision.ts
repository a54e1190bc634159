import type { Model } from 'mongoose';
import { inserted } from '@djnet/shared';
import type { PendingEvent } from '../syndication/syndicationTypes';

interface Revisioned {
  _id: string;
  revision: number;
  pendingEvents: PendingEvent[];
}

/**
 * Keeps a received document when its revision is newer than the one held (inserted, or replaced by compare-and-set on
 * the held revision, with its pending events added), retried when another delivery got there first. Resolves false
 * when what is held is as new or newer.
 */
export async function storeNewerRevision<T extends Revisioned>(model: Model<T>, doc: T, what: string): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const held = await model.findById(doc._id).lean<Revisioned>();
    if (held && held.revision >= doc.revision) return false;
    if (!held) {
      if (await inserted(model.create(doc))) return true;
      continue;
    }
    const { _id, pendingEvents, ...set } = doc;
    const done = await model
      .findOneAndUpdate(
        { _id, revision: held.revision } as never,
        {
          $set: set,
          ...(pendingEvents.length ? { $push: { pendingEvents: { $each: pendingEvents } } } : {}),
        } as never,
      )
      .lean();
    if (done) return true;
  }
  throw new Error(`保存${what}时持续并发修改`);
}
