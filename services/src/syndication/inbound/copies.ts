import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { badInput, conflict, insertNew } from '@djnet/shared';
import type { Actor } from '../../accounts/actor';
import { htmlToText, sanitizeArticleHtml } from '../../articles/articleContent';
import { globalArticleId } from '../../articles/articleIds';
import type { ArticleDoc } from '../../articles/articleModel';
import { applyArticleChange, insertArticles } from '../../articles/articleStore';
import { channelIndexOf } from '../../channels/channelIndex';
import { screenSensitiveWords } from '../../articles/sensitiveScreen';
import { loadSensitiveWords } from '../../articles/sensitiveWordList';
import { articleEvent } from '../articleEvents';
import type { RelayItem } from '../relay';
import type { InboundItemDoc } from '../syndicationModels';
import { systemContext, type SyndicationRuntime } from '../syndicationRuntime';
import type { AdoptionRecord, HopRecord, ItemPayload, MediaRef, PendingEvent } from '../syndicationTypes';
import { changeInbound, loadInbound, newItem, type KnownInbound } from './inboundItems';

/** The local copy of an adopted item has an id derived from the item's: adopting twice cannot make two copies. */
export function adoptedArticleId(inboundId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`adopt:${inboundId}`).digest('hex').slice(0, 24));
}

export const mediaOf = (p: ItemPayload): MediaRef[] => [...(p.coverImage ? [p.coverImage] : []), ...p.attachments, ...(p.bodyImages ?? [])];

/** The content fields of a copy, from a received payload (HTML sanitised again here: trust no peer's HTML). */
function contentOf(p: ItemPayload): Partial<ArticleDoc> {
  const body = sanitizeArticleHtml(p.body);
  return {
    title: p.title,
    subtitle: p.subtitle,
    author: p.author,
    officer: p.officer,
    sourceUnit: p.sourceUnit,
    tags: p.tags,
    summary: p.summary,
    body,
    bodyText: htmlToText(body),
    coverImageId: p.coverImage?.id ?? null,
    attachmentIds: p.attachments.map((a) => a.id),
  };
}

/** The report of a decision, on its way down to the node the item came from (and on to its origin). */
export function decisionReport(rt: SyndicationRuntime, item: InboundItemDoc, record: AdoptionRecord): PendingEvent {
  const { node } = rt;
  return {
    stream: 'down',
    kind: record.status,
    key: `${item._id}:${record.status}:${node.config.code}`,
    itemId: item._id,
    version: item.version,
    to: item.from,
    createdAt: node.now().toISOString(),
    payload: { ...record, originalId: item.payload?.provenance.origin.id ?? item._id },
  };
}

export interface AdoptOptions {
  actor: Actor;
  /** A local channel; default: the item's own (shared tree) channel. */
  channel?: string | null;
  /** Adopted by the edge's policy: an unusable channel or a sensitive-word hit leaves the item for an editor. */
  auto: boolean;
  /**
   * Called by an edge while it applies a received event (before it stores its cursor): the copy's event is relayed
   * at once instead of waiting in the copy (a redelivery derives it again). Saves FerretDB an update of the copy.
   */
  direct?: boolean;
}

/** A published copy of a received item, and what its adoption reports. */
interface Copy {
  item: InboundItemDoc;
  article: ArticleDoc;
  record: AdoptionRecord;
  adoptedBy: string;
  at: Date;
}

/**
 * The one adoption write, for one received item or a page of them: builds each copy (checking the channel and, for
 * the edge's policy, the sensitive-word list), asks for their media, writes the copies in one insert (a copy that is
 * there already — adopted before a crash, or by two editors at once — is used as it is), and, for an edge that
 * applies a received event (`direct`), relays their publication at once. An item an automatic adoption must leave
 * for an editor comes back with the reason instead. The received items themselves are the caller's to write.
 */
async function publishCopies(
  rt: SyndicationRuntime,
  items: readonly InboundItemDoc[],
  options: AdoptOptions,
): Promise<(Copy | { item: InboundItemDoc; note: string })[]> {
  const { node } = rt;
  const built: Awaited<ReturnType<typeof buildCopy>>[] = [];
  for (const item of items) built.push(await buildCopy(rt, item, options));
  const ready = items.flatMap((item, i) => {
    const b = built[i]!;
    return 'note' in b ? [] : [{ ...b, item }];
  });
  // Media first: a copy's up event, built by the relay as soon as the copy is written, names the media only if they
  // are here or asked for (the pending fetch holds where they come from); asked for after, they would be left out.
  await rt.fetchMedia(ready.flatMap((b) => mediaOf(b.item.payload!)));
  const existing = await insertArticles(
    node,
    ready.map((b) => b.doc),
  );
  const copies = new Map<string, Copy>();
  for (const { item, doc, adoptedBy, at } of ready) {
    const article = existing.has(String(doc._id)) ? ((await node.models.Article.findById(doc._id).lean<ArticleDoc>()) ?? doc) : doc;
    copies.set(item._id, { item, article, adoptedBy, at, record: adoptionRecord(rt, article, adoptedBy, at) });
  }
  if (options.direct && node.config.parent) await rt.relayMany([...copies.values()].map((c) => copyPublished(rt, c.article)));
  return items.map((item, i) => copies.get(item._id) ?? { item, note: (built[i] as { note: string }).note });
}

/** What the origin learns of an adoption: where, when, by whom, and the copy's id. */
export function adoptionRecord(rt: SyndicationRuntime, article: ArticleDoc, adoptedBy: string, now: Date): AdoptionRecord {
  const { node } = rt;
  return {
    node: node.config.code,
    name: node.config.name,
    tier: node.config.tier,
    status: 'adopted',
    at: article.publishedAt ? new Date(article.publishedAt).toISOString() : now.toISOString(),
    by: article.transitions[0]?.byName ?? adoptedBy,
    reason: null,
    copyId: globalArticleId(node.config.code, article._id),
  };
}

/**
 * The local copy of a received item as it is to be written (nothing written yet): checks the channel and, for the
 * edge's policy, the sensitive-word list. Returns the reason instead when an automatic adoption must leave the item
 * for an editor.
 */
export async function buildCopy(
  rt: SyndicationRuntime,
  item: InboundItemDoc,
  options: AdoptOptions,
): Promise<{ doc: ArticleDoc; adoptedBy: string; at: Date } | { note: string }> {
  const { node } = rt;
  const id = adoptedArticleId(item._id);
  const p = item.payload!;
  const slug = options.channel ?? p.channel;
  // The node's channel index is in memory (refreshed within seconds of a change).
  const channels = await channelIndexOf(node.models);
  const channel = channels.get(slug);
  if (!channel || channels.isRetired(slug)) {
    if (options.auto) return { note: `本站没有可用栏目“${p.channel}”，请人工选择栏目采用` };
    throw badInput(channel ? `栏目“${channel.name}”已停用` : `栏目不存在：${slug}`, { field: 'channel' });
  }
  const content = contentOf(p);
  if (options.auto) {
    const hits = screenSensitiveWords(
      { title: content.title!, subtitle: content.subtitle ?? null, summary: content.summary ?? null, bodyText: content.bodyText! },
      await loadSensitiveWords(node),
    );
    if (hits.length) return { note: `含敏感词（${[...new Set(hits.map((h) => h.word))].join('、')}），请人工审核后采用` };
  }

  const now = node.now();
  const adoptedBy = options.auto ? `${options.actor.name}（自动采用）` : options.actor.name;
  const hop: HopRecord = { node: node.config.code, name: node.config.name, tier: node.config.tier, at: now.toISOString(), adoptedBy };
  const doc: ArticleDoc = {
    _id: id,
    node: node.config.code,
    title: content.title!,
    body: content.body!,
    bodyText: content.bodyText!,
    subtitle: content.subtitle ?? null,
    author: content.author ?? null,
    officer: content.officer ?? null,
    sourceUnit: content.sourceUnit ?? null,
    tags: content.tags ?? [],
    summary: content.summary ?? null,
    coverImageId: content.coverImageId ?? null,
    attachmentIds: content.attachmentIds ?? [],
    channel: channel._id,
    status: 'published',
    reviewLevel: null,
    reason: null,
    createdBy: options.actor.accountId,
    createdAt: now,
    updatedAt: now,
    publishedAt: now,
    version: 1,
    revision: 0,
    viewCount: 0,
    transitions: [
      {
        at: now,
        by: options.actor.accountId,
        byName: adoptedBy,
        from: null,
        to: 'published',
        level: null,
        reason: `采用自${p.provenance.origin.name}`,
      },
    ],
    sensitiveHits: [],
    importKey: null,
    origin: p.provenance.origin,
    hops: [...p.provenance.hops, hop],
    syndicatedFrom: item._id,
    inboundVersion: item.version,
    inboundAppliedVersion: 1,
    adoptions: [],
    pendingEvents: node.config.parent && !options.direct ? [articleEvent(node, id, 1, 'published')] : [],
  };
  return { doc, adoptedBy, at: now };
}

/**
 * Adopts (采用) a received item: publishes a local copy with its provenance (origin, every hop, this one last),
 * which enters this node's own up stream, and reports the adoption back down towards the origin. Idempotent: the
 * copy's id derives from the item's, and an adopted item is returned as it is. Returns null when an automatic
 * adoption left the item for an editor (the reason is in the item's `note`).
 */
export async function adoptInbound(rt: SyndicationRuntime, item: InboundItemDoc, options: AdoptOptions): Promise<ArticleDoc | null> {
  const { node } = rt;
  const id = adoptedArticleId(item._id);
  if (item.status === 'adopted') return node.models.Article.findById(id).lean<ArticleDoc>();
  if (item.tombstone) throw conflict('来源节点已撤回此稿件，不能采用');
  if (!item.payload) throw conflict('稿件内容尚未收到，不能采用');
  const prepared = (await publishCopies(rt, [item], options))[0]!;
  if ('note' in prepared) {
    const { note } = prepared;
    if (options.auto) rt.heldForEditor?.add(item._id);
    await changeInbound(rt, item._id, (d) => (d.status === 'pending' && d.note !== note ? { set: { note } } : null));
    return null;
  }
  const after = await changeInbound(rt, item._id, (d) => {
    if (d.localArticleId) return null;
    const decided = { localArticleId: String(id), decidedAt: prepared.at, decidedBy: prepared.adoptedBy, note: null, reason: null };
    // A retraction that came in meanwhile wins: the copy is retracted below and nothing is reported.
    if (d.tombstone) return { set: decided };
    return { set: { ...decided, status: 'adopted' }, events: [decisionReport(rt, d, prepared.record)] };
  });
  if (after) await reconcileCopy(rt, after);
  return node.models.Article.findById(id).lean<ArticleDoc>();
}

/** A version of an item received from a child, as an edge passes it on to be adopted. */
export interface ReceivedVersion {
  id: string;
  version: number;
  payload: ItemPayload;
}

/**
 * Items new here from a child whose edge adopts automatically — one, or a page of them (AdoptionBatch): their copies
 * are published first (publishCopies), then the items are written already decided (adopted, or left for an editor
 * with the reason) in one insert, and the adoption reports relayed — inserts only, no update. A crash in between
 * leaves the copies; the redelivered events find them (same ids) and write the items. Returns the ids of items that
 * were there already (a race with another delivery), for which nothing was written: the caller updates those.
 */
export async function adoptNewItems(
  rt: SyndicationRuntime,
  from: string,
  received: readonly ReceivedVersion[],
  known?: KnownInbound,
): Promise<Set<string>> {
  const fresh = received.map((r) => newItem(rt, from, r.id, r.version, r.payload));
  const published = await publishCopies(rt, fresh, { actor: systemContext(rt.node).actor!, auto: true, direct: true });
  const items = published.map((p): InboundItemDoc =>
    'note' in p
      ? { ...p.item, note: p.note }
      : { ...p.item, status: 'adopted', localArticleId: String(p.article._id), decidedAt: p.at, decidedBy: p.adoptedBy },
  );
  const already = await insertNew(rt.models.InboundItem.collection, items);
  const reports: RelayItem[] = [];
  for (const [i, item] of items.entries()) {
    rt.inboundIds?.add(item._id);
    if (already.has(item._id)) continue;
    known?.set(item._id, item);
    const p = published[i]!;
    if ('note' in p) rt.heldForEditor?.add(item._id);
    else
      reports.push({
        event: decisionReport(rt, item, p.record),
        source: { collection: 'inbound_items', id: item._id },
        doc: item as never,
      });
  }
  // The adoption reports, on their way down to the origin.
  await rt.relayMany(reports);
  return already;
}

/** A copy's publication on this node's up stream, as the relay takes it. */
function copyPublished(rt: SyndicationRuntime, article: ArticleDoc): RelayItem {
  return {
    event: articleEvent(rt.node, article._id, 1, 'published'),
    source: { collection: 'articles', id: String(article._id) },
    doc: article as never,
  };
}

/**
 * A received event came again (a redelivery after a crash, or a replay) for an item the edge had adopted: the events
 * derived from it are relayed again, which their keys make a no-op unless the crash came before they were.
 */
export async function relayDerivedEvents(rt: SyndicationRuntime, item: InboundItemDoc): Promise<void> {
  if (item.status !== 'adopted' || !item.localArticleId || !item.decidedAt) return;
  const article = await rt.node.models.Article.findById(item.localArticleId).lean<ArticleDoc>();
  if (!article) return;
  if (!article.pendingEvents?.length && rt.node.config.parent) {
    const { event, source, doc } = copyPublished(rt, article);
    await rt.relayNow(event, source, doc);
  }
  if (item.pendingEvents.length) return; // an editor's adoption: its report waits in the item
  const record = adoptionRecord(rt, article, item.decidedBy ?? '', new Date(item.decidedAt));
  await rt.relayNow(decisionReport(rt, item, record), { collection: 'inbound_items', id: item._id }, item as never);
}

/** Rejects a received item with a reason, reported back towards the origin. */
export async function rejectInbound(rt: SyndicationRuntime, itemId: string, actor: Actor, reason: string): Promise<InboundItemDoc> {
  const { node } = rt;
  const now = node.now();
  const updated = await changeInbound(rt, itemId, (d) => {
    if (d.status !== 'pending') throw conflict(d.status === 'rejected' ? '该稿件已退稿' : '只能对待采用的稿件退稿');
    const record: AdoptionRecord = {
      node: node.config.code,
      name: node.config.name,
      tier: node.config.tier,
      status: 'rejected',
      at: now.toISOString(),
      by: actor.name,
      reason,
      copyId: null,
    };
    return {
      set: { status: 'rejected', reason, decidedAt: now, decidedBy: actor.name, note: null },
      events: [decisionReport(rt, d, record)],
    };
  });
  if (!updated) throw conflict('稿件不存在');
  return updated;
}

/** Writes the item's latest received content into the local copy as a new version (its own up event follows). */
export async function applyOriginContent(
  rt: SyndicationRuntime,
  item: InboundItemDoc,
  article: ArticleDoc,
  actor?: Actor,
): Promise<ArticleDoc> {
  const { node } = rt;
  const p = item.payload!;
  const ctx = actor ? { node, actor } : systemContext(node);
  // Media first, as for a new copy: the new version's up event names only media that are here or asked for.
  await rt.fetchMedia(mediaOf(p));
  await node.models.ArticleVersion.updateOne(
    { _id: `${String(article._id)}:${article.version}` },
    {
      $setOnInsert: {
        articleId: String(article._id),
        version: article.version,
        title: article.title,
        subtitle: article.subtitle,
        summary: article.summary,
        body: article.body,
        tags: article.tags,
        channel: article.channel,
        editedAt: node.now(),
        editedBy: ctx.actor!.name,
      },
    },
    { upsert: true },
  );
  const version = article.version + 1;
  const updated = await applyArticleChange(ctx, ctx.actor!, article, {
    set: { ...contentOf(p), version, inboundVersion: item.version, inboundAppliedVersion: version },
  });
  await changeInbound(rt, item._id, (d) => (d.pendingUpdate ? { set: { pendingUpdate: null } } : null));
  return updated;
}

/**
 * Brings an adopted item's local copy in line with what was received: a retraction retracts it (always); a newer
 * origin version is written into it, unless it was edited here, in which case the update waits as `pendingUpdate`
 * until an editor accepts it. Safe to run any number of times.
 */
export async function reconcileCopy(rt: SyndicationRuntime, item: InboundItemDoc): Promise<void> {
  if (!item.localArticleId) return;
  const { node } = rt;
  const article = await node.models.Article.findById(item.localArticleId).lean<ArticleDoc>();
  if (!article) return;
  if (item.tombstone) {
    if (article.status !== 'published') return;
    const reason = `来源稿件已撤回${item.retractedReason ? `：${item.retractedReason}` : ''}`.slice(0, 500);
    const ctx = systemContext(node);
    await applyArticleChange(ctx, ctx.actor!, article, {
      set: { status: 'retracted', reason },
      transition: { from: 'published', to: 'retracted', reason },
    });
    return;
  }
  if (article.status !== 'published' || !item.payload) return;
  if ((article.inboundVersion ?? 1) >= item.version) {
    if (item.pendingUpdate) await changeInbound(rt, item._id, (d) => (d.pendingUpdate ? { set: { pendingUpdate: null } } : null));
    return;
  }
  const editedHere = article.version > (article.inboundAppliedVersion ?? article.version);
  if (editedHere) {
    const receivedAt = node.now();
    await changeInbound(rt, item._id, (d) =>
      d.pendingUpdate?.version === d.version ? null : { set: { pendingUpdate: { version: d.version, receivedAt } } },
    );
    return;
  }
  await applyOriginContent(rt, item, article);
}

/** After anything was received for an item: adopt it if the edge's policy says so, or bring its copy up to date. */
export async function settleInbound(rt: SyndicationRuntime, itemId: string): Promise<void> {
  const item = await loadInbound(rt, itemId);
  if (!item) return;
  if (item.status === 'pending' && !item.tombstone && item.payload && (await rt.autoAdopt(item.from))) {
    await adoptInbound(rt, item, { actor: systemContext(rt.node).actor!, auto: true });
    return;
  }
  await reconcileCopy(rt, item);
}
