import { badInput } from '@djnet/shared';
import { REVIEWER_ROLES, requireRole } from '../accounts/permissions';
import type { ArticleDoc } from '../articles/articleModel';
import { isReviewer } from '../articles/articleStore';
import type { ArticleParent } from '../articles/articleView';
import type { RequestContext } from '../graphql/requestContext';
import { acceptOriginUpdate } from './acceptOriginUpdate';
import { adoptItem } from './adoptItem';
import { globalArticleId } from '../articles/articleIds';
import { articleEventKey, originOf } from './articleEvents';
import type { EdgePuller } from './edgePuller';
import { replayEdge, setEdgePolicy } from './edgeCommands';
import { publishNotice } from './notices/publishNotice';
import { rejectItem } from './rejectItem';
import type { Syndication } from './syndication';
import type { InboundItemDoc, NoticeDoc, OutboxKeyDoc, ReaderDoc } from './syndicationModels';
import { requireSyndication, syndicationOf } from './syndicationRuntime';
import type { AdoptionRecord, Stream } from './syndicationTypes';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const up = (s: string) => s.toUpperCase();
const streamOf = (s: string) => s.toLowerCase() as Stream;

function limit(first: number | null | undefined, max = 200): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(`first 须在 1–${max} 之间`, { field: 'first' });
  return n;
}

function syndication(ctx: RequestContext): Syndication {
  return requireSyndication(ctx.node) as Syndication;
}

export function edgeView(edge: EdgePuller, ctx: RequestContext) {
  const s = edge.view();
  const now = ctx.node.now().getTime();
  const peers = syndication(ctx).peerInfo();
  const peerUrl = [...(peers.parent ? [peers.parent] : []), ...peers.children].find((p) => p.code === s.peer)?.url ?? null;
  return {
    peer: s.peer,
    stream: up(s.stream),
    peerUrl,
    cursor: s.cursor,
    head: s.head,
    lag: Math.max(0, s.head - s.cursor),
    lagSeconds: s.behindSince ? Math.max(0, Math.round((now - new Date(s.behindSince).getTime()) / 1000)) : 0,
    lastPulledAt: iso(s.lastPulledAt),
    lastAppliedAt: iso(s.lastAppliedAt),
    lastDelayMs: s.lastDelayMs ?? null,
    lastError: s.lastError ?? null,
    lastErrorAt: iso(s.lastErrorAt),
    failures: s.failures,
    nextAttemptAt: iso(s.nextAttemptAt),
    applied: s.applied,
    rejected: s.rejected,
    autoAdopt: s.stream === 'up' ? (s.autoAdopt ?? ctx.node.config.syndicationAutoAdopt) : false,
  };
}

const originView = (o: { node: string; name: string; tier: string; officer: string | null; id: string; publishedAt: string | null }) => ({
  ...o,
  tier: up(o.tier),
});

function inboundView(item: InboundItemDoc) {
  const p = item.payload;
  return {
    id: item._id,
    from: item.from,
    version: item.version,
    status: up(item.status),
    title: p?.title ?? null,
    summary: p?.summary ?? null,
    channel: p?.channel ?? null,
    origin: p ? originView(p.provenance.origin) : null,
    hops: (p?.provenance.hops ?? []).map((h) => ({ ...h, tier: up(h.tier) })),
    receivedAt: iso(item.receivedAt),
    updatedAt: iso(item.updatedAt),
    decidedAt: iso(item.decidedAt),
    decidedBy: item.decidedBy,
    reason: item.reason ?? item.retractedReason,
    note: item.note,
    localArticleId: item.localArticleId,
    pendingOriginUpdate:
      item.pendingUpdate && p
        ? { version: item.pendingUpdate.version, title: p.title, receivedAt: iso(item.pendingUpdate.receivedAt) }
        : null,
  };
}

const noticeView = (n: NoticeDoc) => ({
  id: n._id,
  node: n.node,
  title: n.title,
  body: n.body,
  issuedAt: iso(n.issuedAt),
  issuedBy: n.issuedBy,
  receivedAt: iso(n.receivedAt),
});

/** Article fields a partial parent (a catalog entry) may lack are read once per request. */
async function articleDoc(a: ArticleParent, ctx: RequestContext): Promise<ArticleDoc> {
  const cache = ((ctx as RequestContext & { syndicationArticles?: Map<string, Promise<ArticleDoc | null>> }).syndicationArticles ??=
    new Map());
  const key = String(a._id);
  if (!cache.has(key)) cache.set(key, ctx.node.models.Article.findById(a._id).lean<ArticleDoc>().exec());
  return (await cache.get(key)!) ?? (a as ArticleDoc);
}

/** The author and the node's staff (and admins above) see an article's adoption reports and pending updates. */
function staffOf(ctx: RequestContext, doc: ArticleDoc): boolean {
  return !!ctx.actor && (isReviewer(ctx, ctx.actor) || doc.createdBy === ctx.actor.accountId);
}

const adoptionView = (a: AdoptionRecord) => ({ ...a, tier: up(a.tier), status: up(a.status) });

/** GraphQL for syndication: status and queue on Site, provenance on Article, the editor's and admin's commands. */
export const syndicationResolvers = {
  Site: {
    notices: async (_site: unknown, args: { first?: number }, ctx: RequestContext) => {
      const rt = syndicationOf(ctx.node);
      if (!rt) return [];
      const docs = await rt.models.Notice.find({}, { pendingEvents: 0 })
        .sort({ issuedAt: -1 })
        .limit(limit(args.first, 100))
        .lean<NoticeDoc[]>();
      return docs.map(noticeView);
    },
    syndication: async (_site: unknown, _args: unknown, ctx: RequestContext) => {
      requireRole(ctx, REVIEWER_ROLES);
      const s = syndication(ctx);
      const readers = await s.models.Reader.find({}).lean<ReaderDoc[]>();
      return {
        upHead: s.relay.head('up'),
        downHead: s.relay.head('down'),
        edges: s.edgeList().map((e) => edgeView(e, ctx)),
        readers: readers
          .sort((a, b) => a._id.localeCompare(b._id))
          .map((r) => ({
            peer: r.peer,
            stream: up(r.stream),
            after: r.after,
            lag: Math.max(0, s.relay.head(r.stream) - r.after),
            at: iso(r.at),
          })),
        rejectedEvents: s.counters.rejected.up + s.counters.rejected.down,
        pendingMedia: await s.models.MediaFetch.countDocuments({ done: false }),
      };
    },
    adoptionQueue: async (_site: unknown, args: { status?: string | null; first?: number }, ctx: RequestContext) => {
      requireRole(ctx, REVIEWER_ROLES);
      const s = syndication(ctx);
      const status = (args.status ?? 'PENDING').toLowerCase() as InboundItemDoc['status'];
      const docs = await s.models.InboundItem.find({ status }, { pendingEvents: 0 })
        .sort({ updatedAt: -1 })
        .limit(limit(args.first))
        .lean<InboundItemDoc[]>();
      return docs.map(inboundView);
    },
  },
  InboundItem: {
    article: async (item: { localArticleId: string | null }, _args: unknown, ctx: RequestContext) =>
      item.localArticleId ? ctx.node.models.Article.findById(item.localArticleId).lean<ArticleDoc>() : null,
  },
  Article: {
    origin: async (a: ArticleParent, _args: unknown, ctx: RequestContext) => {
      if (a.origin) return originView(a.origin);
      return originView(originOf(ctx.node, 'publishedAt' in a && 'officer' in a ? (a as ArticleDoc) : await articleDoc(a, ctx)));
    },
    hops: async (a: ArticleParent, _args: unknown, ctx: RequestContext) =>
      (a.hops ?? (await articleDoc(a, ctx)).hops ?? []).map((h) => ({ ...h, tier: up(h.tier) })),
    syndicatedFrom: async (a: ArticleParent, _args: unknown, ctx: RequestContext) =>
      'syndicatedFrom' in a ? (a.syndicatedFrom ?? null) : ((await articleDoc(a, ctx)).syndicatedFrom ?? null),
    adoptions: async (a: ArticleParent, _args: unknown, ctx: RequestContext) => {
      const doc = await articleDoc(a, ctx);
      if (!staffOf(ctx, doc)) return [];
      const reported: Record<string, unknown>[] = (doc.adoptions ?? []).map(adoptionView);
      // Delivered to the parent (it has read past this item's publication event) and not decided there yet: pending.
      const parent = ctx.node.config.parent;
      const rt = syndicationOf(ctx.node);
      if (parent && rt && doc.status !== 'draft' && !reported.some((r) => r.node === parent)) {
        const key = await rt.models.OutboxKey.findById(
          `up:${articleEventKey(globalArticleId(ctx.node.config.code, doc._id), 1, 'published')}`,
        ).lean<OutboxKeyDoc>();
        const reader = key ? await rt.models.Reader.findById(`${parent}:up`).lean<ReaderDoc>() : null;
        if (key && reader && reader.after >= key.seq) {
          const tier = ctx.node.config.tier === 'township' ? 'COUNTY' : 'CITY';
          reported.unshift({
            node: parent,
            name: parent,
            tier,
            status: 'PENDING',
            at: iso(reader.at),
            by: null,
            reason: null,
            copyId: null,
          });
        }
      }
      return reported;
    },
    pendingOriginUpdate: async (a: ArticleParent, _args: unknown, ctx: RequestContext) => {
      const doc = await articleDoc(a, ctx);
      const rt = syndicationOf(ctx.node);
      if (!doc.syndicatedFrom || !rt || !staffOf(ctx, doc)) return null;
      const item = await rt.models.InboundItem.findById(doc.syndicatedFrom, { pendingEvents: 0 }).lean<InboundItemDoc>();
      return item ? inboundView(item).pendingOriginUpdate : null;
    },
  },
  SiteMutations: {
    adoptItem: (_: unknown, args: { id: string; channel?: string | null }, ctx: RequestContext) => adoptItem(ctx, args.id, args.channel),
    rejectItem: async (_: unknown, args: { id: string; reason: string }, ctx: RequestContext) =>
      inboundView(await rejectItem(ctx, args.id, args.reason)),
    acceptOriginUpdate: (_: unknown, args: { id: string }, ctx: RequestContext) => acceptOriginUpdate(ctx, args.id),
    replayEdge: async (_: unknown, args: { peer: string; stream: string; fromSeq: number }, ctx: RequestContext) =>
      edgeView(await replayEdge(ctx, args.peer, streamOf(args.stream), args.fromSeq), ctx),
    setEdgePolicy: async (_: unknown, args: { peer: string; autoAdopt?: boolean | null }, ctx: RequestContext) =>
      edgeView(await setEdgePolicy(ctx, args.peer, args.autoAdopt ?? null), ctx),
    publishNotice: async (_: unknown, args: { title: string; body: string }, ctx: RequestContext) =>
      noticeView(await publishNotice(ctx, args)),
  },
};
