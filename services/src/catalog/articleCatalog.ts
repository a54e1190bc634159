import { LRUCache } from 'lru-cache';
import type { Logger } from '@djnet/shared';
import type { ArticleDoc } from '../articles/articleModel';
import { normalizeText } from '../search/chineseText';
import { scoreMatch, type MatchFields } from '../search/ranking';
import { InvertedIndex } from './invertedIndex';
import type { PublishedCatalog } from './publishedCatalog';
import { TermDictionary, addDocumentKeys, fieldHasTerm, termKey } from './termKeys';

/** What the catalog keeps of an article: everything but the HTML body, its plain text (kept apart, see texts()), the staff-only lists and syndication's pending events. */
export type CatalogArticle = Omit<ArticleDoc, 'body' | 'bodyText' | 'transitions' | 'sensitiveHits' | 'pendingEvents'>;

/** A cache of body texts within a budget of bytes (none for 0: every snippet reads the database). */
function textCacheOf(bytes: number): LRUCache<string, { signature: string; text: string }> | null {
  if (bytes <= 0) return null;
  return new LRUCache({ maxSize: bytes, sizeCalculation: (cached) => Math.max(1, cached.text.length * 2) });
}

/** The fields loaded from the database for the catalog (bodyText to index it and for snippets). */
export const CATALOG_PROJECTION = { body: 0, transitions: 0, sensitiveHits: 0, pendingEvents: 0 } as const;

/**
 * Memory the catalog may spend on body texts for search snippets (UTF-16, 2 bytes a character): 32 MiB holds about
 * 16,000 articles of 1,000 characters. Within it snippets need no database read; beyond it the least recently used
 * texts are dropped and read back from the database when a search needs them.
 */
export const TEXT_BUDGET_BYTES = 32 * 2 ** 20;

const DROPPED_FIELDS = ['body', 'bodyText', 'transitions', 'sensitiveHits', 'pendingEvents'] as const;

interface CatalogEntry {
  id: string;
  ordinal: number;
  /** publishedAt in ms: the list order (newest first) and the search tiebreak. */
  time: number;
  /** version, updatedAt and status: an article seen again with the same signature is unchanged. */
  signature: string;
  article: CatalogArticle;
  /** Normalised field texts, for ranking (title 10 > summary/subtitle, tags 3 > body 1). */
  titleText: string;
  summaryText: string;
  tagsText: string;
}

/** Where a list page starts: after this article (in newest-first order). */
export interface ListPosition {
  time: number;
  id: string;
}

/** Where a search page starts: after this hit (score without recency, then newest first). */
export interface SearchPosition extends ListPosition {
  fieldScore: number;
}

export interface ListQuery {
  /** The channel and its descendants; undefined: all channels. */
  channels?: ReadonlySet<string>;
  first: number;
  after?: ListPosition;
}

export interface SearchQuery {
  /** queryTerms(query).required: every one must be present. */
  required: readonly string[];
  channels?: ReadonlySet<string>;
  /** Inclusive lower and exclusive upper bound on publishedAt, in ms. */
  from?: number;
  to?: number;
  first: number;
  after?: SearchPosition;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
}

export interface CatalogHit {
  article: CatalogArticle;
  /** Field score plus recency × 0.5 (scoreMatch). */
  score: number;
  position: SearchPosition;
}

export interface CatalogSources {
  /** Plain body text of articles by id (for search snippets). */
  texts(ids: readonly string[]): Promise<Map<string, string>>;
  /** The full article, when the catalog was told of a change without the body text. */
  article(id: string): Promise<ArticleDoc | null>;
}

export interface CatalogStats {
  articles: number;
  loadMs: number | null;
  /** Body texts held for snippets, and their size. */
  texts: number;
  textBytes: number;
  deadOrdinals: number;
  dictionaryTerms: number;
  index: ReturnType<InvertedIndex['stats']>;
}

/** Newest first; equal times by id, descending. */
function compareEntries(a: ListPosition, b: ListPosition): number {
  return b.time - a.time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function compareHits(a: SearchPosition, b: SearchPosition): number {
  return b.fieldScore - a.fieldScore || compareEntries(a, b);
}

/** version, updatedAt and status of an article: the same signature means the catalog's copy is current. */
export function catalogSignature(doc: Pick<ArticleDoc, 'version' | 'updatedAt' | 'status'>): string {
  return `${doc.version}:${timeOf(doc.updatedAt)}:${doc.status}`;
}

function timeOf(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' || typeof value === 'number') return new Date(value).getTime();
  return NaN;
}

/**
 * The node's published articles in memory (see PublishedCatalog): newest-first order for channel lists,
 * per-channel counts, and an inverted index for search. It keeps no HTML bodies; the plain body texts that search
 * snippets need are kept within a memory budget (TEXT_BUDGET_BYTES), so a search normally reads nothing from the
 * database — on FerretDB v1 (SQLite) even an `_id` lookup reads through the whole collection.
 */
export class ArticleCatalog implements PublishedCatalog {
  private readonly entries = new Map<string, CatalogEntry>();
  private byOrdinal: (CatalogEntry | undefined)[] = [];
  /** Newest first. */
  private readonly byDate: CatalogEntry[] = [];
  private readonly channelCounts = new Map<string, number>();
  private readonly dictionary = new TermDictionary();
  private readonly index = new InvertedIndex();
  private dead = 0;
  private readonly stops: (() => void)[] = [];
  /** Body texts for snippets, the least recently used dropped beyond the budget (bytes, two per UTF-16 unit). */
  private textCache = textCacheOf(TEXT_BUDGET_BYTES);
  /** How long the initial load from the database took (set by loadCatalog). */
  loadMs: number | null = null;

  constructor(
    private readonly sources?: CatalogSources,
    private readonly log?: Logger,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** PublishedCatalog: keeps a published article (re-indexed when its version or update time changed), drops any other. */
  articleChanged(article: ArticleDoc): void {
    const doc = plain(article);
    if (!doc || doc._id === undefined || doc._id === null) return;
    const id = String(doc._id);
    if (doc.status !== 'published') {
      this.remove(id);
      return;
    }
    if (typeof doc.bodyText === 'string') {
      this.apply(doc);
      return;
    }
    // Told without the body text: fetch the article, then apply what the database holds.
    if (!this.sources) return;
    void this.sources
      .article(id)
      .then((full) => (full ? this.articleChanged(full) : this.remove(id)))
      .catch((e: Error) => this.log?.warn({ err: e.message, article: id }, '目录更新文章失败'));
  }

  /** Adds or replaces a published article (with bodyText). Returns false when it was already there unchanged. */
  apply(doc: ArticleDoc, options: { bulk?: boolean } = {}): boolean {
    const id = String(doc._id);
    const time = timeOf(doc.publishedAt ?? doc.updatedAt);
    const signature = catalogSignature(doc);
    const existing = this.entries.get(id);
    if (existing && existing.signature === signature) return false;
    if (existing) this.removeEntry(existing);

    const article = { ...doc } as Partial<ArticleDoc>;
    for (const field of DROPPED_FIELDS) delete article[field];
    const entry: CatalogEntry = {
      id,
      ordinal: this.byOrdinal.length,
      time: Number.isFinite(time) ? time : 0,
      signature,
      article: article as CatalogArticle,
      titleText: normalizeText(doc.title ?? ''),
      summaryText: normalizeText(`${doc.subtitle ?? ''} ${doc.summary ?? ''}`),
      tagsText: normalizeText((doc.tags ?? []).join(' ')),
    };
    const keys = new Set<number>();
    for (const text of [doc.title, doc.subtitle, doc.summary, ...(doc.tags ?? []), doc.author, doc.sourceUnit, doc.bodyText]) {
      if (typeof text === 'string') addDocumentKeys(text, this.dictionary, keys);
    }
    this.index.add(entry.ordinal, keys);
    if (typeof doc.bodyText === 'string') this.rememberText(id, signature, doc.bodyText);
    this.byOrdinal.push(entry);
    this.entries.set(id, entry);
    if (options.bulk) this.byDate.push(entry);
    else this.byDate.splice(this.datePosition(entry), 0, entry);
    const channel = entry.article.channel;
    this.channelCounts.set(channel, (this.channelCounts.get(channel) ?? 0) + 1);
    if (!options.bulk) this.compactIfWorthIt();
    return true;
  }

  /** Drops an article (retracted, unpublished, deleted). Returns whether it was there. */
  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.removeEntry(entry);
    this.compactIfWorthIt();
    return true;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The signature (version:updatedAt:status) the catalog holds for an article, if any. */
  signatureOf(id: string): string | undefined {
    return this.entries.get(id)?.signature;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** Number of published articles in these channels (all, without a set). */
  count(channels?: ReadonlySet<string>): number {
    if (!channels) return this.entries.size;
    let n = 0;
    for (const slug of channels) n += this.channelCounts.get(slug) ?? 0;
    return n;
  }

  /** Whether any published article is filed under this exact channel slug. */
  hasChannel(slug: string): boolean {
    return (this.channelCounts.get(slug) ?? 0) > 0;
  }

  /** Published articles, newest first, optionally only in some channels; a page after a position. */
  list(query: ListQuery): Page<{ article: CatalogArticle; position: ListPosition }> {
    const items: { article: CatalogArticle; position: ListPosition }[] = [];
    let i = query.after ? this.firstAfter(query.after) : 0;
    let hasNextPage = false;
    for (; i < this.byDate.length; i++) {
      const entry = this.byDate[i]!;
      if (query.channels && !query.channels.has(entry.article.channel)) continue;
      if (items.length === query.first) {
        hasNextPage = true;
        break;
      }
      items.push({ article: { ...entry.article }, position: { time: entry.time, id: entry.id } });
    }
    return { items, totalCount: this.count(query.channels), hasNextPage };
  }

  /**
   * Published articles holding every required term, best first: the field score (title > summary/tags > body,
   * per term), then newest first. totalCount counts every match of the query and filters.
   */
  search(query: SearchQuery): Page<CatalogHit> {
    const keys: number[] = [];
    for (const term of new Set(query.required)) {
      const key = termKey(term, this.dictionary);
      if (key === undefined) return { items: [], totalCount: 0, hasNextPage: false };
      keys.push(key);
    }
    const ordinals = this.index.matchAll(keys);
    const han = query.required.map((t) => /\p{Script=Han}/u.test(t));
    const limit = query.first + 1;
    const top: { entry: CatalogEntry; position: SearchPosition }[] = [];
    let totalCount = 0;
    // Newest ordinals first: recent articles fill the page early and most older ones are rejected at a glance.
    for (let n = ordinals.length - 1; n >= 0; n--) {
      const entry = this.byOrdinal[ordinals[n]!];
      if (!entry) continue;
      if (query.channels && !query.channels.has(entry.article.channel)) continue;
      if (query.from !== undefined && entry.time < query.from) continue;
      if (query.to !== undefined && entry.time >= query.to) continue;
      totalCount++;
      const fieldScore = scoreMatch(matchFields(entry, query.required, han), query.required);
      const position: SearchPosition = { fieldScore, time: entry.time, id: entry.id };
      if (query.after && compareHits(position, query.after) <= 0) continue;
      if (top.length === limit && compareHits(position, top[limit - 1]!.position) >= 0) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareHits(top[mid]!.position, position) < 0) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, { entry, position });
      if (top.length > limit) top.pop();
    }
    const newest = this.byDate[0]?.time ?? 0;
    const oldest = this.byDate[this.byDate.length - 1]?.time ?? 0;
    const span = newest - oldest;
    const items = top.slice(0, query.first).map(({ entry, position }) => ({
      article: { ...entry.article },
      score: scoreMatch(
        { ...matchFields(entry, query.required, han), recency: span > 0 ? (entry.time - oldest) / span : 1 },
        query.required,
      ),
      position,
    }));
    return { items, totalCount, hasNextPage: top.length > query.first };
  }

  /**
   * Body texts of some articles, for snippets. The catalog remembers the texts of the articles it indexes within
   * its text budget (most recently used kept) and reads the others from the database (empty without one).
   */
  async texts(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.textCache?.get(id); // (a read makes it the most recently used)
      if (cached && cached.signature === this.entries.get(id)?.signature) out.set(id, cached.text);
      else missing.push(id);
    }
    if (missing.length === 0 || !this.sources) return out;
    const fetched = await this.sources.texts(missing);
    for (const [id, text] of fetched) {
      out.set(id, text);
      const signature = this.entries.get(id)?.signature;
      if (signature !== undefined) this.rememberText(id, signature, text);
    }
    return out;
  }

  /** Sets the memory for body texts (0: none, every snippet reads the database); drops the least recently used. */
  setTextBudget(bytes: number): void {
    const next = textCacheOf(bytes);
    // Least recently used first, so the most recent ones are what a smaller budget keeps.
    if (next && this.textCache) this.textCache.rforEach((cached, id) => next.set(id, cached));
    this.textCache = next;
  }

  /**
   * Ends a bulk load (articles applied with `{ bulk: true }`: not yet in date order, index not compacted): sorts
   * and compacts once, instead of once per article.
   */
  finishBulk(): void {
    this.byDate.sort(compareEntries);
    this.compact();
  }

  /** Merges the index into one segment and renumbers the live articles densely. */
  compact(): void {
    const renumber = new Int32Array(this.byOrdinal.length).fill(-1);
    const live: CatalogEntry[] = [];
    this.byOrdinal.forEach((entry, old) => {
      if (!entry) return;
      renumber[old] = live.length;
      entry.ordinal = live.length;
      live.push(entry);
    });
    this.index.compact(renumber);
    this.byOrdinal = live;
    this.dead = 0;
  }

  stats(): CatalogStats {
    return {
      articles: this.entries.size,
      loadMs: this.loadMs,
      texts: this.textCache?.size ?? 0,
      textBytes: this.textCache?.calculatedSize ?? 0,
      deadOrdinals: this.dead,
      dictionaryTerms: this.dictionary.size,
      index: this.index.stats(),
    };
  }

  /** Registers something to stop with the catalog (the loader's refresh timer). */
  onStop(fn: () => void): void {
    this.stops.push(fn);
  }

  /** Stops the periodic refresh; the catalog stays readable. */
  stop(): void {
    for (const fn of this.stops.splice(0)) fn();
  }

  private removeEntry(entry: CatalogEntry): void {
    this.entries.delete(entry.id);
    this.forgetText(entry.id);
    this.byOrdinal[entry.ordinal] = undefined;
    this.dead++;
    const at = this.datePosition(entry);
    if (this.byDate[at] === entry) this.byDate.splice(at, 1);
    else {
      const i = this.byDate.indexOf(entry);
      if (i >= 0) this.byDate.splice(i, 1);
    }
    const channel = entry.article.channel;
    const left = (this.channelCounts.get(channel) ?? 1) - 1;
    if (left > 0) this.channelCounts.set(channel, left);
    else this.channelCounts.delete(channel);
  }

  private rememberText(id: string, signature: string, text: string): void {
    this.textCache?.set(id, { signature, text });
  }

  private forgetText(id: string): void {
    this.textCache?.delete(id);
  }

  /** Where an entry is (or would go) in byDate. */
  private datePosition(position: ListPosition): number {
    let lo = 0;
    let hi = this.byDate.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.byDate[mid]!, position) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index in byDate of the first entry after a position. */
  private firstAfter(position: ListPosition): number {
    let lo = 0;
    let hi = this.byDate.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.byDate[mid]!, position) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Compacts when dead postings make up a quarter of the index, or the index has many small segments. */
  private compactIfWorthIt(): void {
    const deadHeavy = this.dead > 1_000 && this.dead > this.entries.size / 4;
    if (deadHeavy || this.index.segmentCount > 16) {
      const started = Date.now();
      this.compact();
      this.log?.info({ articles: this.entries.size, ms: Date.now() - started }, '已整理检索索引');
    }
  }
}

/**
 * Which required terms each ranked field holds. Every candidate holds all of them somewhere, so the terms not in
 * the title, summary or tags count as body hits (this includes author and source unit, which are searchable too).
 */
function matchFields(entry: CatalogEntry, required: readonly string[], han: readonly boolean[]): MatchFields {
  return {
    titleTerms: required.filter((t, i) => fieldHasTerm(entry.titleText, t, han[i])),
    summaryTerms: required.filter((t, i) => fieldHasTerm(entry.summaryText, t, han[i])),
    tagTerms: required.filter((t, i) => fieldHasTerm(entry.tagsText, t, han[i])),
    bodyTerms: required,
  };
}

/** A mongoose document or a plain object, as a plain object. */
function plain(article: ArticleDoc): ArticleDoc | undefined {
  if (!article || typeof article !== 'object') return undefined;
  const maybe = article as ArticleDoc & { toObject?: () => ArticleDoc };
  return typeof maybe.toObject === 'function' ? maybe.toObject() : article;
}
