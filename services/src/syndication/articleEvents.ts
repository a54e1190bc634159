import { bodyMediaIds } from '../articles/articleContent';
import { globalArticleId } from '../articles/articleIds';
import type { ArticleDoc } from '../articles/articleModel';
import type { MediaInfo } from '../media/mediaModel';
import type { NodeContext } from '../node/nodeContext';
import type { ItemPayload, MediaRef, OriginRecord, PendingEvent } from './syndicationTypes';

type ArticleState = Pick<ArticleDoc, 'status' | 'version'>;

/** The idempotency key of an article event: one event per item, version and kind. */
export const articleEventKey = (itemId: string, version: number, kind: string) => `${itemId}:${version}:${kind}`;

/**
 * The up-stream events an article change causes: first publication, an edit of a published item (a new
 * version), a retraction. None on the city (nobody reads its up stream). Written by applyArticleChange in the same
 * update as the change itself, so the change and its event cannot be separated by a crash.
 */
export function articleEventsFor(node: NodeContext, id: ArticleDoc['_id'], before: ArticleState, after: ArticleState): PendingEvent[] {
  if (!node.config.parent) return [];
  let kind: 'published' | 'updated' | 'retracted' | null = null;
  if (before.status !== 'published' && after.status === 'published') kind = 'published';
  else if (before.status === 'published' && after.status === 'published' && after.version > before.version) kind = 'updated';
  else if (before.status === 'published' && after.status === 'retracted') kind = 'retracted';
  if (!kind) return [];
  return [articleEvent(node, id, after.version, kind)];
}

/** One pending article event (its payload is built by the relay from the article as it then is). */
export function articleEvent(
  node: NodeContext,
  id: ArticleDoc['_id'],
  version: number,
  kind: 'published' | 'updated' | 'retracted',
): PendingEvent {
  const itemId = globalArticleId(node.config.code, id);
  return {
    stream: 'up',
    kind,
    key: articleEventKey(itemId, version, kind),
    itemId,
    version,
    to: null,
    createdAt: node.now().toISOString(),
  };
}

/** Where an article comes from: its recorded origin on an adopted copy, this node for its own articles. */
export function originOf(node: NodeContext, doc: ArticleDoc): OriginRecord {
  if (doc.origin) return doc.origin;
  return {
    node: node.config.code,
    name: node.config.name,
    tier: node.config.tier,
    officer: doc.officer,
    id: globalArticleId(node.config.code, doc._id),
    publishedAt: doc.publishedAt ? new Date(doc.publishedAt).toISOString() : null,
  };
}

async function mediaRefs(node: NodeContext, doc: ArticleDoc): Promise<Map<string, MediaRef>> {
  const ids = [...new Set([...(doc.coverImageId ? [doc.coverImageId] : []), ...doc.attachmentIds, ...bodyMediaIds(doc.body ?? '')])];
  const refs = new Map<string, MediaRef>();
  if (ids.length === 0) return refs;
  // By id one at a time: FerretDB looks string ids up directly, `$in` scans.
  const infos = await Promise.all(ids.map((id) => node.models.Media.findById(id, { data: 0 }).lean<MediaInfo>().exec()));
  const fetches = node.connection.collection<{ _id: string; ref?: MediaRef }>('media_fetches');
  for (const [i, id] of ids.entries()) {
    const info = infos[i];
    // A received item whose media has not arrived yet passes on where the media can be fetched from.
    const pending = info ? null : await fetches.findOne({ _id: id });
    if (info) {
      const own = `${node.site.url}/media/${encodeURIComponent(id)}`;
      refs.set(id, {
        id,
        sha256: info.sha256,
        contentType: info.contentType,
        filename: info.filename,
        size: info.size,
        alt: info.alt ?? null,
        urls: [own, ...(pending?.ref?.urls ?? [])],
      });
    } else if (pending?.ref) {
      // As stored: FerretDB's $setOnInsert drops null fields (alt), which the receiver's schema requires.
      const r = pending.ref;
      refs.set(id, {
        id: r.id,
        sha256: r.sha256,
        contentType: r.contentType,
        filename: r.filename,
        size: r.size,
        alt: r.alt ?? null,
        urls: r.urls ?? [],
      });
    }
  }
  return refs;
}

/** The content of an article as it travels up: everything a receiver needs to publish a copy, media by reference. */
export async function articlePayload(node: NodeContext, doc: ArticleDoc): Promise<ItemPayload> {
  const refs = await mediaRefs(node, doc);
  return {
    title: doc.title,
    subtitle: doc.subtitle,
    author: doc.author,
    officer: doc.officer,
    sourceUnit: doc.sourceUnit,
    channel: doc.channel,
    tags: doc.tags,
    summary: doc.summary,
    body: doc.body,
    publishedAt: doc.publishedAt ? new Date(doc.publishedAt).toISOString() : null,
    coverImage: doc.coverImageId ? (refs.get(doc.coverImageId) ?? null) : null,
    attachments: doc.attachmentIds.flatMap((id) => (refs.has(id) ? [refs.get(id)!] : [])),
    bodyImages: bodyMediaIds(doc.body ?? '').flatMap((id) => (refs.has(id) ? [refs.get(id)!] : [])),
    provenance: { origin: originOf(node, doc), hops: doc.hops ?? [] },
  };
}
