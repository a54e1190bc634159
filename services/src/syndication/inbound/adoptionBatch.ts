import type { KnownInbound } from './inboundItems';
import { receiveItemVersion } from './receiveItem';
import { adoptNewItems, type ReceivedVersion } from './copies';
import type { SyndicationRuntime } from '../syndicationRuntime';
import type { ItemPayload } from '../syndicationTypes';

/**
 * New items from a child whose edge adopts automatically, adopted together: the copies, their up events, the
 * received items and the adoption reports each in one write instead of one write per item (on FerretDB each write
 * is a transaction of its own). The order of the writes is the per-item path's (copy, its event, the item, its
 * report), so a crash in between is repaired the same way: the edge applies the page again, and every step is
 * idempotent by id or event key. Anything unusual (an item already there, a copy that exists) goes the per-item way.
 */
export class AdoptionBatch {
  private entries: ReceivedVersion[] = [];
  private readonly ids = new Set<string>();

  constructor(
    private readonly rt: SyndicationRuntime,
    private readonly from: string,
    private readonly known: KnownInbound | undefined,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  /** Whether an item can join: new here (known to be absent from this node, not in the batch yet). */
  accepts(id: string): boolean {
    return !!this.known && this.known.has(id) && this.known.get(id) === null && !this.ids.has(id) && !this.rt.inboundIds?.has(id);
  }

  add(id: string, version: number, payload: ItemPayload): void {
    this.entries.push({ id, version, payload });
    this.ids.add(id);
  }

  /** Writes the batch (nothing when empty). On failure nothing is marked done: the edge applies the events again. */
  async flush(): Promise<void> {
    const entries = this.entries;
    if (entries.length === 0) return;
    await this.write(entries);
    // Only once written: a failure leaves the batch as it was, so the edge knows its events are not applied.
    this.entries = [];
    this.ids.clear();
  }

  private async write(entries: ReceivedVersion[]): Promise<void> {
    const already = await adoptNewItems(this.rt, this.from, entries, this.known);
    // Items that were there already (a race with another delivery): the per-item path settles them.
    for (const e of entries) {
      if (!already.has(e.id)) continue;
      this.known?.delete(e.id);
      await receiveItemVersion(this.rt, this.from, e.id, e.version, e.payload);
    }
  }
}
