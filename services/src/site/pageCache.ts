import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';

/** A rendered page: its HTML, a strong ETag from the data it was rendered from, and its gzip form made once. */
export class RenderedPage {
  private gzipped: Buffer | undefined;
  readonly body: Buffer;

  constructor(
    html: string,
    readonly etag: string,
  ) {
    this.body = Buffer.from(html, 'utf8');
  }

  gzip(): Buffer {
    return (this.gzipped ??= gzipSync(this.body, { level: 6 }));
  }
}

/** ETag of a page model: the same data renders the same page. */
export function fingerprint(key: string, model: unknown): string {
  return `"${createHash('sha1').update(key).update('\u0000').update(JSON.stringify(model)).digest('base64url')}"`;
}

/**
 * Rendered pages by route and mode, reused while the data behind them (the page model) is unchanged: a page is
 * rendered and compressed once per change of its data, not once per request. The models come from memory (the
 * catalog, the channel tree), so checking one costs far less than rendering; within `freshMs` of the last check a
 * page is served without building its model at all (so it may be that much older than the data). Bounded (least
 * recently used dropped). `enabled: false` renders every time (benchmarks).
 */
export class PageCache {
  private readonly pages: LRUCache<string, { page: RenderedPage; checkedAt: number }>;

  constructor(
    maxEntries = 1_000,
    readonly enabled = true,
    private readonly freshMs = 0,
  ) {
    this.pages = new LRUCache({ max: maxEntries });
  }

  get size(): number {
    return this.pages.size;
  }

  /** The page for this key if it was checked against its data less than `freshMs` ago. */
  recent(key: string, nowMs = Date.now()): RenderedPage | undefined {
    if (!this.enabled || this.freshMs <= 0) return undefined;
    const entry = this.pages.get(key);
    return entry && nowMs - entry.checkedAt < this.freshMs ? entry.page : undefined;
  }

  /** The page for this key and model: the cached one while the model is unchanged, else rendered (and kept if `store`). */
  page(key: string, model: unknown, render: () => string, store = true, nowMs = Date.now()): RenderedPage {
    const etag = fingerprint(key, model);
    if (!this.enabled || !store) return new RenderedPage(render(), etag);
    const cached = this.pages.get(key);
    const page = cached && cached.page.etag === etag ? cached.page : new RenderedPage(render(), etag);
    this.pages.set(key, { page, checkedAt: nowMs });
    return page;
  }
}
