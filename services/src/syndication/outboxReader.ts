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
 * so a sequence cannot appear below a reader's cursor later). Events are fetched by exact `_id`, never by range
 * (FerretDB scans for anything else); the most recent ones are served from memory. A sequence without an event
 * below the head is a gap (an event that could not be rebuilt after a crash) and is skipped.
 */
export class OutboxReader {
  private readonly recent: Record<Stream, Map<number, SyndicationEvent>> = { up: new Map(), down: new Map() };

  constructor(
    private readonly node: NodeContext,
    private readonly head: (stream: Stream) => number,
    private readonly cacheSize = 20_000,
  ) {}

  /** Keeps a just-relayed event in memory (catch-up reads of a backlog then cost no database reads). */
  remember(event: SyndicationEvent): void {
    const cache = this.recent[event.stream];
    cache.set(event.seq, event);
    if (cache.size > this.cacheSize) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }

  async read(stream: Stream, after: number, limit: number): Promise<OutboxPage> {
    const head = this.head(stream);
    const end = Math.min(head, after + Math.min(limit, MAX_PAGE_EVENTS));
    const events: SyndicationEvent[] = [];
    let next = after;
    let bytes = 0;
    const collection = this.node.connection.collection<SyndicationEvent & { _id: string }>(outboxCollectionName(stream));
    for (let from = after + 1; from <= end; from += 20) {
      const seqs = Array.from({ length: Math.min(20, end - from + 1) }, (_, i) => from + i);
      const found = await Promise.all(
        seqs.map(async (seq) => {
          const cached = this.recent[stream].get(seq);
          if (cached) return cached;
          const doc = await collection.findOne({ _id: outboxId(seq) });
          if (!doc) return null;
          const { _id, ...event } = doc;
          return event as SyndicationEvent;
        }),
      );
      for (const [i, event] of found.entries()) {
        if (event) {
          const size = event.payload && typeof event.payload.body === 'string' ? event.payload.body.length * 3 + 2000 : 2000;
          if (events.length > 0 && bytes + size > MAX_PAGE_BYTES) return { events, next, head };
          bytes += size;
          events.push(event);
        }
        next = seqs[i]!;
      }
    }
    return { events, next, head };
  }
}
