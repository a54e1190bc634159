import { badInput, notFound } from '@djnet/shared';
import { channelIndexOf } from '../channels/channelIndex';
import type { NodeContext } from '../node/nodeContext';
import { queryTerms } from '../search/chineseText';
import { ArticleCatalog, type CatalogArticle, type ListPosition, type SearchPosition } from './articleCatalog';
import { searchSnippet } from './searchSnippet';

/** The public reads of the catalog (Site.articles, Site.search): argument checks, cursors, channel subtrees. */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_QUERY_LENGTH = 200;

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface ArticlePage {
  nodes: CatalogArticle[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface SearchHitView {
  article: CatalogArticle;
  score: number;
  /** The snippet, HTML with <mark>: computed when asked for. */
  highlight: () => Promise<string>;
}

export interface SearchPage {
  hits: SearchHitView[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface ListArticlesArgs {
  channel?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface SearchArticlesArgs extends ListArticlesArgs {
  query: string;
  from?: string | null;
  to?: string | null;
}

export function catalogOf(node: NodeContext): ArticleCatalog {
  if (!(node.catalog instanceof ArticleCatalog)) throw new Error('the published catalog is not loaded');
  return node.catalog;
}

export function checkFirst(first: number | null | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`每页条数须为 1–${MAX_PAGE_SIZE} 之间的整数`, { field: 'first' });
  }
  return first;
}

// Cursors: base64url of a small JSON object; the `k` field keeps list and search cursors apart.

export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify({ k: 'l', t: position.time, i: position.id })).toString('base64url');
}

export function encodeSearchCursor(position: SearchPosition): string {
  return Buffer.from(JSON.stringify({ k: 's', f: position.fieldScore, t: position.time, i: position.id })).toString('base64url');
}

function invalidCursor() {
  return badInput('无效的分页游标', { field: 'after' });
}

function decodeCursor(after: string, kind: 'l' | 's'): Record<string, unknown> {
  if (typeof after !== 'string' || after.length > 500 || !/^[A-Za-z0-9_-]+$/.test(after)) throw invalidCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof value !== 'object' || value === null) throw invalidCursor();
  const cursor = value as Record<string, unknown>;
  if (cursor.k !== kind || !Number.isFinite(cursor.t) || typeof cursor.i !== 'string' || cursor.i.length > 100) throw invalidCursor();
  return cursor;
}

export function decodeListCursor(after: string): ListPosition {
  const c = decodeCursor(after, 'l');
  return { time: c.t as number, id: c.i as string };
}

export function decodeSearchCursor(after: string): SearchPosition {
  const c = decodeCursor(after, 's');
  if (!Number.isFinite(c.f)) throw invalidCursor();
  return { fieldScore: c.f as number, time: c.t as number, id: c.i as string };
}

/** Dates without a time or zone are China Standard Time, where the network is. */
const CHINA_OFFSET = '+08:00';
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A date range bound in ms. `from` is inclusive; `to` includes the whole day it names (2024-05-31 → up to
 * 2024-06-01 00:00 China time, exclusive) or the exact instant it names. Invalid → BAD_USER_INPUT.
 */
export function parseDateBound(value: string | null | undefined, field: 'from' | 'to'): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const bad = () =>
    badInput(`${field === 'from' ? '起始' : '截止'}日期格式不正确，应为 2024-05-01 或 2024-05-01T08:00:00+08:00`, { field });
  if (typeof value !== 'string') throw bad();
  const dateOnly = DATE_ONLY.exec(value);
  const dateTime = dateOnly ? null : DATE_TIME.exec(value);
  const parts = dateOnly ?? dateTime;
  if (!parts) throw bad();
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) throw bad();
  if (dateOnly) {
    const start = Date.parse(`${value}T00:00:00${CHINA_OFFSET}`);
    return field === 'from' ? start : start + 24 * 3600_000;
  }
  if (Number(parts[4]) > 23 || Number(parts[5]) > 59 || Number(parts[6] ?? 0) > 59) throw bad();
  const instant = Date.parse(dateTime![7] ? value : `${value}${CHINA_OFFSET}`);
  if (!Number.isFinite(instant)) throw bad();
  return field === 'from' ? instant : instant + 1;
}

/** The channel and its descendants (retired ones too); a slug only articles still use is itself; unknown → NOT_FOUND. */
async function channelSet(node: NodeContext, catalog: ArticleCatalog, slug: string | null | undefined): Promise<Set<string> | undefined> {
  if (slug === undefined || slug === null) return undefined;
  if (typeof slug !== 'string' || slug.length === 0 || slug.length > 200) throw badInput('无效的栏目标识', { field: 'channel' });
  const index = await channelIndexOf(node.models);
  if (index.get(slug)) return index.subtree(slug);
  if (catalog.hasChannel(slug)) return new Set([slug]);
  throw notFound(`栏目不存在：${slug}`);
}

/** Site.articles: published articles, newest first, in a channel and below it. */
export async function listArticles(node: NodeContext, args: ListArticlesArgs): Promise<ArticlePage> {
  const catalog = catalogOf(node);
  const first = checkFirst(args.first);
  const after = args.after ? decodeListCursor(args.after) : undefined;
  const channels = await channelSet(node, catalog, args.channel);
  const page = catalog.list({ channels, first, after });
  const last = page.items[page.items.length - 1];
  return {
    nodes: page.items.map((item) => item.article),
    pageInfo: { endCursor: last ? encodeListCursor(last.position) : null, hasNextPage: page.hasNextPage },
    totalCount: page.totalCount,
  };
}

/**
 * Site.search: published articles holding every term of the query (simplified and traditional alike), title
 * hits first, then summary/tags, then body, newest first among equals; with a snippet marking the matches.
 */
export async function searchArticles(node: NodeContext, args: SearchArticlesArgs): Promise<SearchPage> {
  const catalog = catalogOf(node);
  if (typeof args.query !== 'string' || Array.from(args.query).length > MAX_QUERY_LENGTH) {
    throw badInput(`检索词过长（最多 ${MAX_QUERY_LENGTH} 个字）`, { field: 'query' });
  }
  const { required } = queryTerms(args.query);
  if (required.length === 0) throw badInput('请输入检索词', { field: 'query' });
  const first = checkFirst(args.first);
  const after = args.after ? decodeSearchCursor(args.after) : undefined;
  const from = parseDateBound(args.from, 'from');
  const to = parseDateBound(args.to, 'to');
  if (from !== undefined && to !== undefined && from >= to) throw badInput('起始日期晚于截止日期', { field: 'from' });
  const channels = await channelSet(node, catalog, args.channel);

  const page = catalog.search({ required, channels, from, to, first, after });
  // Snippets need the hits' body texts (from the catalog's memory, else the database): fetched only when a hit's
  // highlight is asked for, for all hits of the page at once (GraphQL's default resolver calls a function field).
  let texts: Promise<Map<string, string>> | undefined;
  const textsOfPage = () => (texts ??= catalog.texts(page.items.map((hit) => String(hit.article._id))));
  const hits = page.items.map((hit) => ({
    article: hit.article,
    score: hit.score,
    highlight: async () =>
      searchSnippet(args.query, required, [(await textsOfPage()).get(String(hit.article._id)), hit.article.summary, hit.article.title]),
  }));
  const last = page.items[page.items.length - 1];
  return {
    hits,
    pageInfo: { endCursor: last ? encodeSearchCursor(last.position) : null, hasNextPage: page.hasNextPage },
    totalCount: page.totalCount,
  };
}
