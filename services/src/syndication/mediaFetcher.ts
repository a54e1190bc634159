import { createHash } from 'node:crypto';
import type { MediaInfo } from '../media/mediaModel';
import { storeMediaAs } from '../media/storeMedia';
import type { NodeContext } from '../node/nodeContext';
import type { MediaFetchDoc, SyndicationModels } from './syndicationModels';
import type { SyndicationCounters } from './syndicationRuntime';
import type { MediaRef } from './syndicationTypes';

export interface MediaFetcherOptions {
  /** How often due fetches are looked for (default 30 s). */
  scanMs?: number;
  /** First retry delay (default 5 s); doubles per failed attempt up to maxDelayMs (default 1 h). */
  retryMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

/**
 * Fetches the pictures and attachments of received items from the nodes that hold them, in the background: a
 * missing image never holds an item up. Each is checked against its SHA-256 and stored like an upload, so its id
 * (derived from the hash) is the one the item refers to, and the same file is stored once. Failures are retried
 * with backoff (from the next URL in the reference, then again later). A request that fails before any answer
 * (a reused keep-alive connection the other side had just closed, a reset under load) is tried once more at once.
 */
export class MediaFetcher {
  private readonly queue = new Set<string>();
  private draining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** Retries due before the next scan, by media id. */
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly node: NodeContext,
    private readonly models: SyndicationModels,
    private readonly counters: SyndicationCounters,
    private readonly options: MediaFetcherOptions = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.scan().catch(() => undefined), this.options.scanMs ?? 30_000);
    this.timer.unref();
    void this.scan().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const t of this.retries.values()) clearTimeout(t);
    this.retries.clear();
    await this.draining;
  }

  /** Records the references this node lacks and fetches them soon. */
  async enqueue(refs: readonly MediaRef[]): Promise<void> {
    for (const ref of refs) {
      if (await this.node.models.Media.exists({ _id: ref.id })) continue;
      await this.models.MediaFetch.updateOne(
        { _id: ref.id },
        { $setOnInsert: { ref, attempts: 0, nextAttemptAt: this.node.now(), lastError: null, done: false, createdAt: this.node.now() } },
        { upsert: true },
      );
      this.queue.add(ref.id);
    }
    this.kick();
  }

  /** Resolves when nothing is queued (tests). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async scan(): Promise<void> {
    const due = await this.models.MediaFetch.find({ done: false, nextAttemptAt: { $lte: this.node.now() } }, { _id: 1 })
      .limit(100)
      .lean();
    for (const d of due) this.queue.add(d._id);
    this.kick();
  }

  private kick(): void {
    if (this.draining || this.stopped || this.queue.size === 0) return;
    this.draining = (async () => {
      while (this.queue.size > 0 && !this.stopped) {
        const id = this.queue.values().next().value as string;
        this.queue.delete(id);
        await this.fetchOne(id).catch((e: Error) => this.node.log.warn({ media: id, err: e.message }, '获取同步图片附件出错'));
      }
    })().finally(() => {
      this.draining = null;
      this.kick();
    });
  }

  private async fetchOne(id: string): Promise<void> {
    const job = await this.models.MediaFetch.findById(id).lean<MediaFetchDoc>();
    if (!job || job.done) return;
    if (await this.node.models.Media.exists({ _id: id })) {
      await this.models.MediaFetch.updateOne({ _id: id }, { $set: { done: true } });
      return;
    }
    const { ref } = job;
    let lastError = '没有可用的地址';
    for (const url of ref.urls) {
      try {
        const response = await this.request(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const bytes = Buffer.from(await response.arrayBuffer());
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (sha256 !== ref.sha256) throw new Error('内容与哈希不符');
        const { doc } = await storeMediaAs(
          this.node,
          { bytes, contentType: ref.contentType, filename: ref.filename, alt: ref.alt },
          'syndication',
        );
        if ((doc as MediaInfo)._id !== ref.id) this.node.log.warn({ media: ref.id, stored: doc._id }, '同步图片附件的编号与引用不同');
        await this.models.MediaFetch.updateOne({ _id: id }, { $set: { done: true, lastError: null }, $inc: { attempts: 1 } });
        this.counters.mediaFetched++;
        return;
      } catch (e) {
        lastError = `${url}：${(e as Error).message}`;
      }
    }
    const attempts = job.attempts + 1;
    const delay = Math.min(this.options.maxDelayMs ?? 60 * 60_000, (this.options.retryMs ?? 5_000) * 2 ** Math.min(attempts - 1, 12));
    this.counters.mediaFailures++;
    this.node.log.info({ media: id, attempts, retryInMs: delay, err: lastError }, '同步图片附件暂未取到，稍后重试');
    await this.models.MediaFetch.updateOne(
      { _id: id },
      { $set: { attempts, lastError: lastError.slice(0, 500), nextAttemptAt: new Date(this.node.now().getTime() + delay) } },
    );
    this.retryLater(id, delay);
  }

  /** A GET of the file; a failure before any answer is tried once more straight away. */
  private async request(url: string): Promise<Response> {
    const get = () => fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    try {
      return await get();
    } catch (e) {
      if ((e as Error).name === 'TimeoutError' || this.stopped) throw e;
      return get();
    }
  }

  /** Retries sooner than the next scan are timed here; later ones are left to the scan (which also covers a restart). */
  private retryLater(id: string, delayMs: number): void {
    if (this.stopped || delayMs >= (this.options.scanMs ?? 30_000) || this.retries.has(id)) return;
    const timer = setTimeout(() => {
      this.retries.delete(id);
      this.queue.add(id);
      this.kick();
    }, delayMs);
    timer.unref();
    this.retries.set(id, timer);
  }
}
