import type { RequestContext } from '../graphql/requestContext';
import { mediaView } from '../media/mediaView';
import { globalArticleId } from './articleIds';
import type { ArticleDoc, TransitionRecord } from './articleModel';
import { canSee, isReviewer } from './articleStore';
import { toGraphqlStatus } from './articleStatus';
import { pendingRevisionOf, revisionDiff } from './articleRevision';

/** Parent objects of the GraphQL Article type: an ArticleDoc, possibly partial (lists carry no body). */
export type ArticleParent = Partial<ArticleDoc> & Pick<ArticleDoc, '_id'>;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * Loads the whole article once per request when a field needs what a partial parent lacks. Also where the
 * staff-only fields are gated: the audit trail, screen hits and history are for the article's staff.
 */
async function full(parent: ArticleParent, ctx: RequestContext): Promise<ArticleDoc> {
  if ('body' in parent && 'transitions' in parent && 'bodyText' in parent) return parent as ArticleDoc;
  const cache = ((ctx as RequestContext & { articleCache?: Map<string, Promise<ArticleDoc | null>> }).articleCache ??= new Map());
  const key = String(parent._id);
  if (!cache.has(key)) cache.set(key, ctx.node.models.Article.findById(parent._id).lean<ArticleDoc>().exec());
  const doc = await cache.get(key)!;
  if (!doc) throw new Error(`article ${key} vanished`);
  return doc;
}

const staffOnly = async <T>(
  parent: ArticleParent,
  ctx: RequestContext,
  pick: (doc: ArticleDoc) => T | Promise<T>,
  empty: T,
): Promise<T> => {
  const doc = await full(parent, ctx);
  return ctx.actor && (isReviewer(ctx, ctx.actor) || doc.createdBy === ctx.actor.accountId) && canSee(ctx, doc) ? pick(doc) : empty;
};

const transitionView = (t: TransitionRecord) => ({
  at: iso(t.at),
  by: t.by,
  byName: t.byName,
  from: t.from ? toGraphqlStatus(t.from) : null,
  to: toGraphqlStatus(t.to),
  level: t.level,
  reason: t.reason,
});

async function channelName(ctx: RequestContext, slug: string): Promise<string | null> {
  const cache = ((ctx as RequestContext & { channelNames?: Map<string, Promise<string | null>> }).channelNames ??= new Map());
  if (!cache.has(slug))
    cache.set(
      slug,
      ctx.node.models.Channel.findById(slug, { name: 1 })
        .lean()
        .exec()
        .then((c) => c?.name ?? null),
    );
  return cache.get(slug)!;
}

export const articleTypeResolvers = {
  id: (a: ArticleParent, _: unknown, ctx: RequestContext) => globalArticleId(a.node ?? ctx.node.config.code, a._id),
  node: (a: ArticleParent, _: unknown, ctx: RequestContext) => a.node ?? ctx.node.config.code,
  title: async (a: ArticleParent, _: unknown, ctx: RequestContext) => a.title ?? (await full(a, ctx)).title,
  subtitle: async (a: ArticleParent, _: unknown, ctx: RequestContext) => ('subtitle' in a ? a.subtitle : (await full(a, ctx)).subtitle),
  author: async (a: ArticleParent, _: unknown, ctx: RequestContext) => ('author' in a ? a.author : (await full(a, ctx)).author),
  officer: async (a: ArticleParent, _: unknown, ctx: RequestContext) => ('officer' in a ? a.officer : (await full(a, ctx)).officer),
  sourceUnit: async (a: ArticleParent, _: unknown, ctx: RequestContext) =>
    'sourceUnit' in a ? a.sourceUnit : (await full(a, ctx)).sourceUnit,
  channel: async (a: ArticleParent, _: unknown, ctx: RequestContext) => a.channel ?? (await full(a, ctx)).channel,
  channelName: async (a: ArticleParent, _: unknown, ctx: RequestContext) => channelName(ctx, a.channel ?? (await full(a, ctx)).channel),
  tags: async (a: ArticleParent, _: unknown, ctx: RequestContext) => a.tags ?? (await full(a, ctx)).tags,
  summary: async (a: ArticleParent, _: unknown, ctx: RequestContext) => ('summary' in a ? a.summary : (await full(a, ctx)).summary),
  body: async (a: ArticleParent, _: unknown, ctx: RequestContext) => (await full(a, ctx)).body,
  coverImage: async (a: ArticleParent, _: unknown, ctx: RequestContext) => {
    const id = 'coverImageId' in a ? a.coverImageId : (await full(a, ctx)).coverImageId;
    if (!id) return null;
    const doc = await ctx.node.models.Media.findById(id, { data: 0 }).lean();
    return doc ? mediaView(doc, ctx.node.site.url) : null;
  },
  attachments: async (a: ArticleParent, _: unknown, ctx: RequestContext) => {
    const ids = (await full(a, ctx)).attachmentIds;
    if (!ids.length) return [];
    const docs = await ctx.node.models.Media.find({ _id: { $in: ids } }, { data: 0 }).lean();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return ids.flatMap((id) => (byId.has(id) ? [mediaView(byId.get(id)!, ctx.node.site.url)] : []));
  },
  status: async (a: ArticleParent, _: unknown, ctx: RequestContext) => toGraphqlStatus(a.status ?? (await full(a, ctx)).status),
  publishedAt: async (a: ArticleParent, _: unknown, ctx: RequestContext) =>
    iso('publishedAt' in a ? a.publishedAt : (await full(a, ctx)).publishedAt),
  version: async (a: ArticleParent, _: unknown, ctx: RequestContext) => a.version ?? (await full(a, ctx)).version,
  viewCount: async (a: ArticleParent, _: unknown, ctx: RequestContext) => a.viewCount ?? (await full(a, ctx)).viewCount,
  createdAt: async (a: ArticleParent, _: unknown, ctx: RequestContext) => iso(a.createdAt ?? (await full(a, ctx)).createdAt),
  updatedAt: async (a: ArticleParent, _: unknown, ctx: RequestContext) => iso(a.updatedAt ?? (await full(a, ctx)).updatedAt),
  reviewLevel: async (a: ArticleParent, _: unknown, ctx: RequestContext) => staffOnly(a, ctx, (d) => d.reviewLevel, null),
  reason: async (a: ArticleParent, _: unknown, ctx: RequestContext) => staffOnly(a, ctx, (d) => d.reason, null),
  transitions: async (a: ArticleParent, _: unknown, ctx: RequestContext) => staffOnly(a, ctx, (d) => d.transitions.map(transitionView), []),
  sensitiveHits: async (a: ArticleParent, _: unknown, ctx: RequestContext) => staffOnly(a, ctx, (d) => d.sensitiveHits, []),
  versions: async (a: ArticleParent, _: unknown, ctx: RequestContext) =>
    staffOnly(
      a,
      ctx,
      async (d) =>
        (await ctx.node.models.ArticleVersion.find({ articleId: String(d._id) }).lean())
          .sort((x, y) => x.version - y.version)
          .map((v) => ({ version: v.version, title: v.title, body: v.body, editedAt: iso(v.editedAt), editedBy: v.editedBy })),
      [],
    ),
  pendingRevision: async (a: ArticleParent, _: unknown, ctx: RequestContext) =>
    staffOnly(
      a,
      ctx,
      (d) => {
        const r = pendingRevisionOf(d);
        if (!r) return null;
        return {
          ...r.content,
          baseVersion: r.baseVersion,
          reviewLevel: r.reviewLevel,
          sensitiveHits: r.sensitiveHits,
          createdByName: r.createdByName,
          createdAt: iso(r.createdAt),
          updatedAt: iso(r.updatedAt),
          diff: revisionDiff(d, r).map((p) => ({ ...p, kind: p.kind.toUpperCase() })),
        };
      },
      null,
    ),
};
