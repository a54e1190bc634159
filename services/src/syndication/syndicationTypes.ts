import type { Tier } from '@djnet/shared';

/**
 * The two streams of a node's outbox. `up` is read by the node's parent (its items: published, updated,
 * retracted); `down` by its children (notices, the shared channel tree, the sensitive-word list, adoption and
 * rejection reports on their way back to an item's origin). Each has its own dense sequence.
 */
export const STREAMS = ['up', 'down'] as const;
export type Stream = (typeof STREAMS)[number];

/** Event kinds known to this release; handlers/registry.ts maps each to its handler module. */
export type EventKind =
  'published' | 'updated' | 'retracted' | 'adopted' | 'rejected' | 'notice' | 'channelTree' | 'sensitiveWords' | (string & {});

/**
 * An event waiting in the document whose change caused it (an article, an inbound item, a notice, a shared-state
 * record), written in the same update as the change. The relay moves it to the outbox, idempotently by `key`.
 * Article events carry no payload: the relay builds it from the article when it relays (so a pending marker is
 * small, and a receiver always gets the latest content with the article's current version).
 */
export interface PendingEvent {
  stream: Stream;
  kind: EventKind;
  /** Idempotency key within the stream, e.g. `<itemId>:<version>:<kind>`. */
  key: string;
  itemId: string | null;
  version: number;
  /** Addressed events (adoption reports): the node that should apply it; null for everyone reading. */
  to: string | null;
  createdAt: string;
  payload?: Record<string, unknown>;
}

/** An event as it sits in the outbox and travels: signed by the node whose outbox it is in (`origin`). */
export interface SyndicationEvent {
  seq: number;
  stream: Stream;
  kind: EventKind;
  key: string;
  itemId: string | null;
  version: number;
  origin: string;
  to: string | null;
  createdAt: string;
  payload: Record<string, unknown>;
  keyId: string;
  signature: string;
}

export type UnsignedEvent = Omit<SyndicationEvent, 'keyId' | 'signature'>;

/** A picture or attachment travelling by reference: fetched later by the receiver, checked by hash. */
export interface MediaRef {
  id: string;
  sha256: string;
  contentType: string;
  filename: string;
  size: number;
  alt: string | null;
  /** Where it can be fetched, nearest first (the sender, then the nodes before it). */
  urls: string[];
}

/** The node an item was first published on. */
export interface OriginRecord {
  node: string;
  name: string;
  tier: Tier;
  officer: string | null;
  /** The global id of the original article. */
  id: string;
  publishedAt: string | null;
}

/** One adoption on the way up: which node adopted the item, when, and who (an editor, or the edge's policy). */
export interface HopRecord {
  node: string;
  name: string;
  tier: Tier;
  at: string;
  adoptedBy: string;
}

/** What the origin (and every copy on the way) learns of a node's decision on the item. */
export interface AdoptionRecord {
  node: string;
  name: string;
  tier: Tier;
  status: 'adopted' | 'rejected';
  at: string;
  by: string;
  reason: string | null;
  /** The adopting node's copy (global id), when adopted. */
  copyId: string | null;
}

/**
 * A topic (专题) of a node above, or of this node, that lists the item (reported back down the tiers like an
 * adoption): one entry per node and topic, the first time the topic listed it.
 */
export interface FeatureRecord {
  node: string;
  name: string;
  tier: Tier;
  topicId: string;
  topic: string;
  at: string;
}

/** The content of a published or updated item. */
export interface ItemPayload {
  title: string;
  subtitle: string | null;
  author: string | null;
  officer: string | null;
  sourceUnit: string | null;
  channel: string;
  tags: string[];
  summary: string | null;
  body: string;
  publishedAt: string | null;
  coverImage: MediaRef | null;
  attachments: MediaRef[];
  /** Pictures inside the body (`<img src="/media/<id>">`): same ids at every node once fetched. */
  bodyImages?: MediaRef[];
  provenance: { origin: OriginRecord; hops: HopRecord[] };
}
