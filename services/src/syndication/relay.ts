import { isDuplicateKey } from '@djnet/shared';
import { Types, type Model } from 'mongoose';
import type { ArticleDoc } from '../articles/articleModel';
import type { NodeContext } from '../node/nodeContext';
import { articlePayload } from './articleEvents';
import { plainJson } from './canonicalJson';
import { signEvent } from './eventSignature';
import {
  EVENT_SOURCES,
  outboxCollectionName,
  outboxId,
  type EventSource,
  type OutboxKeyDoc,
  type SyndicationModels,
} from './syndicationModels';
import { STREAMS, type PendingEvent, type Stream, type SyndicationEvent } from './syndicationTypes';

export interface SourceRef {
  collection: EventSource;
  /** The document's `_id` as a string (an article's hex ObjectId). */
  id: string;
}

/** An event to relay with the document it came from (its source, for repairs after a crash). */
export interface RelayItem {
  event: PendingEvent;
  source: SourceRef;
  doc: Record<string, unknown>;
}

export interface RelayOptions {
  /** How often every source is scanned again for pending events nobody poked about (default 10 min; 0: never). */
  sweepMs?: number;
  /** Called after an event became visible in the outbox (in sequence order). */
  onRelayed?: (event: SyndicationEvent) => void;
  /** Delay before a source that failed is tried again (doubles up to 60 s). */
  retryMs?: number;
}

/**
 * The node's one relay: moves pending events from the documents that caused them into the outbox, one at a time,
 * so sequence numbers become visible strictly in order.
 *
 * For each pending event: reserve its key (`outbox_keys`, `_id: <stream>:<key>` → the next sequence), write the
 * outbox event (`_id`: that sequence), then pull the pending event from its document. A crash anywhere leaves
 * either nothing done (the pending event is relayed on restart), a key without its event (repaired at start-up,
 * in sequence order, before any new sequence is assigned), or an event still pending whose key exists (found
 * reserved on restart: pulled, not relayed twice). Nothing is lost and nothing is duplicated.
 *
 * The heads (last visible sequence per stream) live in memory; readers never read past them.
 */
export class Relay {
  private readonly heads: Record<Stream, number> = { up: 0, down: 0 };
  private readonly queue = new Map<string, SourceRef>();
  private draining: Promise<void> | null = null;
  /** Every sequence assignment runs under this lock: batches from the queue and direct relays alike. */
  private lock: Promise<unknown> = Promise.resolve();
  private started = false;
  private stopped = false;
  /** Set when a write failed after a key was reserved: repair before assigning another sequence. */
  private dirty = false;
  private failures = 0;
  private sweepTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Events relayed by this process, counted per stream (for metrics). */
  readonly relayed: Record<Stream, number> = { up: 0, down: 0 };

  constructor(
    private readonly node: NodeContext,
    private readonly models: SyndicationModels,
    private readonly options: RelayOptions = {},
  ) {}

  head(stream: Stream): number {
    return this.heads[stream];
  }

  /** Recovers (heads, repair of reserved keys), relays everything still pending, then follows pokes. */
  async start(): Promise<void> {
    await this.recover();
    this.started = true;
    await this.sweep();
    await this.idle();
    const sweepMs = this.options.sweepMs ?? 10 * 60_000;
    if (sweepMs > 0) {
      this.sweepTimer = setInterval(
        () => void this.sweep().catch((e: Error) => this.node.log.warn({ err: e.message }, '同步中继扫描失败')),
        sweepMs,
      );
      this.sweepTimer.unref();
    }
  }

  /** A document got pending events: relay them soon (in this process's order). */
  poke(source: SourceRef): void {
    if (this.stopped) return;
    this.queue.set(`${source.collection}/${source.id}`, source);
    this.kick();
  }

  /** Resolves when nothing is queued or being relayed. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
    await this.lock;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.retryTimer);
    await this.idle();
  }

  /** Finds every document holding pending events and queues it (start-up crash recovery, and now and then). */
  async sweep(): Promise<number> {
    let found = 0;
    for (const collection of EVENT_SOURCES) {
      const docs = await this.node.connection
        .collection(collection)
        .find({ 'pendingEvents.0': { $exists: true } }, { projection: { _id: 1 } })
        .toArray();
      for (const d of docs) this.poke({ collection, id: String(d._id) });
      found += docs.length;
    }
    return found;
  }

  private kick(): void {
    if (this.draining || !this.started || this.stopped || this.queue.size === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.kick();
    });
  }

  /** Sources relayed together: one read and one write per collection for the whole batch (on FerretDB each such read or write parses the whole collection, so batches are large). */
  private static readonly BATCH = 500;

  /** Runs work alone: sequence numbers are assigned one at a time, in order. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(async () => {
      if (this.dirty) {
        await this.recover();
        this.dirty = false;
      }
      return work();
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Relays an event at once, without a pending copy in a document: for events an edge derives from what it
   * received (an auto-adopted copy's publication, an adoption report), called before the edge stores its cursor.
   * If the node crashes first, the edge applies the received event again and derives the same event, which the
   * key makes a no-op when it was relayed already. Resolves with the event's sequence.
   */
  relayNow(event: PendingEvent, source: SourceRef, doc: Record<string, unknown>): Promise<number | null> {
    return this.exclusive(() => this.relayEvent(event, source, doc));
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.stopped) {
      const batch = [...this.queue.entries()].slice(0, Relay.BATCH);
      for (const [k] of batch) this.queue.delete(k);
      try {
        await this.exclusive(() => this.relayBatch(batch.map(([, source]) => source)));
        this.failures = 0;
      } catch (e) {
        this.failures++;
        this.node.log.warn({ err: (e as Error).message, sources: batch.length, failures: this.failures }, '同步事件中继失败，稍后重试');
        // Keep what is queued; try again after a pause (the database may be briefly away).
        for (const [k, source] of batch) this.queue.set(k, source);
        const delay = Math.min(60_000, (this.options.retryMs ?? 500) * 2 ** Math.min(this.failures - 1, 8));
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.kick(), delay);
        this.retryTimer.unref();
        return;
      }
    }
  }

  private sourceModel(collection: EventSource): Model<{ _id: unknown; pendingEvents?: PendingEvent[] }> {
    const m: Record<EventSource, unknown> = {
      articles: this.node.models.Article,
      inbound_items: this.models.InboundItem,
      notices: this.models.Notice,
      syndication_state: this.models.SharedState,
      newspaper_calls: this.node.models.NewspaperCall,
      newspaper_manuscripts: this.node.models.Manuscript,
      newspaper_quotas: this.node.models.SubscriptionQuotas,
      newspaper_subscriptions: this.node.models.SubscriptionReport,
      newspaper_reminders: this.node.models.SubscriptionReminder,
    };
    return m[collection] as Model<{ _id: unknown; pendingEvents?: PendingEvent[] }>;
  }

  private sourceId(collection: EventSource, id: string): unknown {
    return collection === 'articles' ? new Types.ObjectId(id) : id;
  }

  private async loadSource(source: SourceRef): Promise<(Record<string, unknown> & { pendingEvents?: PendingEvent[] }) | null> {
    return (await this.loadSources(source.collection, [source.id])).get(source.id) ?? null;
  }

  /**
   * Reads the documents of one collection at once. (On FerretDB v1 even an `_id` lookup reads through the table,
   * so one `$in` read per batch costs about what a single lookup does.)
   */
  private async loadSources(
    collection: EventSource,
    ids: string[],
  ): Promise<Map<string, Record<string, unknown> & { pendingEvents?: PendingEvent[] }>> {
    const docs = await this.sourceModel(collection)
      .find({ _id: { $in: ids.map((id) => this.sourceId(collection, id)) } })
      .lean<(Record<string, unknown> & { _id: unknown; pendingEvents?: PendingEvent[] })[]>()
      .exec();
    return new Map(docs.map((d) => [String(d._id), d]));
  }

  /** Relays the pending events of a batch of sources in queue order, then pulls them, one write per collection. */
  private async relayBatch(sources: SourceRef[]): Promise<void> {
    const byCollection = new Map<EventSource, string[]>();
    for (const s of sources) byCollection.set(s.collection, [...(byCollection.get(s.collection) ?? []), s.id]);
    const loaded = new Map<EventSource, Map<string, Record<string, unknown> & { pendingEvents?: PendingEvent[] }>>();
    for (const [collection, ids] of byCollection) loaded.set(collection, await this.loadSources(collection, ids));

    const work: RelayItem[] = [];
    const relayed: { source: SourceRef; events: PendingEvent[] }[] = [];
    for (const source of sources) {
      const doc = loaded.get(source.collection)!.get(source.id);
      const pending = doc?.pendingEvents ?? [];
      if (!doc || pending.length === 0) continue;
      for (const event of pending) work.push({ event, source, doc });
      relayed.push({ source, events: pending });
    }

    // One key insert and one event insert per stream for the whole batch (each insert is a transaction on FerretDB).
    for (let i = 0; i < work.length; i += Relay.BATCH) await this.relayEvents(work.slice(i, i + Relay.BATCH));

    // Pull exactly what was relayed (a change made meanwhile may have pushed another event: relayed next time).
    // By the elements themselves, as read: FerretDB v1 matches $pull/$pullAll by whole value only and ignores a
    // condition such as { key: ... }. One update per document by `_id` equality: FerretDB v1 finds an `_id` without
    // decoding every document, while an `$in` filter decodes the whole collection (measured: a chunk of 50 took
    // seconds at 5,000 articles), and a bulk update of ~100 matching documents wedges it (see channelTree).
    for (const { source, events } of relayed) {
      const id = this.sourceId(source.collection, source.id);
      const done = await this.sourceModel(source.collection).updateOne({ _id: id }, { $pullAll: { pendingEvents: events } });
      if (done.modifiedCount === 1) continue;
      // Not changed: see whether it still holds a relayed event (that would be a bug; a deleted document is fine).
      const doc = (await this.loadSources(source.collection, [source.id])).get(source.id);
      const keys = new Set(events.map((e) => e.key));
      if (doc?.pendingEvents?.some((e) => keys.has(e.key))) throw new Error(`已中继的事件未能从 ${source.collection}/${source.id} 移除`);
    }
  }

  /** Relays one pending event; returns its sequence (null when it could not be built: a gap). */
  private async relayEvent(event: PendingEvent, source: SourceRef, doc: Record<string, unknown>): Promise<number | null> {
    const keyId = `${event.stream}:${event.key}`;
    const seq = this.heads[event.stream] + 1;
    try {
      await this.models.OutboxKey.collection.insertOne({
        _id: keyId as never,
        stream: event.stream,
        seq,
        source: { collection: source.collection, id: source.id },
        reservedAt: this.node.now(),
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // Reserved before (a crash after the outbox write and before the pull): relayed already, or repaired now.
      const key = await this.models.OutboxKey.findById(keyId).lean<OutboxKeyDoc>();
      if (!key) throw e;
      if (!(await this.outboxHas(event.stream, key.seq))) {
        if (key.seq <= this.heads[event.stream]) {
          await this.writeEvent(event, key.seq, doc);
        } else {
          // Only recover() may fill sequences above the head (in order); ask for it and retry.
          this.dirty = true;
          throw new Error(`outbox key ${keyId} (seq ${key.seq}) has no event yet`);
        }
      }
      return key.seq;
    }
    try {
      await this.writeEvent(event, seq, doc);
    } catch (e) {
      this.dirty = true;
      throw e;
    }
    return seq;
  }

  private async outboxHas(stream: Stream, seq: number): Promise<boolean> {
    return !!(await this.node.connection
      .collection(outboxCollectionName(stream))
      .findOne({ _id: outboxId(seq) as never }, { projection: { _id: 1 } }));
  }

  /**
   * Relays several derived events at once (an edge's batch of automatic adoptions): one insert of their keys and one
   * of their events instead of two per event. Same guarantees as relayNow; when any key was reserved before (a
   * redelivery), the batch is repaired and relayed one event at a time instead.
   */
  relayMany(items: RelayItem[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return this.exclusive(() => this.relayEvents(items));
  }

  /** The work of relayMany, under the lock: keys in one insert, then the events of each stream in one insert. */
  private async relayEvents(items: RelayItem[]): Promise<void> {
    if (items.length === 0) return;
    const next = { ...this.heads };
    const seqs = items.map(({ event }) => ++next[event.stream]);
    const now = this.node.now();
    try {
      await this.models.OutboxKey.collection.insertMany(
        items.map(({ event, source }, i) => ({
          _id: `${event.stream}:${event.key}` as never,
          stream: event.stream,
          seq: seqs[i]!,
          source: { collection: source.collection, id: source.id },
          reservedAt: now,
        })),
        { ordered: true },
      );
    } catch (e) {
      this.dirty = true;
      if (!isDuplicateKey(e)) throw e;
      // Some were relayed before (a redelivery, or a crash before the pull): the keys this attempt reserved are
      // repaired (or left as gaps) in order, then each event goes the one-at-a-time way, which knows its key.
      await this.recover();
      this.dirty = false;
      for (const { event, source, doc } of items) await this.relayEvent(event, source, doc);
      return;
    }
    const events: SyndicationEvent[] = [];
    try {
      for (const [i, { event, doc }] of items.entries()) events.push(await this.buildEvent(event, seqs[i]!, doc));
      for (const stream of STREAMS) {
        const mine = events.filter((e) => e.stream === stream);
        if (mine.length)
          await this.node.connection.collection(outboxCollectionName(stream)).insertMany(
            mine.map((e) => ({ _id: outboxId(e.seq) as never, ...e })),
            { ordered: true },
          );
      }
    } catch (e) {
      this.dirty = true;
      throw e;
    }
    for (const event of events) {
      if (event.seq > this.heads[event.stream]) this.heads[event.stream] = event.seq;
      this.relayed[event.stream]++;
      this.options.onRelayed?.(event);
    }
  }

  /** Builds, signs and writes one outbox event at a sequence; advances the head. */
  private async writeEvent(pending: PendingEvent, seq: number, doc: Record<string, unknown>): Promise<void> {
    const event = await this.buildEvent(pending, seq, doc);
    try {
      await this.node.connection.collection(outboxCollectionName(pending.stream)).insertOne({ _id: outboxId(seq) as never, ...event });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    if (seq > this.heads[pending.stream]) this.heads[pending.stream] = seq;
    this.relayed[pending.stream]++;
    this.options.onRelayed?.(event);
  }

  /** The signed outbox event of a pending event at a sequence (an article event's payload built from the article now). */
  private async buildEvent(pending: PendingEvent, seq: number, doc: Record<string, unknown>): Promise<SyndicationEvent> {
    let payload = pending.payload;
    let version = pending.version;
    if (!payload) {
      const article = doc as unknown as ArticleDoc;
      if (pending.kind === 'retracted') payload = { reason: article.reason ?? null };
      else {
        payload = (await articlePayload(this.node, article)) as unknown as Record<string, unknown>;
        // The content is the article's as it is now, so it carries the version it is now.
        version = Math.max(version, article.version);
      }
    }
    return signEvent(
      this.node.keyring,
      plainJson({
        seq,
        stream: pending.stream,
        kind: pending.kind,
        key: pending.key,
        itemId: pending.itemId,
        version,
        origin: this.node.config.code,
        to: pending.to,
        createdAt: pending.createdAt,
        payload,
      }),
    );
  }

  /**
   * Start-up (and after a failed write): the heads are the highest reserved sequences; keys above the highest
   * written event are repaired in sequence order from their source's pending event (a key whose event cannot be
   * rebuilt is left as a gap, which readers skip).
   */
  async recover(): Promise<void> {
    for (const stream of STREAMS) {
      const outbox = this.node.connection.collection<{ _id: string; seq: number }>(outboxCollectionName(stream));
      const [topKey] = await this.models.OutboxKey.find({ stream }, { seq: 1 }).sort({ seq: -1 }).limit(1).lean<OutboxKeyDoc[]>();
      const [topEvent] = await outbox
        .find({}, { projection: { seq: 1 } })
        .sort({ seq: -1 })
        .limit(1)
        .toArray();
      const written = topEvent?.seq ?? 0;
      this.heads[stream] = written;
      if ((topKey?.seq ?? 0) <= written) continue;
      const orphans = await this.models.OutboxKey.find({ stream, seq: { $gt: written } })
        .sort({ seq: 1 })
        .lean<OutboxKeyDoc[]>();
      for (const key of orphans) {
        if (await this.outboxHas(stream, key.seq)) {
          this.heads[stream] = Math.max(this.heads[stream], key.seq);
          continue;
        }
        const source = { collection: key.source.collection as EventSource, id: key.source.id };
        const doc = await this.loadSource(source);
        const eventKey = key._id.slice(stream.length + 1);
        const pending = doc?.pendingEvents?.find((p) => p.key === eventKey && p.stream === stream);
        if (doc && pending) {
          this.heads[stream] = key.seq - 1;
          await this.writeEvent(pending, key.seq, doc);
          this.node.log.info({ stream, seq: key.seq, key: eventKey }, '已修复中断的同步事件');
        } else {
          // A directly relayed event (no pending copy): nothing was written under this key, so the key goes and the
          // sequence stays a gap; the edge that derived the event applies its input again and relays it anew.
          await this.models.OutboxKey.deleteOne({ _id: key._id });
          this.node.log.warn({ stream, seq: key.seq, key: eventKey }, '中断的同步事件将由来源重新产生，序号留空');
        }
        this.heads[stream] = Math.max(this.heads[stream], key.seq);
      }
    }
  }
}
