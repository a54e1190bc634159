import type { CatalogArticle } from '../catalog/articleCatalog';
import { catalogOf } from '../catalog/catalogQueries';
import { channelIndexOf, type ChannelIndex } from '../channels/channelIndex';
import type { ChannelDoc } from '../channels/channelModel';
import type { NodeContext } from '../node/nodeContext';
import { syndicationOf } from '../syndication/syndicationRuntime';
import { shortSiteName } from './siteFormat';

/** What the pages show, read from the node's memory (catalog, channel tree) — no per-page database reads. */

/** An article as lists show it. */
export interface ArticleItem {
  id: string;
  title: string;
  summary: string | null;
  channel: string;
  publishedAt: string | null;
  /** 来源 line: origin → hops (without this node), short place names; empty for the node's own items. */
  provenance: string[];
  signature: string;
}

export interface NoticeItem {
  id: string;
  title: string;
  issuedAt: string;
}

export function provenanceOf(node: NodeContext, article: Pick<CatalogArticle, 'origin' | 'hops'>): string[] {
  const origin = article.origin;
  if (!origin) return [];
  const names = [shortSiteName(origin.name)];
  for (const hop of article.hops ?? []) if (hop.node !== node.config.code && hop.node !== origin.node) names.push(shortSiteName(hop.name));
  return names;
}

export function articleItem(node: NodeContext, a: CatalogArticle): ArticleItem {
  const published = a.publishedAt ?? a.updatedAt;
  return {
    id: String(a._id),
    title: a.title,
    summary: a.summary ?? null,
    channel: a.channel,
    publishedAt: published ? new Date(published).toISOString() : null,
    provenance: provenanceOf(node, a),
    signature: `${a.version}:${a.updatedAt ? new Date(a.updatedAt).getTime() : 0}`,
  };
}

/** The channel tree (cached, at most 5 s old). */
export function channelsOf(node: NodeContext): Promise<ChannelIndex> {
  return channelIndexOf(node.models);
}

/** The sub-networks shown in the navigation: top-level, not retired. */
export function subnetworks(index: ChannelIndex): ChannelDoc[] {
  return index.children(null).filter((c) => !index.isRetired(c._id));
}

/** Newest published articles, in a channel subtree or everywhere. */
export function latest(node: NodeContext, first: number, channels?: ReadonlySet<string>): ArticleItem[] {
  const catalog = catalogOf(node);
  // An empty channel would make the list walk the whole catalog looking for matches.
  if (channels && catalog.count(channels) === 0) return [];
  return catalog.list({ first, channels }).items.map((i) => articleItem(node, i.article));
}

const NOTICE_CACHE_MS = 30_000;
const noticeCache = new WeakMap<NodeContext, { at: number; notices: Promise<NoticeItem[]> }>();

/** The city's notices (通知) this node holds, newest first; read from the database at most every 30 s. */
export function notices(node: NodeContext, first = 5): Promise<NoticeItem[]> {
  const cached = noticeCache.get(node);
  const now = Date.now();
  if (cached && now - cached.at < NOTICE_CACHE_MS) return cached.notices.then((n) => n.slice(0, first));
  const rt = syndicationOf(node);
  const read: Promise<NoticeItem[]> = rt
    ? rt.models.Notice.find({}, { title: 1, issuedAt: 1 })
        .sort({ issuedAt: -1 })
        .limit(20)
        .lean()
        .then((docs) => docs.map((d) => ({ id: String(d._id), title: d.title, issuedAt: new Date(d.issuedAt).toISOString() })))
    : Promise.resolve([]);
  const entry = { at: now, notices: read };
  noticeCache.set(node, entry);
  read.catch(() => {
    if (noticeCache.get(node) === entry) noticeCache.delete(node);
  });
  return read.then((n) => n.slice(0, first));
}

/** Forget cached notices (tests, and after the node issued one). */
export function forgetNotices(node: NodeContext): void {
  noticeCache.delete(node);
}
