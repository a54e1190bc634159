import { conflict, documentWrites, forbidden, insertNew, isFerretDb, notFound } from '@djnet/shared';
import { authorityOver, REVIEWER_ROLES } from '../accounts/permissions';
import type { Actor } from '../accounts/actor';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { localArticleId } from './articleIds';
import type { ArticleDoc, ArticleStatus, TransitionRecord } from './articleModel';
import { STATUS_NAMES } from './articleStatus';
import { articleEventsFor } from '../syndication/articleEvents';
import { syndicationOf } from '../syndication/syndicationRuntime';
import type { PendingEvent } from '../syndication/syndicationTypes';

const ferretDb = new WeakMap<object, Promise<boolean>>();

/**
 * Updates an article if it is still at the revision the change was decided on. On MongoDB the revision is in the
 * filter. On FerretDB v1 any filter but `_id` alone makes the server decode the whole collection (about 0.7 s at 5,000
 * articles, for every approval), so there the check runs in this process instead: the node is one process, every
 * article change passes here, and the read and the write are serialized per article (documentWrites).
 */
async function compareAndSetArticle(node: NodeContext, doc: ArticleDoc, update: Record<string, unknown>): Promise<ArticleDoc | null> {
  let isFerret = ferretDb.get(node.connection);
  if (!isFerret) ferretDb.set(node.connection, (isFerret = isFerretDb(node.connection)));
  const Article = node.models.Article;
  if (!(await isFerret))
    return Article.findOneAndUpdate({ _id: doc._id, revision: doc.revision }, update, { returnDocument: 'after' }).lean<ArticleDoc>();
  return documentWrites.run(`${node.config.databaseName}/articles/${String(doc._id)}`, async () => {
    const current = await Article.findById(doc._id, { revision: 1 }).lean<{ revision: number }>();
    if (current?.revision !== doc.revision) return null;
    return Article.findOneAndUpdate({ _id: doc._id }, update, { returnDocument: 'after' }).lean<ArticleDoc>();
  });
}

/** Loads an article of this node by its global id (NOT_FOUND when absent). */
export async function loadArticle(node: NodeContext, globalId: string): Promise<ArticleDoc> {
  const doc = await node.models.Article.findById(localArticleId(globalId, node.config.code)).lean<ArticleDoc>();
  if (!doc) throw notFound(`文章不存在：${globalId}`);
  return doc;
}

/** Reviewers of this node (editors, admins) and admins of nodes above it. */
export function isReviewer(ctx: RequestContext, actor: Actor): boolean {
  const authority = authorityOver(ctx.node, actor);
  return authority === 'ancestor-admin' || (authority === 'own' && REVIEWER_ROLES.includes(actor.role));
}

/**
 * Who may see an unpublished article: its author, and the node's reviewers (and admins above). Published ones
 * are public. Unpublished content never reaches the public or partners: to them it does not exist.
 */
export function canSee(ctx: RequestContext, doc: ArticleDoc): boolean {
  if (doc.status === 'published') return true;
  const actor = ctx.actor;
  if (!actor || authorityOver(ctx.node, actor) === null) return false;
  return isReviewer(ctx, actor) || doc.createdBy === actor.accountId;
}

/** Loads an article the actor may see, or NOT_FOUND (never FORBIDDEN: that would confirm it exists). */
export async function loadVisibleArticle(ctx: RequestContext, globalId: string): Promise<ArticleDoc> {
  const doc = await loadArticle(ctx.node, globalId);
  if (!canSee(ctx, doc)) throw notFound(`文章不存在：${globalId}`);
  return doc;
}

/** Refuses an action on an article in a state that does not allow it. */
export function requireStatus(doc: ArticleDoc, allowed: readonly ArticleStatus[], action: string): void {
  if (!allowed.includes(doc.status)) {
    throw conflict(`稿件当前状态为“${STATUS_NAMES[doc.status]}”，不能${action}`, { status: doc.status });
  }
}

export function requireReviewer(ctx: RequestContext, actor: Actor, action: string): void {
  if (!isReviewer(ctx, actor)) throw forbidden(`只有本站编辑或管理员可以${action}`);
}

export interface ArticleChange {
  set?: Partial<ArticleDoc>;
  transition?: { from: ArticleStatus | null; to: ArticleStatus; level?: number | null; reason?: string | null };
  /** Further syndication events to write with the change (e.g. an adoption report passed on down the tiers). */
  events?: PendingEvent[];
  /**
   * A record kept on the article that is not an edit of it (where it was adopted): the revision stays, so an
   * editor's change decided before it still applies (it touches other fields). Still checked against the revision.
   */
  bookkeeping?: boolean;
}

/** What writing new articles needs of a node (the CLI's import builds just this, without syndication or gateways). */
export type ArticleWriter = Pick<NodeContext, 'config' | 'models' | 'catalog'> & Partial<Pick<NodeContext, 'publicContentChanged'>>;

/**
 * The one way new articles are written — a local draft, an adopted copy, an imported record — with what a new
 * article causes, here and nowhere else: its pending syndication events go to the relay, the catalog learns it, and
 * a published one tells the gateways that public content changed. One unordered insert for all of them (the schema's
 * defaults and checks applied as a model's `create` would); returns the ids that were there already, for which
 * nothing was written (the caller says what "there already" means: an adoption redelivered, an import run twice).
 */
export async function insertArticles(node: ArticleWriter, docs: readonly ArticleDoc[]): Promise<Set<string>> {
  const rows = docs.map((d) => {
    const row = new node.models.Article(d);
    const invalid = row.validateSync();
    if (invalid) throw invalid;
    return row.toObject() as ArticleDoc;
  });
  const existing = await insertNew(node.models.Article.collection, rows);
  let published = false;
  for (const row of rows) {
    if (existing.has(String(row._id))) continue;
    if (row.pendingEvents?.length) syndicationOf(node)?.relayPoke({ collection: 'articles', id: String(row._id) });
    node.catalog.articleChanged(row);
    published ||= row.status === 'published';
  }
  if (published) node.publicContentChanged?.();
  return existing;
}

/**
 * Writes one change to an article atomically: the update matches the revision it was decided on (so two
 * editors acting at once cannot both win; on FerretDB the connection also serializes writes, see
 * shared/src/database/ferretdbWrites.ts), records the transition in the article's own audit trail in the same write,
 * and tells the catalog.
 */
export async function applyArticleChange(ctx: RequestContext, actor: Actor, doc: ArticleDoc, change: ArticleChange): Promise<ArticleDoc> {
  const now = ctx.node.now();
  const update: Record<string, unknown> = change.bookkeeping
    ? { $set: { ...(change.set ?? {}) } }
    : { $set: { ...(change.set ?? {}), updatedAt: now }, $inc: { revision: 1 } };
  if (change.transition) {
    const record: TransitionRecord = {
      at: now,
      by: actor.accountId,
      byName: actor.name,
      from: change.transition.from,
      to: change.transition.to,
      level: change.transition.level ?? null,
      reason: change.transition.reason ?? null,
    };
    update.$push = { transitions: record };
  }
  // Syndication: the event a publication, an edit of a published item or a retraction causes goes into the same
  // update, so no crash can separate the change from its event; the node's relay moves it to the outbox.
  const events = [
    ...articleEventsFor(ctx.node, doc._id, doc, { status: change.set?.status ?? doc.status, version: change.set?.version ?? doc.version }),
    ...(change.events ?? []),
  ];
  if (events.length > 0) update.$push = { ...((update.$push as object) ?? {}), pendingEvents: { $each: events } };
  const updated = await compareAndSetArticle(ctx.node, doc, update);
  if (!updated) throw conflict('稿件已被他人修改，请刷新后重试');
  if (events.length > 0) syndicationOf(ctx.node)?.relayPoke({ collection: 'articles', id: String(updated._id) });
  ctx.node.catalog.articleChanged(updated);
  // Published, edited while published, or retracted: what the public reads changed (gateways drop cached reads).
  if (doc.status === 'published' || updated.status === 'published') ctx.node.publicContentChanged?.();
  return updated;
}
