import type { SupergraphManager } from '@apollo/gateway';
import { CURRENT_SCHEMA_LEVEL, MIN_SUPPORTED_SCHEMA_LEVEL, type Logger } from '@djnet/shared';
import { CompositionWorker } from './compositionWorker';
import type { CompositionOutcome, SubgraphInput } from './composeSupergraph';
import { planMembership, type DirectorySubgraph, type ExcludedNode } from './membership';

export interface SupergraphState {
  supergraphSdl: string | null;
  level: number | null;
  members: string[];
  excluded: ExcludedNode[];
  lastComposedAt: string | null;
  lastError: string | null;
  compositions: number;
  failures: number;
}

/** One composition attempt, for metrics and hooks (a new supergraph is in force when `ok`). */
export interface CompositionEvent {
  ok: boolean;
  ms: number;
  state: SupergraphState;
}

interface DirectoryListing {
  etag: string;
  subgraphs: (DirectorySubgraph & { url: string })[];
}

const fingerprint = (subgraphs: SubgraphInput[]) => JSON.stringify(subgraphs.map((s) => [s.name, s.url, s.sdl]));

/**
 * The gateway's membership, read from the city directory instead of a static list. Polls the directory (and
 * refreshes at once when poked), composes off the request thread, never recomposes an unchanged set, never
 * health-checks subgraphs (a dead node must not block an update), and keeps the last good supergraph when a
 * composition fails — first trying again without the nodes that changed since the last good one.
 */
export class DirectorySupergraphManager implements SupergraphManager {
  private update: ((sdl: string) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private etag: string | undefined;
  private lastGood: SubgraphInput[] = [];
  private lastGoodFingerprint: string | undefined;
  private lastFailedFingerprint: string | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly worker = new CompositionWorker();
  readonly state: SupergraphState = {
    supergraphSdl: null,
    level: null,
    members: [],
    excluded: [],
    lastComposedAt: null,
    lastError: null,
    compositions: 0,
    failures: 0,
  };

  constructor(
    private readonly cityUrl: string,
    private readonly pollMs: number,
    private readonly log: Logger,
    private readonly onComposition?: (event: CompositionEvent) => void,
    /** Nodes announcing a lower schema level are left out (gateway config `minSchemaLevel`). */
    private readonly minSchemaLevel = MIN_SUPPORTED_SCHEMA_LEVEL,
  ) {}

  /** Called by ApolloGateway.load(): resolves once a first supergraph exists (retrying until the city answers). */
  async initialize({ update }: { update: (sdl: string) => void }) {
    this.update = update;
    let delay = 250;
    while (!this.state.supergraphSdl) {
      if (this.stopped) throw new Error('gateway stopped before a supergraph was loaded');
      await this.refresh();
      if (this.state.supergraphSdl) break;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, this.pollMs);
    }
    this.schedule();
    return { supergraphSdl: this.state.supergraphSdl!, cleanup: async () => this.stop() };
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().finally(() => this.schedule()), this.pollMs);
    this.timer.unref();
  }

  /** Re-reads the directory now; concurrent calls coalesce into at most one more run. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.refreshOnce().catch((e: Error) => {
          this.state.lastError = e.message;
          this.log.warn({ err: e.message }, '读取市级目录失败，继续使用当前超图');
        });
      } while (this.again && !this.stopped);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const response = await fetch(`${this.cityUrl}/directory/subgraphs`, {
      headers: this.etag && this.state.supergraphSdl ? { 'if-none-match': this.etag } : {},
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status === 304) return;
    if (!response.ok) throw new Error(`市级目录返回 HTTP ${response.status}`);
    const listing = (await response.json()) as DirectoryListing;
    const plan = planMembership(listing.subgraphs, CURRENT_SCHEMA_LEVEL, this.minSchemaLevel);
    for (const ex of plan.excluded) this.log.warn({ node: ex.code, reason: ex.reason }, '节点未纳入超图');
    const print = fingerprint(plan.subgraphs);
    if (print === this.lastGoodFingerprint || print === this.lastFailedFingerprint) {
      this.etag = listing.etag;
      this.state.excluded = plan.excluded;
      return;
    }
    const composed = await this.composeWithFallback(plan.subgraphs, plan.excluded);
    this.etag = listing.etag;
    if (composed) this.state.level = plan.level;
    else this.lastFailedFingerprint = print;
  }

  private async composeWithFallback(subgraphs: SubgraphInput[], excluded: ExcludedNode[]): Promise<boolean> {
    const started = Date.now();
    let outcome: CompositionOutcome = await this.worker.compose(subgraphs);
    let used = subgraphs;
    const dropped: ExcludedNode[] = [];
    if (!outcome.ok) {
      // Find the nodes that break composition. Nodes unchanged since the last good supergraph go first (they
      // composed before); then the new or changed ones are added one at a time, and those that fail are left
      // out. When the schema level moved every node's SDL changed, so every node is tried one at a time — slow
      // at 80 nodes, but it only happens when something is broken, and it runs in the worker.
      const previous = new Map(this.lastGood.map((s) => [s.name, s]));
      const isUnchanged = (s: SubgraphInput) => {
        const p = previous.get(s.name);
        return !!p && p.sdl === s.sdl && p.url === s.url;
      };
      const unchanged = subgraphs.filter(isUnchanged);
      const candidates = subgraphs.filter((s) => !isUnchanged(s));
      let kept: SubgraphInput[] = [];
      let last: CompositionOutcome | null = null;
      if (unchanged.length) {
        const base = await this.worker.compose(unchanged);
        if (base.ok) {
          kept = unchanged;
          last = base;
        } else candidates.unshift(...unchanged);
      }
      for (const s of candidates) {
        const attempt = await this.worker.compose([...kept, s]);
        if (attempt.ok) {
          kept = [...kept, s];
          last = attempt;
        } else dropped.push({ code: s.name, reason: `子图无法组合：${attempt.errors.join('；').slice(0, 500)}` });
      }
      if (last?.ok) {
        outcome = last;
        used = kept;
      }
    }
    const ms = Date.now() - started;
    if (!outcome.ok) {
      this.state.failures++;
      this.state.lastError = outcome.errors.join('；');
      this.log.error({ errors: outcome.errors, ms }, '超图组合失败，继续使用上一个可用超图');
      this.onComposition?.({ ok: false, ms, state: this.state });
      return false;
    }
    this.lastGood = used;
    this.lastGoodFingerprint = fingerprint(subgraphs);
    this.lastFailedFingerprint = undefined;
    this.state.supergraphSdl = outcome.supergraphSdl;
    this.state.members = used.map((s) => s.name);
    this.state.excluded = [...excluded, ...dropped];
    this.state.lastComposedAt = new Date().toISOString();
    this.state.lastError = dropped.length ? dropped.map((d) => `${d.code}: ${d.reason}`).join('；') : null;
    this.state.compositions++;
    for (const d of dropped) this.log.error({ node: d.code, reason: d.reason }, '节点子图无法组合，已暂时排除');
    this.log.info({ members: used.length, ms, offThread: this.worker.offThread }, '超图已组合');
    this.update?.(outcome.supergraphSdl);
    this.onComposition?.({ ok: true, ms, state: this.state });
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.worker.stop();
  }
}
