import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { AdoptionRecord, FeatureRecord, HopRecord, OriginRecord, PendingEvent } from '../syndication/syndicationTypes';

export const ARTICLE_STATUSES = ['draft', 'submitted', 'in_review', 'published', 'returned', 'retracted'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** One audited state change, kept on the article itself (written in the same update as the change). */
export interface TransitionRecord {
  at: Date;
  by: string;
  byName: string;
  from: ArticleStatus | null;
  to: ArticleStatus;
  level: number | null;
  reason: string | null;
}

export interface SensitiveHitRecord {
  word: string;
  field: string;
  index: number;
  context: string;
  cleared: boolean;
  clearedBy: string | null;
}

/** The fields an article's content is made of (what an ArticleInput sets, what a correction carries). */
export type ArticleContentField =
  | 'title'
  | 'subtitle'
  | 'author'
  | 'officer'
  | 'sourceUnit'
  | 'channel'
  | 'tags'
  | 'summary'
  | 'body'
  | 'bodyText'
  | 'coverImageId'
  | 'attachmentIds';

/** A correction of a published item waiting for review (services/src/articles/articleRevision.ts). */
export interface ArticleRevisionRecord {
  /** The whole content as it will be once approved. */
  content: Pick<ArticleDoc, ArticleContentField>;
  /** The live version it corrects: approval refuses if that was replaced meanwhile. */
  baseVersion: number;
  reviewLevel: number;
  /** Account ids that signed a level of this revision. */
  signers: string[];
  sensitiveHits: SensitiveHitRecord[];
  createdBy: string;
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ArticleDoc {
  _id: Types.ObjectId;
  node: string;
  title: string;
  subtitle: string | null;
  author: string | null;
  officer: string | null;
  sourceUnit: string | null;
  channel: string;
  tags: string[];
  summary: string | null;
  /** Sanitised HTML. */
  body: string;
  /** Plain text of the body (for screening, search and snippets). */
  bodyText: string;
  coverImageId: string | null;
  attachmentIds: string[];
  status: ArticleStatus;
  reviewLevel: number | null;
  /** Account ids that signed a level in the current review (三审制: one person signs one level of an item). */
  reviewSigners?: string[];
  reason: string | null;
  /** Account id of whoever created the article. */
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** Content version: 1 until published; each edit of a published article adds one (history in article_versions). */
  version: number;
  /** Write counter for optimistic concurrency: every update matches on it and increments it. */
  revision: number;
  viewCount: number;
  transitions: TransitionRecord[];
  sensitiveHits: SensitiveHitRecord[];
  /**
   * Legacy import: the stable key of the source record. Imported articles get an _id derived from it, so
   * re-running an import cannot duplicate (FerretDB v1 has no partial unique index to lean on).
   */
  importKey: string | null;
  /**
   * Syndication (services/src/syndication). On an adopted copy: the original item's node, officer and id, every
   * adoption on the way here (this node's last), and the id it was received as (the inbound item). Absent or
   * null on the node's own articles.
   */
  origin?: OriginRecord | null;
  hops?: HopRecord[];
  syndicatedFrom?: string | null;
  /**
   * On an adopted copy: the version of the received item whose content the copy holds, and the copy's own version
   * right after that content was written. A copy whose version is past the latter was edited here, and a later
   * origin update waits for the editor's consent.
   */
  inboundVersion?: number | null;
  inboundAppliedVersion?: number | null;
  /** What the nodes above decided on this item (reported back down the tiers), one entry per node. */
  adoptions?: AdoptionRecord[];
  /** The topics (专题) that list this item, here or at the nodes above (reported back down), one entry per node and topic. */
  features?: FeatureRecord[];
  /** Events written in the same update as the change that caused them; the relay moves them to the outbox. */
  pendingEvents?: PendingEvent[];
  /** A correction of the published item, waiting for review; the public keeps reading the fields above. */
  pendingRevision?: ArticleRevisionRecord | null;
}

const transitionSchema = new Schema<TransitionRecord>(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    byName: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    level: { type: Number, default: null },
    reason: { type: String, default: null },
  },
  { _id: false },
);

const sensitiveHitSchema = new Schema<SensitiveHitRecord>(
  {
    word: { type: String, required: true },
    field: { type: String, required: true },
    index: { type: Number, required: true },
    context: { type: String, required: true },
    cleared: { type: Boolean, required: true, default: false },
    clearedBy: { type: String, default: null },
  },
  { _id: false },
);

const articleSchema = new Schema<ArticleDoc>(
  {
    node: { type: String, required: true },
    title: { type: String, required: true },
    subtitle: { type: String, default: null },
    author: { type: String, default: null },
    officer: { type: String, default: null },
    sourceUnit: { type: String, default: null },
    channel: { type: String, required: true },
    tags: { type: [String], default: [] },
    summary: { type: String, default: null },
    body: { type: String, default: '' },
    bodyText: { type: String, default: '' },
    coverImageId: { type: String, default: null },
    attachmentIds: { type: [String], default: [] },
    status: { type: String, required: true, enum: ARTICLE_STATUSES },
    reviewLevel: { type: Number, default: null },
    reviewSigners: { type: [String], default: undefined },
    reason: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    publishedAt: { type: Date, default: null },
    version: { type: Number, required: true, default: 1 },
    revision: { type: Number, required: true, default: 0 },
    viewCount: { type: Number, required: true, default: 0 },
    transitions: { type: [transitionSchema], default: [] },
    sensitiveHits: { type: [sensitiveHitSchema], default: [] },
    importKey: { type: String, default: null },
    origin: { type: Schema.Types.Mixed, default: null },
    hops: { type: [Schema.Types.Mixed], default: [] },
    syndicatedFrom: { type: String, default: null },
    inboundVersion: { type: Number, default: null },
    inboundAppliedVersion: { type: Number, default: null },
    adoptions: { type: [Schema.Types.Mixed], default: [] },
    features: { type: [Schema.Types.Mixed], default: undefined },
    pendingEvents: { type: [Schema.Types.Mixed], default: [] },
    pendingRevision: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'articles', versionKey: false },
);
articleSchema.index({ status: 1, publishedAt: -1 });
articleSchema.index({ createdBy: 1, status: 1 });

/** A snapshot of a published article's content before an edit (one per replaced version). */
export interface ArticleVersionDoc {
  _id: string; // `${articleId}:${version}`: writing the same snapshot twice is harmless
  articleId: string;
  version: number;
  title: string;
  subtitle: string | null;
  summary: string | null;
  body: string;
  tags: string[];
  channel: string;
  editedAt: Date;
  editedBy: string;
}

const articleVersionSchema = new Schema<ArticleVersionDoc>(
  {
    _id: { type: String, required: true },
    articleId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    title: { type: String, required: true },
    subtitle: { type: String, default: null },
    summary: { type: String, default: null },
    body: { type: String, required: true },
    tags: { type: [String], default: [] },
    channel: { type: String, required: true },
    editedAt: { type: Date, required: true },
    editedBy: { type: String, required: true },
  },
  { collection: 'article_versions', versionKey: false },
);

export function articleModel(connection: Connection): Model<ArticleDoc> {
  return (connection.models.Article as Model<ArticleDoc>) ?? connection.model<ArticleDoc>('Article', articleSchema);
}

export function articleVersionModel(connection: Connection): Model<ArticleVersionDoc> {
  return (
    (connection.models.ArticleVersion as Model<ArticleVersionDoc>) ??
    connection.model<ArticleVersionDoc>('ArticleVersion', articleVersionSchema)
  );
}
