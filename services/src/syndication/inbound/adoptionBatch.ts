import { insertNew } from '@djnet/shared';
import type { ArticleDoc } from '../../articles/articleModel';
import { insertArticles } from '../../articles/articleStore';
import { articleEvent } from '../articleEvents';
import type { KnownInbound } from './receiveItem';
import { newItem, receiveItemVersion } from './receiveItem';
import { adoptionRecord, buildCopy, decisionReport, mediaOf } from './copies';
import type { InboundItemDoc } from '../syndicationModels';
import { systemContext, type SyndicationRuntime } from '../syndicationRuntime';
import type { ItemPayload } from '../syndicationTypes';
import type { RelayItem, SourceRef } from '../relay';

interface Entry {
  id: string;
  version: number;
  payload: ItemPayload;
}

/**
 * New items from a child whose edge adopts automatically, adopted together: the copies, their up events, the
 * received items and the adoption reports each in one write instead of one write per item (on FerretDB each write
 * is a transaction of its own). The order of the writes is the per-item path's (copy, its event, the item, its
 * report), so a crash in between is repaired the same way: the edge applies the page again, and every step is
 * idempotent by id or event key. Anything unusual (an item already there, a copy that exists) goes the per-item way.
 */
export class AdoptionBatch {
  private entries: Entry[] = [];
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

  private async write(entries: Entry[]): Promise<void> {
    const { rt } = this;
    const { node } = rt;
    const actor = systemContext(node).actor!;
    const adopted: { item: InboundItemDoc; copy: ArticleDoc; adoptedBy: string; at: Date }[] = [];
    const held: InboundItemDoc[] = [];
    for (const e of entries) {
      const item = newItem(rt, this.from, e.id, e.version, e.payload);
      const built = await buildCopy(rt, item, { actor, auto: true, direct: true });
      if ('note' in built) held.push({ ...item, note: built.note });
      else adopted.push({ item, copy: built.doc, adoptedBy: built.adoptedBy, at: built.at });
    }

    // 1. The copies (one that exists already — adopted before a crash — is used as it is).
    const existing = await insertArticles(
      node,
      adopted.map((a) => a.copy),
    );
    for (const a of adopted)
      if (existing.has(String(a.copy._id))) a.copy = (await node.models.Article.findById(a.copy._id).lean<ArticleDoc>()) ?? a.copy;
    // 2. Their media, asked for before the copies' events name them.
    await rt.fetchMedia(adopted.flatMap((a) => mediaOf(a.item.payload!)));
    // 3. The copies' publication on this node's up stream.
    if (node.config.parent)
      await rt.relayMany(
        adopted.map((a) => ({
          event: articleEvent(node, a.copy._id, 1, 'published'),
          source: { collection: 'articles', id: String(a.copy._id) } as SourceRef,
          doc: a.copy as never,
        })),
      );
    // 4. The received items, decided (or left for an editor, with the reason).
    const items = adopted.map((a): InboundItemDoc => ({
      ...a.item,
      status: 'adopted',
      localArticleId: String(a.copy._id),
      decidedAt: a.at,
      decidedBy: a.adoptedBy,
    }));
    const already = await insertNew(rt.models.InboundItem.collection, [...items, ...held]);
    for (const item of [...items, ...held]) {
      rt.inboundIds?.add(item._id);
      if (!already.has(item._id)) this.known?.set(item._id, item);
    }
    for (const item of held) if (!already.has(item._id)) rt.heldForEditor?.add(item._id);
    // 5. The adoption reports, on their way down to the origin.
    const reports: RelayItem[] = [];
    for (const [i, item] of items.entries()) {
      if (already.has(item._id)) continue;
      const a = adopted[i]!;
      reports.push({
        event: decisionReport(rt, item, adoptionRecord(rt, a.copy, a.adoptedBy, a.at)),
        source: { collection: 'inbound_items', id: item._id },
        doc: item as never,
      });
    }
    await rt.relayMany(reports);
    // Items that were there already (a race with another delivery): the per-item path settles them.
    for (const e of entries) {
      if (!already.has(e.id)) continue;
      this.known?.delete(e.id);
      await receiveItemVersion(rt, this.from, e.id, e.version, e.payload);
    }
  }
}
