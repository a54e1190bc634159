import { Schema, type Connection, type Model } from 'mongoose';
import type { ItemPayload, MediaRef, PendingEvent, Stream } from './syndicationTypes';
import { NEWSPAPER_EVENT_SOURCES } from '../newspaper/newspaperModels';

/**
 * The syndication collections of a node's database. Hot reads are by `_id` only (FerretDB v1 scans for any other
 * filter): outbox events by their zero-padded sequence, keys by their event key, edges by `<peer>:<stream>`.
 */

/** `_id` of an outbox event: the sequence zero-padded, a string (FerretDB looks string ids up directly). */
export const outboxId = (seq: number) => String(seq).padStart(12, '0');

/** An event key reserved for a sequence number, before the outbox event is written (see relay.ts). */
export interface OutboxKeyDoc {
  _id: string; // `${stream}:${event key}`
  stream: Stream;
  seq: number;
  /** The document whose pending event this is, so a key without its event can be repaired at start-up. */
  source: { collection: string; id: string };
  reservedAt: Date;
}

/**
 * Pending events: an array of mixed documents. (A plain Mixed path would not do: mongoose casts a `$pull` on it
 * into something that removes nothing.)
 */
const pendingEventsField = () => ({ type: [Schema.Types.Mixed], default: [] }) as unknown as { type: typeof Schema.Types.Mixed };

/** Items received from a child, waiting for (or past) the editor's decision: the adoption queue. */
export interface InboundItemDoc {
  /** The item's global id at the child that sent it. */
  _id: string;
  from: string;
  version: number;
  payload: ItemPayload | null;
  status: 'pending' | 'adopted' | 'rejected' | 'retracted';
  /** A retraction was received (possibly before the item): nothing older may bring it back. */
  tombstone: boolean;
  retractedReason: string | null;
  receivedAt: Date;
  updatedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  reason: string | null;
  /** The local copy once adopted (hex id) and its version after the last origin content written to it. */
  localArticleId: string | null;
  localVersion: number | null;
  /** An origin update held back because the local copy was edited here; applied by acceptOriginUpdate. */
  pendingUpdate: { version: number; receivedAt: Date } | null;
  /** Why the edge's auto-adopt policy left this item in the queue. */
  note: string | null;
  revision: number;
  pendingEvents: PendingEvent[];
}

const inboundItemSchema = new Schema<InboundItemDoc>(
  {
    _id: { type: String, required: true },
    from: { type: String, required: true },
    version: { type: Number, required: true },
    payload: { type: Schema.Types.Mixed, default: null },
    status: { type: String, required: true, enum: ['pending', 'adopted', 'rejected', 'retracted'] },
    tombstone: { type: Boolean, required: true, default: false },
    retractedReason: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    decidedAt: { type: Date, default: null },
    decidedBy: { type: String, default: null },
    reason: { type: String, default: null },
    localArticleId: { type: String, default: null },
    localVersion: { type: Number, default: null },
    pendingUpdate: { type: Schema.Types.Mixed, default: null },
    note: { type: String, default: null },
    revision: { type: Number, required: true, default: 0 },
    pendingEvents: pendingEventsField(),
  },
  { collection: 'inbound_items', versionKey: false, minimize: false },
);

/** One edge this node pulls: a child's up stream or the parent's down stream. */
export interface EdgeDoc {
  _id: string; // `${peer}:${stream}`
  peer: string;
  stream: Stream;
  /** Last sequence applied (stored only after applying). */
  cursor: number;
  /** The peer's head at the last successful read. */
  head: number;
  lastPulledAt: Date | null;
  lastAppliedAt: Date | null;
  /** createdAt of the last event applied, and how long it took to get here (ms). */
  lastEventAt: Date | null;
  lastDelayMs: number | null;
  /** Since when the edge has known of events it has not applied yet (null: caught up). */
  behindSince: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  failures: number;
  nextAttemptAt: Date | null;
  applied: number;
  rejected: number;
  /** Up edges: adopt every item from this child automatically; null = the node's default (config). */
  autoAdopt: boolean | null;
}

const edgeSchema = new Schema<EdgeDoc>(
  {
    _id: { type: String, required: true },
    peer: { type: String, required: true },
    stream: { type: String, required: true, enum: ['up', 'down'] },
    cursor: { type: Number, required: true, default: 0 },
    head: { type: Number, required: true, default: 0 },
    lastPulledAt: { type: Date, default: null },
    lastAppliedAt: { type: Date, default: null },
    lastEventAt: { type: Date, default: null },
    lastDelayMs: { type: Number, default: null },
    behindSince: { type: Date, default: null },
    lastError: { type: String, default: null },
    lastErrorAt: { type: Date, default: null },
    failures: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, default: null },
    applied: { type: Number, required: true, default: 0 },
    rejected: { type: Number, required: true, default: 0 },
    autoAdopt: { type: Boolean, default: null },
  },
  { collection: 'syndication_edges', versionKey: false },
);

/** How far a peer has read one of this node's streams (from its `after`): what was delivered. */
export interface ReaderDoc {
  _id: string; // `${peer}:${stream}`
  peer: string;
  stream: Stream;
  after: number;
  at: Date;
}

const readerSchema = new Schema<ReaderDoc>(
  {
    _id: { type: String, required: true },
    peer: { type: String, required: true },
    stream: { type: String, required: true },
    after: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'syndication_readers', versionKey: false },
);

/** Network-wide state travelling down (the shared channel tree, the sensitive-word list): the revision held here. */
export interface SharedStateDoc {
  _id: string; // 'channelTree' | 'sensitiveWords'
  revision: number;
  hash: string;
  updatedAt: Date;
  pendingEvents: PendingEvent[];
}

const sharedStateSchema = new Schema<SharedStateDoc>(
  {
    _id: { type: String, required: true },
    revision: { type: Number, required: true, default: 0 },
    hash: { type: String, default: '' },
    updatedAt: { type: Date, required: true },
    pendingEvents: pendingEventsField(),
  },
  { collection: 'syndication_state', versionKey: false, minimize: false },
);

/** An event refused at receipt (bad signature, malformed, wrong stream): kept for the admin, then skipped. */
export interface RejectionDoc {
  _id: string; // `${peer}:${stream}:${seq}`
  peer: string;
  stream: Stream;
  seq: number;
  kind: string | null;
  reason: string;
  at: Date;
}

const rejectionSchema = new Schema<RejectionDoc>(
  {
    _id: { type: String, required: true },
    peer: { type: String, required: true },
    stream: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, default: null },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'syndication_rejections', versionKey: false },
);

/** A picture or attachment of a received item still to be fetched (a missing one never blocks the item). */
export interface MediaFetchDoc {
  _id: string; // media id
  ref: MediaRef;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  done: boolean;
  createdAt: Date;
}

const mediaFetchSchema = new Schema<MediaFetchDoc>(
  {
    _id: { type: String, required: true },
    ref: { type: Schema.Types.Mixed, required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: null },
    done: { type: Boolean, required: true, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'media_fetches', versionKey: false, minimize: false },
);

/** A notice (通知) issued by the city, kept at every node it reached. */
export interface NoticeDoc {
  _id: string; // global id `<city>:<hex>`
  node: string;
  title: string;
  body: string;
  issuedAt: Date;
  issuedBy: string;
  receivedAt: Date;
  pendingEvents: PendingEvent[];
}

const noticeSchema = new Schema<NoticeDoc>(
  {
    _id: { type: String, required: true },
    node: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    pendingEvents: pendingEventsField(),
  },
  { collection: 'notices', versionKey: false, minimize: false },
);

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T>) ?? (connection.model(name, schema as Schema) as unknown as Model<T>);
}

const outboxKeySchema = new Schema<OutboxKeyDoc>(
  {
    _id: { type: String, required: true },
    stream: { type: String, required: true },
    seq: { type: Number, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    reservedAt: { type: Date, required: true },
  },
  { collection: 'outbox_keys', versionKey: false },
);

/** Every syndication model, registered on the node's connection. */
export function syndicationModels(connection: Connection) {
  return {
    OutboxKey: model(connection, 'OutboxKey', outboxKeySchema),
    InboundItem: model(connection, 'InboundItem', inboundItemSchema),
    Edge: model(connection, 'SyndicationEdge', edgeSchema),
    Reader: model(connection, 'SyndicationReader', readerSchema),
    SharedState: model(connection, 'SyndicationState', sharedStateSchema),
    Rejection: model(connection, 'SyndicationRejection', rejectionSchema),
    MediaFetch: model(connection, 'MediaFetch', mediaFetchSchema),
    Notice: model(connection, 'Notice', noticeSchema),
  };
}
export type SyndicationModels = ReturnType<typeof syndicationModels>;

/** The outbox collection of a stream (raw driver: events are written once and read by `_id`). */
export const outboxCollectionName = (stream: Stream) => `outbox_${stream}`;

/** Collections whose documents may hold pending events (the relay's sources). */
export const EVENT_SOURCES = ['articles', 'inbound_items', 'notices', 'syndication_state', ...NEWSPAPER_EVENT_SOURCES] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Creates the collections (and indexes) so a first start fails loudly if the database refuses. */
export async function ensureSyndicationCollections(models: SyndicationModels): Promise<void> {
  for (const m of Object.values(models) as unknown as Model<unknown>[]) {
    await m.createCollection().catch((e: { codeName?: string }) => {
      if (e.codeName !== 'NamespaceExists') throw e;
    });
    await m.createIndexes();
  }
}
