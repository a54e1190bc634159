import type { Logger } from '@djnet/shared';
import type { ArticleDoc } from '../articles/articleModel';
import type { NodeModels } from '../node/nodeModels';
import { ArticleCatalog, CATALOG_PROJECTION, catalogSignature, type CatalogSources } from './articleCatalog';

/** How often each instance re-reads recently changed articles from the database. */
export const CATALOG_REFRESH_MS = 30_000;
/** Every this many refreshes (about 5 minutes) the catalog is also checked against the full list of published ids. */
export const CATALOG_RECONCILE_EVERY = 10;
/** Refreshes look this far before the previous one started, so a writer whose clock lags a little is not missed. */
export const CATALOG_CLOCK_SKEW_MS = 60_000;

export interface LoadCatalogOptions {
  log?: Logger;
  /** 0 disables the periodic refresh (tests). */
  refreshMs?: number;
  /** Memory for body texts kept for search snippets (default TEXT_BUDGET_BYTES). */
  textBudgetBytes?: number;
}

type ArticleModels = Pick<NodeModels, 'Article'>;

function databaseSources(models: ArticleModels): CatalogSources {
  return {
    // One findById per hit, in parallel: FerretDB v1 answers `_id` equality from its primary key but scans the
    // whole collection for `_id: { $in: [...] }` (20 hits of 5,000 articles: 15 ms against 300 ms).
    texts: async (ids) => {
      const docs = await Promise.all(
        ids.map((id) => models.Article.findById(id, { bodyText: 1 }).lean<Pick<ArticleDoc, '_id' | 'bodyText'>>()),
      );
      return new Map(docs.flatMap((d) => (d ? [[String(d._id), d.bodyText ?? '']] : [])));
    },
    article: (id) => models.Article.findById(id).lean<ArticleDoc>().exec(),
  };
}

/**
 * Builds the node's in-memory catalog of published articles (see ArticleCatalog) from its database, then keeps
 * it current two ways:
 *
 * - the commands that change an article call `articleChanged` (publish, edit = new version, retract), so this
 *   instance sees its own writes at once;
 * - every 30 s it re-reads the articles whose `updatedAt` moved since the previous refresh (minus a minute for
 *   clock skew), and every 5 minutes it compares its ids with the database's published ids. Several instances of
 *   one node behind a load balancer therefore converge within about 30 s of a write made on another instance,
 *   and a deleted article leaves within about 5 minutes.
 *
 * The refresh timer does not keep the process alive; `catalog.stop()` ends it (startNode does so on stop).
 */
export async function loadCatalog(models: ArticleModels, options: LoadCatalogOptions = {}): Promise<ArticleCatalog> {
  const { log } = options;
  const catalog = new ArticleCatalog(databaseSources(models), log);
  if (options.textBudgetBytes !== undefined) catalog.setTextBudget(options.textBudgetBytes);
  const started = Date.now();
  let since = new Date(started - CATALOG_CLOCK_SKEW_MS);

  // Oldest first, so ordinals follow publication time (and, past the text budget, the newest texts are kept).
  const cursor = models.Article.find({ status: 'published' }, CATALOG_PROJECTION)
    .sort({ publishedAt: 1, _id: 1 })
    .lean<ArticleDoc>()
    .cursor({ batchSize: 1000 });
  for await (const doc of cursor) catalog.apply(doc as ArticleDoc, { bulk: true });
  catalog.finishBulk();
  const loadMs = Date.now() - started;
  catalog.loadMs = loadMs;
  log?.info({ articles: catalog.size, ms: loadMs, terms: catalog.stats().index.keys }, '已载入已发布文章目录');

  const refreshMs = options.refreshMs ?? CATALOG_REFRESH_MS;
  if (refreshMs > 0) {
    let running = false;
    let runs = 0;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      const startedAt = Date.now();
      const reconcile = ++runs % CATALOG_RECONCILE_EVERY === 0;
      refreshCatalog(catalog, models, since, reconcile)
        .then((changed) => {
          since = new Date(startedAt - CATALOG_CLOCK_SKEW_MS);
          if (changed > 0) log?.debug({ changed }, '目录已按数据库更新');
        })
        .catch((e: Error) => log?.warn({ err: e.message }, '目录刷新失败，下次重试'))
        .finally(() => {
          running = false;
        });
    }, refreshMs);
    timer.unref();
    catalog.onStop(() => clearInterval(timer));
  }
  return catalog;
}

/**
 * Applies to the catalog every article changed since `since`; with `reconcile`, also drops articles no longer
 * published in the database and fetches published ones it lacks. Returns how many entries changed.
 */
export async function refreshCatalog(catalog: ArticleCatalog, models: ArticleModels, since: Date, reconcile = false): Promise<number> {
  let changed = 0;
  const recent = await models.Article.find({ updatedAt: { $gte: since } }, CATALOG_PROJECTION).lean<ArticleDoc[]>();
  for (const doc of recent) {
    if (doc.status === 'published' ? catalog.apply(doc) : catalog.remove(String(doc._id))) changed++;
  }
  if (!reconcile) return changed;

  const published = await models.Article.find({ status: 'published' }, { _id: 1, version: 1, updatedAt: 1, status: 1 }).lean<
    Pick<ArticleDoc, '_id' | 'version' | 'updatedAt' | 'status'>[]
  >();
  const live = new Set<string>();
  for (const doc of published) {
    const id = String(doc._id);
    live.add(id);
    if (catalog.signatureOf(id) === catalogSignature(doc)) continue;
    const full = await models.Article.findById(doc._id, CATALOG_PROJECTION).lean<ArticleDoc>();
    if (full?.status === 'published' && catalog.apply(full)) changed++;
  }
  for (const id of catalog.ids()) if (!live.has(id) && catalog.remove(id)) changed++;
  return changed;
}
