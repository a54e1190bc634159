import type { NodeContext } from '../node/nodeContext';
import { KeyLookupFailed } from '../network/networkView';
import { verifyEvent } from './eventSignature';
import { EventRejected, handlerFor, type ApplyOutcome } from './handlers';
import type { OutboxPage } from './outboxReader';
import { peerAuthorization } from './peerAuth';
import { AdoptionBatch } from './inbound/adoptionBatch';
import type { KnownInbound } from './inbound/inboundItems';
import { itemPayloadSchema } from './payloadSchemas';
import type { EdgeDoc, InboundItemDoc } from './syndicationModels';
import type { SyndicationRuntime } from './syndicationRuntime';
import { STREAMS, type Stream, type SyndicationEvent } from './syndicationTypes';

export interface EdgePullerOptions {
  batchSize: number;
  /** First retry delay after a failure; doubles per failure up to backoffMaxMs. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  fetchTimeoutMs?: number;
}

type Verdict = ApplyOutcome | 'rejected';

function looksLikeEvent(e: unknown): e is SyndicationEvent {
  const v = e as Partial<SyndicationEvent> | null;
  return (
    !!v &&
    Number.isInteger(v.seq) &&
    (v.seq as number) > 0 &&
    typeof v.kind === 'string' &&
    typeof v.key === 'string' &&
    typeof v.origin === 'string' &&
    typeof v.createdAt === 'string' &&
    Number.isInteger(v.version) &&
    (v.itemId === null || typeof v.itemId === 'string') &&
    (v.to === null || typeof v.to === 'string') &&
    STREAMS.includes(v.stream as Stream) &&
    typeof v.payload === 'object' &&
    v.payload !== null &&
    typeof v.keyId === 'string' &&
    typeof v.signature === 'string'
  );
}

/**
 * One edge this node pulls: a child's up stream or the parent's down stream. One loop per edge: reads a page after
 * the cursor, verifies and applies each event in order, and stores the cursor only after applying. A forged,
 * tampered or malformed event is rejected (logged, counted, kept in syndication_rejections) and skipped; the edge
 * goes on. A failure (peer down, database error, keys not readable) stops the page where it is and backs off
 * exponentially; a poke retries at once.
 */
export class EdgePuller {
  state!: EdgeDoc;
  private running: Promise<void> | null = null;
  private again = false;
  private replayFrom: number | null = null;
  private stopped = false;

  constructor(
    private readonly rt: SyndicationRuntime,
    readonly peer: string,
    readonly stream: Stream,
    private readonly urlOf: () => string | null,
    private readonly options: EdgePullerOptions,
  ) {}

  get id(): string {
    return `${this.peer}:${this.stream}`;
  }

  private get node(): NodeContext {
    return this.rt.node;
  }

  async load(): Promise<void> {
    const { Edge } = this.rt.models;
    await Edge.updateOne(
      { _id: this.id },
      { $setOnInsert: { peer: this.peer, stream: this.stream, cursor: 0, head: 0, failures: 0, applied: 0, rejected: 0, autoAdopt: null } },
      { upsert: true },
    );
    this.state = (await Edge.findById(this.id).lean<EdgeDoc>())!;
    // A (re)started node pulls at once: backoff from before the restart does not carry over.
    if (this.state.nextAttemptAt) await this.save({ nextAttemptAt: null });
  }

  /** Due for a scheduled pull (not backing off). */
  due(now: Date): boolean {
    return !this.state.nextAttemptAt || new Date(this.state.nextAttemptAt) <= now;
  }

  /** Pulls until caught up; a pull asked for while one runs makes it go round once more. */
  pull(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pullUntilCaughtUp();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Admin: applies the edge again from a sequence (everything is idempotent, so only what is missing changes). */
  async replay(fromSeq: number): Promise<void> {
    this.replayFrom = Math.max(0, fromSeq - 1);
    await this.pull();
  }

  async setAutoAdopt(autoAdopt: boolean | null): Promise<void> {
    await this.save({ autoAdopt });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async save(set: Partial<EdgeDoc>, inc?: Partial<Record<'applied' | 'rejected', number>>): Promise<void> {
    const update: Record<string, unknown> = { $set: set };
    if (inc && (inc.applied || inc.rejected)) update.$inc = inc;
    await this.rt.models.Edge.updateOne({ _id: this.id }, update);
    Object.assign(this.state, set);
    if (inc?.applied) this.state.applied += inc.applied;
    if (inc?.rejected) this.state.rejected += inc.rejected;
  }

  private async pullUntilCaughtUp(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      if (this.replayFrom !== null) {
        const cursor = this.replayFrom;
        this.replayFrom = null;
        await this.save({ cursor, behindSince: null });
        this.node.log.info({ peer: this.peer, stream: this.stream, cursor }, '管理员重放同步通道');
      }
      const url = this.urlOf();
      if (!url) return;
      let page: OutboxPage;
      try {
        page = await this.fetchPage(url);
      } catch (e) {
        await this.failed(e as Error);
        return;
      }
      const more = await this.applyPage(page);
      if (!more) return;
    }
  }

  private async fetchPage(url: string): Promise<OutboxPage> {
    const response = await fetch(`${url}/syndication/${this.stream}?after=${this.state.cursor}&limit=${this.options.batchSize}`, {
      headers: { authorization: peerAuthorization(this.node, this.peer, `read:${this.stream}`) },
      signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 20_000),
    });
    const body = (await response.json().catch(() => ({}))) as Partial<OutboxPage> & { error?: { message?: string } };
    if (!response.ok)
      throw new Error(
        `读取 ${this.peer} 的${this.stream === 'up' ? '上行' : '下行'}流失败（HTTP ${response.status}）：${body.error?.message ?? ''}`,
      );
    if (!Array.isArray(body.events) || !Number.isInteger(body.next) || !Number.isInteger(body.head))
      throw new Error(`${this.peer} 的同步响应格式错误`);
    return body as OutboxPage;
  }

  /** Applies a page; returns true when there is more to read now. */
  private async applyPage(page: OutboxPage): Promise<boolean> {
    const start = this.state.cursor;
    let cursor = start;
    let applied = 0;
    let rejected = 0;
    let lastEvent: SyndicationEvent | null = null;
    const events = [...page.events].filter((e) => Number.isInteger((e as { seq?: unknown })?.seq)).sort((a, b) => a.seq - b.seq);
    const known = await this.prefetchInbound(events);
    // New items under the edge's auto-adopt policy are adopted together (one write per step for the whole run).
    const batch =
      this.stream === 'up' && known && (await this.rt.autoAdopt(this.peer)) ? new AdoptionBatch(this.rt, this.peer, known) : null;
    /** The cursor before the first event of the batch not written yet: how far the edge may go if the batch fails. */
    let beforeBatch = cursor;
    for (const event of events) {
      if (event.seq <= cursor) continue; // delivered twice: already applied
      let verdict: Verdict;
      try {
        if (batch && batch.size === 0) beforeBatch = cursor;
        verdict = await this.applyOne(event, known, batch);
      } catch (e) {
        // Not the event's fault (database, keys unreadable): keep what was applied, retry the rest later.
        return this.stopAt(batch?.size ? beforeBatch : cursor, applied, rejected, e as Error);
      }
      if (verdict === 'rejected') rejected++;
      else {
        applied++;
        lastEvent = event;
      }
      cursor = event.seq;
    }
    try {
      await batch?.flush();
    } catch (e) {
      return this.stopAt(beforeBatch, applied, rejected, e as Error);
    }
    // Past a gap the sender skipped, never past its head.
    if (page.next > cursor && page.next <= page.head) cursor = page.next;
    const now = this.node.now();
    const behind = cursor < page.head;
    const set: Partial<EdgeDoc> = {
      cursor,
      head: Math.max(page.head, cursor),
      lastPulledAt: now,
      failures: 0,
      nextAttemptAt: null,
      behindSince: behind ? (this.state.behindSince ?? now) : null,
    };
    // Back after failures: the transport error is over (a rejected event's error stays until the next one).
    if (this.state.failures > 0 && !rejected) set.lastError = null;
    if (lastEvent) {
      set.lastAppliedAt = now;
      set.lastEventAt = new Date(lastEvent.createdAt);
      set.lastDelayMs = Math.max(0, now.getTime() - Date.parse(lastEvent.createdAt));
    }
    // A pull that found nothing new changes only the time of the pull: kept in memory (shown by the status query)
    // and written at most once a minute, not on every scheduled or poked pull of every edge.
    const unchanged =
      applied === 0 &&
      rejected === 0 &&
      cursor === start &&
      set.head === this.state.head &&
      this.state.failures === 0 &&
      !this.state.nextAttemptAt &&
      (set.behindSince?.getTime() ?? null) === (this.state.behindSince ? new Date(this.state.behindSince).getTime() : null) &&
      this.state.lastPulledAt !== null &&
      now.getTime() - new Date(this.state.lastPulledAt).getTime() < EdgePuller.QUIET_WRITE_MS;
    if (unchanged) this.quietPulledAt = now;
    else {
      await this.save(set, { applied, rejected });
      this.quietPulledAt = null;
    }
    return behind && cursor > start;
  }

  /** How often an edge whose pulls find nothing writes their time. */
  private static readonly QUIET_WRITE_MS = 60_000;
  /** The last pull that found nothing new, when it was not written. */
  private quietPulledAt: Date | null = null;

  /** The edge's state as now (the stored state, with the time of a pull not written yet). */
  view(): EdgeDoc {
    return this.quietPulledAt ? { ...this.state, lastPulledAt: this.quietPulledAt } : this.state;
  }

  /** A page stopped by a failure: the cursor of what was written, and the backoff. */
  private async stopAt(cursor: number, applied: number, rejected: number, error: Error): Promise<false> {
    await this.save({ cursor, ...(applied ? { lastAppliedAt: this.node.now() } : {}) }, { applied, rejected });
    await this.failed(error);
    return false;
  }

  /** The inbound items a page of a child's up stream refers to, in one read (null: not there yet). */
  private async prefetchInbound(events: SyndicationEvent[]): Promise<KnownInbound | undefined> {
    if (this.stream !== 'up') return undefined;
    const ids = [
      ...new Set(events.map((e) => e.itemId).filter((id): id is string => typeof id === 'string' && id.startsWith(`${this.peer}:`))),
    ];
    if (ids.length === 0) return undefined;
    const known: KnownInbound = new Map(ids.map((id) => [id, null]));
    // Only the ids this node may hold are read (on a backlog of new items: none).
    const held = this.rt.inboundIds ? ids.filter((id) => this.rt.inboundIds!.has(id)) : ids;
    if (held.length)
      for (const doc of await this.rt.models.InboundItem.find({ _id: { $in: held } }).lean<InboundItemDoc[]>()) known.set(doc._id, doc);
    return known;
  }

  private async applyOne(event: SyndicationEvent, known?: KnownInbound, batch?: AdoptionBatch | null): Promise<Verdict> {
    if (!looksLikeEvent(event)) return this.reject(event, '事件格式错误');
    if (event.stream !== this.stream) return this.reject(event, `事件属于${event.stream}流，却出现在${this.stream}流中`);
    let genuine: boolean;
    try {
      genuine = await verifyEvent(this.node.network, this.peer, event);
    } catch (e) {
      if (e instanceof KeyLookupFailed) throw e;
      genuine = false;
    }
    if (!genuine) return this.reject(event, `签名无效：事件不是 ${this.peer} 签发的，或内容已被篡改`);
    const handler = handlerFor(event.kind);
    if (!handler) {
      // A kind from a newer release: not an error; skipped so the edge goes on (replay once this node knows it).
      this.node.log.info({ peer: this.peer, seq: event.seq, kind: event.kind }, '未知的同步事件类型，已跳过');
      this.rt.counters.ignored[this.stream]++;
      return 'ignored';
    }
    if (handler.stream !== this.stream) return this.reject(event, `${event.kind} 事件不应出现在${this.stream}流中`);
    if (batch && event.kind === 'published' && event.itemId && event.itemId.startsWith(`${this.peer}:`) && batch.accepts(event.itemId)) {
      const parsed = itemPayloadSchema.safeParse(event.payload);
      if (parsed.success) {
        batch.add(event.itemId, event.version, parsed.data);
        this.rt.counters.applied[this.stream]++;
        return 'applied';
      }
    }
    // Anything else is applied on its own, after the batch before it (events of one edge apply in order).
    await batch?.flush();
    try {
      const outcome = await handler.apply(this.rt, { peer: this.peer, stream: this.stream, known }, event);
      this.rt.counters[outcome === 'applied' ? 'applied' : 'ignored'][this.stream]++;
      return outcome;
    } catch (e) {
      if (e instanceof EventRejected) return this.reject(event, e.message);
      throw e;
    }
  }

  private async reject(event: SyndicationEvent, reason: string): Promise<Verdict> {
    const seq = Number.isInteger(event?.seq) ? event.seq : 0;
    const kind = typeof event?.kind === 'string' ? event.kind.slice(0, 50) : null;
    this.node.log.warn({ peer: this.peer, stream: this.stream, seq, kind, reason }, '拒收同步事件');
    this.rt.counters.rejected[this.stream]++;
    const at = this.node.now();
    await this.rt.models.Rejection.updateOne(
      { _id: `${this.peer}:${this.stream}:${seq}` },
      { $set: { peer: this.peer, stream: this.stream, seq, kind, reason, at } },
      { upsert: true },
    );
    this.state.lastError = `序号 ${seq}：${reason}`;
    this.state.lastErrorAt = at;
    await this.save({ lastError: this.state.lastError, lastErrorAt: at });
    return 'rejected';
  }

  private async failed(error: Error): Promise<void> {
    const failures = this.state.failures + 1;
    const base = this.options.backoffBaseMs ?? 1_000;
    const delay = Math.min(this.options.backoffMaxMs ?? 5 * 60_000, base * 2 ** Math.min(failures - 1, 16));
    const now = this.node.now();
    this.rt.counters.pullFailures++;
    if (failures === 1 || failures % 10 === 0) {
      this.node.log.warn(
        { peer: this.peer, stream: this.stream, failures, retryInMs: delay, err: error.message },
        '同步通道拉取失败，稍后重试',
      );
    }
    await this.save({
      failures,
      lastError: error.message.slice(0, 500),
      lastErrorAt: now,
      nextAttemptAt: new Date(now.getTime() + delay),
    }).catch(() => undefined);
  }
}
