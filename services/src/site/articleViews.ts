import type { CatalogArticle } from '../catalog/articleCatalog';
import { catalogOf } from '../catalog/catalogQueries';
import type { NodeContext } from '../node/nodeContext';
import { recordArticleViews } from './recordArticleViews';

/** How often counted views are written to the database, and the "most read" list recomputed at most. */
export const VIEW_FLUSH_MS = 60_000;
const MOST_READ_CANDIDATES = 5_000;

/**
 * Page views of articles: counted in memory per page served, written to the articles' `viewCount` every minute
 * (recordArticleViews), and ranked for the home page's 最多阅读 list: the count the catalog loaded plus the views this
 * process counted since, over the newest 5,000 articles, recomputed at most once a minute.
 */
export class ArticleViews {
  private pending = new Map<string, number>();
  private readonly counted = new Map<string, number>();
  private mostRead: { at: number; list: CatalogArticle[] } | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly node: NodeContext) {}

  record(id: string): void {
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    this.counted.set(id, (this.counted.get(id) ?? 0) + 1);
  }

  /** Writes the pending counts (kept for the next try when the database refuses). */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await recordArticleViews(this.node, batch);
    } catch (e) {
      for (const [id, n] of batch) this.pending.set(id, (this.pending.get(id) ?? 0) + n);
      this.node.log.warn({ err: (e as Error).message }, '写入阅读次数失败，稍后重试');
    }
  }

  top(n: number, nowMs = Date.now()): CatalogArticle[] {
    if (this.mostRead && nowMs - this.mostRead.at < VIEW_FLUSH_MS) {
      return this.mostRead.list.slice(0, n);
    }
    const catalog = catalogOf(this.node);
    const candidates = catalog.list({ first: MOST_READ_CANDIDATES }).items.map((i) => i.article);
    const views = (a: CatalogArticle) => (a.viewCount ?? 0) + (this.counted.get(String(a._id)) ?? 0);
    const list = candidates
      .filter((a) => views(a) > 0)
      .sort((a, b) => views(b) - views(a))
      .slice(0, 20);
    this.mostRead = { at: nowMs, list };
    return list.slice(0, n);
  }

  start(intervalMs = VIEW_FLUSH_MS): void {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
