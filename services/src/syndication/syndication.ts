import { isFerretDb } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import { everySeconds, scheduleJob, type ScheduledJob } from '../node/scheduleJob';
import { EdgePuller } from './edgePuller';
import { MediaFetcher, type MediaFetcherOptions } from './mediaFetcher';
import { OutboxReader } from './outboxReader';
import { peerAuthorization } from './peerAuth';
import { Relay, type RelayItem, type SourceRef } from './relay';
import { publishSharedStates } from './sharedState';
import { ensureSyndicationCollections, syndicationModels, type EdgeDoc, type SyndicationModels } from './syndicationModels';
import { adoptInbound } from './inbound/copies';
import { loadInbound } from './inbound/inboundItems';
import { attachSyndication, systemContext, type SyndicationCounters, type SyndicationRuntime } from './syndicationRuntime';
import type { MediaRef, PendingEvent, Stream, SyndicationEvent } from './syndicationTypes';

/** What a node knows of its neighbours in the tree: codes and (once registered) URLs. */
export interface SyndicationPeers {
  parent: { code: string; url: string | null } | null;
  children: { code: string; url: string | null }[];
}

export interface SyndicationOptions {
  /** Scheduled pull of every edge (default: config.syndicationPullSeconds). */
  pullSeconds?: number;
  batchSize?: number;
  /** Edge backoff after failures. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  relaySweepMs?: number;
  media?: MediaFetcherOptions;
}

/**
 * A node's syndication (DESIGN.md §4): the relay of its outbox, the edges it pulls (each child's up stream, the
 * parent's down stream) on a node-cron schedule and when poked, the pokes it sends after relaying, the media
 * fetcher, and on the city the watch on the shared channel tree and word list.
 */
export class Syndication implements SyndicationRuntime {
  readonly models: SyndicationModels;
  readonly relay: Relay;
  readonly reader: OutboxReader;
  readonly media: MediaFetcher;
  readonly inboundIds = new Set<string>();
  readonly heldForEditor = new Set<string>();
  readonly counters: SyndicationCounters = {
    applied: { up: 0, down: 0 },
    ignored: { up: 0, down: 0 },
    rejected: { up: 0, down: 0 },
    pullFailures: 0,
    mediaFetched: 0,
    mediaFailures: 0,
  };
  private readonly edges = new Map<string, EdgePuller>();
  private peers: SyndicationPeers;
  private task: ScheduledJob | undefined;
  private readonly pokes = new Map<string, { running: boolean; again: boolean }>();
  private sharedCheck: Promise<unknown> | null = null;
  private sharedAgain = false;
  private stopped = false;
  private edgesReady: Promise<void> = Promise.resolve();
  /**
   * FerretDB: one process per node, whose writes the connection serializes. A compare-and-set then checks the
   * revision in the serialized section and updates by `_id` alone, which FerretDB looks up directly (a filter
   * with a second field makes it scan the collection). On MongoDB the revision stays in the filter.
   */
  private singleProcessStore = false;
  readonly pullSeconds: number;
  readonly batchSize: number;

  constructor(
    readonly node: NodeContext,
    private readonly options: SyndicationOptions = {},
  ) {
    this.models = syndicationModels(node.connection);
    this.pullSeconds = options.pullSeconds ?? node.config.syndicationPullSeconds;
    this.batchSize = options.batchSize ?? node.config.syndicationBatchSize;
    this.reader = new OutboxReader(node, (stream) => this.relay.head(stream));
    this.relay = new Relay(node, this.models, { sweepMs: options.relaySweepMs, onRelayed: (e) => this.relayed(e) });
    this.media = new MediaFetcher(node, this.models, this.counters, options.media);
    this.peers = { parent: node.config.parent ? { code: node.config.parent, url: null } : null, children: [] };
  }

  /** Creates the collections, recovers and starts the relay, loads the edges, starts the schedule. */
  async start(): Promise<void> {
    this.singleProcessStore = await isFerretDb(this.node.connection);
    await ensureSyndicationCollections(this.models);
    for (const { _id, status, note } of await this.models.InboundItem.find({}, { _id: 1, status: 1, note: 1 }).lean<
      { _id: string; status: string; note?: string | null }[]
    >()) {
      this.inboundIds.add(_id);
      if (status === 'pending' && note) this.heldForEditor.add(_id);
    }
    attachSyndication(this.node, this);
    await this.relay.start();
    await this.ensureEdges();
    this.media.start();
    if (this.node.config.tier === 'city') await this.checkSharedStates();
    this.task = scheduleJob(this.node.log, {
      name: `syndication-${this.node.config.code}`,
      expression: everySeconds(this.pullSeconds),
      label: '同步拉取',
      run: () => this.tick(),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    await this.edgesReady.catch(() => undefined);
    await Promise.all([...this.inFlight]);
    await Promise.all([...this.edges.values()].map((e) => e.stop().catch(() => undefined)));
    await this.relay.stop();
    await this.media.stop();
    await this.sharedCheck;
    attachSyndication(this.node, undefined);
  }

  /** The parent's and children's URLs changed (registration answer, or the city's own directory). */
  setPeers(peers: SyndicationPeers): void {
    const hadUrl = new Set(
      this.knownPeers()
        .filter((p) => p.url)
        .map((p) => p.code),
    );
    this.peers = peers;
    this.background(
      this.ensureEdges().then(() => {
        for (const p of this.knownPeers()) {
          if (this.stopped || !p.url || hadUrl.has(p.code)) continue;
          // A peer whose URL just became known (this node started, or the peer registered) is pulled at once — a
          // new node starts from 0: backfill — and told there may be something for it (it may be backing off
          // from the time this node was down).
          this.background(this.pullPeer(p.code));
          this.poke(p.code, this.isParent(p.code) ? 'up' : 'down');
        }
      }),
    );
  }

  /** Work started without a caller waiting for it: logged when it fails, awaited by stop(). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private background(work: Promise<unknown>): void {
    const tracked = work.catch((e: Error) => {
      if (!this.stopped) this.node.log.warn({ err: e.message }, '同步后台任务失败');
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  peerInfo(): SyndicationPeers {
    return this.peers;
  }

  private knownPeers() {
    return [...(this.peers.parent ? [this.peers.parent] : []), ...this.peers.children];
  }

  isChild(code: string): boolean {
    return this.peers.children.some((c) => c.code === code);
  }

  /**
   * Set by the city (which holds the directory): re-reads its neighbours when an unknown node asks, e.g. a
   * county that registered since the last refresh. At most once every 2 s.
   */
  refreshPeers: (() => Promise<void>) | null = null;
  private peersRefreshedAt = 0;

  async isChildFresh(code: string): Promise<boolean> {
    if (this.isChild(code)) return true;
    if (!this.refreshPeers || Date.now() - this.peersRefreshedAt < 2_000) return false;
    this.peersRefreshedAt = Date.now();
    await this.refreshPeers().catch(() => undefined);
    return this.isChild(code);
  }

  isParent(code: string): boolean {
    return this.peers.parent?.code === code;
  }

  private urlOf(code: string): string | null {
    return this.knownPeers().find((p) => p.code === code)?.url ?? null;
  }

  /** Creates the pullers of edges not known yet (one at a time: setPeers may be called again meanwhile). */
  private ensureEdges(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.edgesReady = this.edgesReady.then(
      () => this.createEdges(),
      () => this.createEdges(),
    );
    return this.edgesReady;
  }

  private async createEdges(): Promise<void> {
    const wanted: [string, Stream][] = [
      ...(this.peers.parent ? [[this.peers.parent.code, 'down'] as [string, Stream]] : []),
      ...this.peers.children.map((c) => [c.code, 'up'] as [string, Stream]),
    ];
    // Edges known from earlier runs (a child that has not re-registered yet keeps its cursor and policy).
    for (const doc of await this.models.Edge.find({}, { peer: 1, stream: 1 }).lean<Pick<EdgeDoc, 'peer' | 'stream'>[]>()) {
      if (!wanted.some(([p, s]) => p === doc.peer && s === doc.stream)) wanted.push([doc.peer, doc.stream]);
    }
    for (const [peer, stream] of wanted) {
      const id = `${peer}:${stream}`;
      if (this.stopped) return;
      if (this.edges.has(id)) continue;
      const edge = new EdgePuller(this, peer, stream, () => this.urlOf(peer), {
        batchSize: this.batchSize,
        backoffBaseMs: this.options.backoffBaseMs,
        backoffMaxMs: this.options.backoffMaxMs,
      });
      await edge.load();
      this.edges.set(id, edge);
    }
  }

  edge(peer: string, stream: Stream): EdgePuller | undefined {
    return this.edges.get(`${peer}:${stream}`);
  }

  edgeList(): EdgePuller[] {
    return [...this.edges.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Pulls the edge a peer feeds this node (its up stream for a child, its down stream for the parent). */
  pullPeer(code: string): Promise<void> {
    const stream: Stream = this.isParent(code) ? 'down' : 'up';
    return this.edges.get(`${code}:${stream}`)?.pull() ?? Promise.resolve();
  }

  /**
   * The schedule: every edge not backing off is pulled; items an automatic adoption left are tried again; the city
   * also checks its shared state. Nothing here waits for another: an edge still catching up (minutes, after a
   * backlog) must not hold the others' schedule or the retries back.
   */
  private tick(): void {
    if (this.stopped) return;
    const now = this.node.now();
    for (const e of this.edges.values()) if (e.due(now)) this.background(e.pull());
    if (this.heldForEditor.size && !this.retrying) {
      this.retrying = this.retryHeld()
        .catch((e: Error) => this.node.log.warn({ err: e.message }, '重试自动采用失败'))
        .finally(() => (this.retrying = null));
      this.background(this.retrying);
    }
    if (this.node.config.tier === 'city') this.background(this.checkSharedStates());
  }

  /** The retry of held items in progress (one at a time). */
  private retrying: Promise<void> | null = null;

  /**
   * Tries the automatic adoption again for items it had left for an editor (at most 200 a tick): what was missing
   * — typically the shared channel tree, at start-up — may be here now. An item an editor decided meanwhile, or whose
   * edge no longer adopts automatically, is dropped from the list.
   */
  async retryHeld(): Promise<void> {
    for (const id of [...this.heldForEditor].slice(0, 200)) {
      if (this.stopped) return;
      const item = await loadInbound(this, id);
      if (!item || item.status !== 'pending' || item.tombstone || !(await this.autoAdopt(item.from))) {
        this.heldForEditor.delete(id);
        continue;
      }
      this.heldForEditor.delete(id);
      // Re-added by adoptInbound when it has to leave the item for an editor again.
      await adoptInbound(this, item, { actor: systemContext(this.node).actor!, auto: true });
    }
  }

  /** Pulls every edge once and waits (tests, benchmarks). */
  async pullAll(): Promise<void> {
    await Promise.all([...this.edges.values()].map((e) => e.pull()));
  }

  // --- SyndicationRuntime ---

  casFilter(id: string, revision: number): Record<string, unknown> {
    return this.singleProcessStore ? { _id: id } : { _id: id, revision };
  }

  relayPoke(source: SourceRef): void {
    this.relay.poke(source);
  }

  relayNow(event: PendingEvent, source: SourceRef, doc: Record<string, unknown>): Promise<number | null> {
    return this.relay.relayNow(event, source, doc);
  }

  relayMany(items: RelayItem[]): Promise<void> {
    return this.relay.relayMany(items);
  }

  fetchMedia(refs: readonly MediaRef[]): Promise<void> {
    return refs.length ? this.media.enqueue(refs) : Promise.resolve();
  }

  async autoAdopt(child: string): Promise<boolean> {
    const policy = this.edges.get(`${child}:up`)?.state.autoAdopt;
    return policy ?? this.node.config.syndicationAutoAdopt;
  }

  sharedStateChanged(): void {
    if (this.node.config.tier !== 'city' || this.stopped) return;
    void this.checkSharedStates().catch((e: Error) => this.node.log.warn({ err: e.message }, '检查统一栏目树和敏感词表失败'));
  }

  private checkSharedStates(): Promise<unknown> {
    if (this.sharedCheck) {
      this.sharedAgain = true;
      return this.sharedCheck;
    }
    this.sharedCheck = (async () => {
      do {
        this.sharedAgain = false;
        await publishSharedStates(this);
      } while (this.sharedAgain);
    })().finally(() => (this.sharedCheck = null));
    return this.sharedCheck;
  }

  // --- pokes ---

  private relayed(event: SyndicationEvent): void {
    this.reader.remember(event);
    if (event.stream === 'up' && this.peers.parent) this.poke(this.peers.parent.code, 'up');
    if (event.stream === 'down') for (const c of this.peers.children) this.poke(c.code, 'down');
  }

  /** Tells a peer there is something new on a stream; coalesced: at most one poke per peer in flight. */
  private poke(peer: string, stream: Stream): void {
    const key = `${peer}:${stream}`;
    const state = this.pokes.get(key) ?? { running: false, again: false };
    this.pokes.set(key, state);
    if (state.running) {
      state.again = true;
      return;
    }
    const url = this.urlOf(peer);
    if (!url || this.stopped) return;
    state.running = true;
    void (async () => {
      do {
        state.again = false;
        try {
          await fetch(`${url}/syndication/poke`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: peerAuthorization(this.node, peer, 'poke') },
            body: JSON.stringify({ stream }),
            signal: AbortSignal.timeout(3_000),
          });
        } catch {
          // The peer is down: it catches up from its cursor when it is back (and on its schedule).
        }
      } while (state.again && !this.stopped);
      state.running = false;
    })();
  }
}

/** Starts a node's syndication and makes it reachable from the node's commands (syndicationOf). */
export async function startSyndication(node: NodeContext, options: SyndicationOptions = {}): Promise<Syndication> {
  const syndication = new Syndication(node, options);
  await syndication.start();
  return syndication;
}
