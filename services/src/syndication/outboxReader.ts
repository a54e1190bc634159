import { LRUCache } from 'lru-cache';
import type { NodeContext } from '../node/nodeContext';
import { outboxCollectionName, outboxId } from './syndicationModels';
import type { Stream, SyndicationEvent } from './syndicationTypes';

export interface OutboxPage {
  events: SyndicationEvent[];
  /** The cursor a reader stores once it has applied these events (past any gap it skipped). */
  next: number;
  /** The last visible sequence of the stream. */
  head: number;
}

/** Most events a page carries, and roughly how many bytes. */
export const MAX_PAGE_EVENTS = 500;
const MAX_PAGE_BYTES = 8 * 1024 * 1024;

/**
 * Reads a stream of this node's outbox for a peer: events after a cursor, up to the relay's head (never past it,
 * so a sequence cannot appear below a reader's cursor later). The most recent events are served from memory;
 * others with one `_id` range read per page. A sequence without an event below the head is a gap (an event that
 * could not be rebuilt after a crash) and is skipped.
 */
export class OutboxReader {
  /** The newest events of each stream (read with peek: a read keeps the order they were relayed in). */
  private readonly recent: Record<Stream, LRUCache<number, SyndicationEvent>>;

  constructor(
    private readonly node: NodeContext,
    private readonly head: (stream: Stream) => number,
    cacheSize = 20_000,
  ) {
    this.recent = { up: new LRUCache({ max: cacheSize }), down: new LRUCache({ max: cacheSize }) };
  }

  /** Keeps a just-relayed event in memory (catch-up reads of a backlog then cost no database reads). */
  remember(event: SyndicationEvent): void {
    this.recent[event.stream].set(event.seq, event);
  }

  /**
   * A page for one reader: events addressed to another node (`to`: adoption reports and the like for another child)
   * are left out like gaps — the cursor passes them — so a county does not fetch and verify the reports meant for
   * its siblings (at the city most of the down stream).
   */
  async read(stream: Stream, after: number, limit: number, reader: string | null = null): Promise<OutboxPage> {
    const head = this.head(stream);
    const end = Math.min(head, after + Math.min(limit, MAX_PAGE_EVENTS));
    const found = new Map<number, SyndicationEvent>();
    const cache = this.recent[stream];
    let missing = false;
    for (let seq = after + 1; seq <= end; seq++) {
      const cached = cache.peek(seq);
      if (cached) found.set(seq, cached);
      else missing = true;
    }
    if (missing) {
      // One read for the page (FerretDB v1 reads through the table even for an `_id` lookup, so this costs about what
      // a single lookup does; on MongoDB it is an index range).
      const collection = this.node.connection.collection<SyndicationEvent & { _id: string }>(outboxCollectionName(stream));
      const docs = await collection.find({ _id: { $gt: outboxId(after), $lte: outboxId(end) } }).toArray();
      for (const { _id, ...event } of docs) if (!found.has(event.seq)) found.set(event.seq, event as SyndicationEvent);
    }
    const events: SyndicationEvent[] = [];
    let next = after;
    let bytes = 0;
    for (let seq = after + 1; seq <= end; seq++) {
      const event = found.get(seq);
      if (event && (reader === null || event.to === null || event.to === reader)) {
        const size = typeof event.payload?.body === 'string' ? event.payload.body.length * 3 + 2000 : 2000;
        if (events.length > 0 && bytes + size > MAX_PAGE_BYTES) break;
        bytes += size;
        events.push(event);
      }
      // A sequence without its event below the head is a gap: skipped.
      next = seq;
    }
    return { events, next, head };
  }
}
