import { Schema, type Connection, type Model } from 'mongoose';

/** A rule selecting items of the node's catalog (its own and adopted copies): any channel subtree, any tag, or picked. */
export interface TopicRule {
  channels: string[];
  tags: string[];
  /** Hand-picked article ids (global ids as the site uses them), shown whatever their date. */
  picks: string[];
}

/** A section of a topic (a campaign mini-site's own channel): its own rule. */
export interface TopicSection {
  slug: string;
  title: string;
  rule: TopicRule;
}

/** A sub-page of a topic (活动简介, 参赛须知…): plain text stored as sanitised paragraphs. */
export interface TopicPage {
  slug: string;
  title: string;
  body: string;
}

/** 专题: created by the city or a county (collection `topics`, `_id` the slug). */
export interface TopicDoc {
  _id: string;
  title: string;
  description: string;
  /** A picture stored through the media routes (its id), or null. */
  bannerImageId: string | null;
  startsAt: Date;
  endsAt: Date | null;
  rule: TopicRule;
  sections: TopicSection[];
  pages: TopicPage[];
  status: 'active' | 'archived';
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  revision: number;
}

export interface ContestCategory {
  key: string;
  name: string;
}
export interface ContestIdentityField {
  key: string;
  label: string;
  required: boolean;
  /** Values of identifying fields (e.g. phone, ID number) make the person's key for "one entry per person". */
  identifies: boolean;
}
export interface ContestCriterion {
  key: string;
  name: string;
  /** Highest score a judge may give for it. */
  max: number;
}
export interface ContestPrize {
  name: string;
  /** Places per category. */
  count: number;
}
export interface ContestResultRow {
  entryId: string;
  category: string;
  title: string;
  /** The author's name as entered (public on the results; identity fields never are). */
  author: string;
  score: number;
  judges: number;
  rank: number;
  prize: string | null;
}

/** 网络征文: a contest (collection `contests`). */
export interface ContestDoc {
  _id: string;
  title: string;
  rules: string;
  categories: ContestCategory[];
  identityFields: ContestIdentityField[];
  criteria: ContestCriterion[];
  prizes: ContestPrize[];
  /** Account ids of the judges (accounts of this node). */
  judges: string[];
  onePerPersonPerCategory: boolean;
  /** Whether signed-in officers' entries and the public's are both taken (always the public; officers too). */
  startsAt: Date;
  endsAt: Date;
  /** The topic whose page shows the winners' entries. */
  topic: string | null;
  status: 'open' | 'judging' | 'published';
  results: ContestResultRow[];
  publishedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  revision: number;
}

/**
 * An entry (collection `contest_entries`). With "one entry per person per category" its `_id` is derived from the
 * contest, the category and a hash of the person's identifying values, so a second entry is a duplicate key —
 * the database refuses it, with no race between two submissions.
 */
export interface ContestEntryDoc {
  _id: string;
  contest: string;
  category: string;
  title: string;
  body: string;
  author: string;
  /** The identity fields the organiser asked for: private (organiser and judges only). */
  identity: Record<string, string>;
  personKey: string;
  accountId: string | null;
  visitorHash: string;
  submittedAt: Date;
}

/** One judge's scores of one entry (collection `contest_scores`, `_id` `<entry>|<judge>`): one document per judge. */
export interface ContestScoreDoc {
  _id: string;
  contest: string;
  entry: string;
  judge: string;
  scores: Record<string, number>;
  total: number;
  comment: string;
  scoredAt: Date;
}

export const COMMENT_KINDS = ['comment', 'message'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];
export const COMMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/**
 * A reader's comment on an article or message to the node (留言, leadership-mailbox style), collection `comments`.
 * `contact` and `visitorHash` are never shown publicly; the nickname defaults to 网友.
 */
export interface CommentDoc {
  _id: string;
  kind: CommentKind;
  /** The article commented on (global id); null for a message. */
  article: string | null;
  nickname: string;
  contact: string;
  subject: string;
  body: string;
  status: CommentStatus;
  /** Sensitive words found: the comment is held for a moderator, who must confirm them to approve it. */
  sensitiveWords: string[];
  visitorHash: string;
  createdAt: Date;
  moderatedBy: string | null;
  moderatedAt: Date | null;
  reason: string | null;
  /** The node's published reply to a message. */
  reply: string | null;
  repliedBy: string | null;
  repliedAt: Date | null;
  revision: number;
}

/** Page views and unique visitors of one day and one scope (`node`, `channel:<slug>`, `article:<id>`). */
export interface VisitDayDoc {
  _id: string;
  day: string;
  scope: string;
  pv: number;
  uv: number;
}

/** A child subtree's daily node totals as last read from it (used when it cannot be reached). */
export interface VisitRollupDoc {
  _id: string;
  rows: unknown[];
  nodes: unknown[];
  fetchedAt: Date;
}

/** The day's visitor-hash salt: random, kept for the day (so a restart counts the same visitors), then dropped. */
export interface VisitSaltDoc {
  _id: string;
  salt: string;
}

const topicSchema = new Schema<TopicDoc>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    bannerImageId: { type: String, default: null },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, default: null },
    rule: { type: Schema.Types.Mixed, required: true },
    sections: { type: Schema.Types.Mixed, default: [] },
    pages: { type: Schema.Types.Mixed, default: [] },
    status: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    revision: { type: Number, required: true },
  },
  { collection: 'topics', versionKey: false, minimize: false },
);

const contestSchema = new Schema<ContestDoc>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    rules: { type: String, default: '' },
    categories: { type: Schema.Types.Mixed, required: true },
    identityFields: { type: Schema.Types.Mixed, default: [] },
    criteria: { type: Schema.Types.Mixed, required: true },
    prizes: { type: Schema.Types.Mixed, default: [] },
    judges: { type: [String], default: [] },
    onePerPersonPerCategory: { type: Boolean, default: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    topic: { type: String, default: null },
    status: { type: String, required: true },
    results: { type: Schema.Types.Mixed, default: [] },
    publishedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revision: { type: Number, required: true },
  },
  { collection: 'contests', versionKey: false, minimize: false },
);

const entrySchema = new Schema<ContestEntryDoc>(
  {
    _id: { type: String, required: true },
    contest: { type: String, required: true },
    category: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    author: { type: String, required: true },
    identity: { type: Schema.Types.Mixed, default: {} },
    personKey: { type: String, required: true },
    accountId: { type: String, default: null },
    visitorHash: { type: String, required: true },
    submittedAt: { type: Date, required: true },
  },
  { collection: 'contest_entries', versionKey: false, minimize: false },
);

const scoreSchema = new Schema<ContestScoreDoc>(
  {
    _id: { type: String, required: true },
    contest: { type: String, required: true },
    entry: { type: String, required: true },
    judge: { type: String, required: true },
    scores: { type: Schema.Types.Mixed, required: true },
    total: { type: Number, required: true },
    comment: { type: String, default: '' },
    scoredAt: { type: Date, required: true },
  },
  { collection: 'contest_scores', versionKey: false, minimize: false },
);

const commentSchema = new Schema<CommentDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    article: { type: String, default: null },
    nickname: { type: String, required: true },
    contact: { type: String, default: '' },
    subject: { type: String, default: '' },
    body: { type: String, required: true },
    status: { type: String, required: true },
    sensitiveWords: { type: [String], default: [] },
    visitorHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    moderatedBy: { type: String, default: null },
    moderatedAt: { type: Date, default: null },
    reason: { type: String, default: null },
    reply: { type: String, default: null },
    repliedBy: { type: String, default: null },
    repliedAt: { type: Date, default: null },
    revision: { type: Number, required: true },
  },
  { collection: 'comments', versionKey: false },
);

const visitDaySchema = new Schema<VisitDayDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    scope: { type: String, required: true },
    pv: { type: Number, required: true, default: 0 },
    uv: { type: Number, required: true, default: 0 },
  },
  { collection: 'visit_days', versionKey: false },
);

const visitRollupSchema = new Schema<VisitRollupDoc>(
  {
    _id: { type: String, required: true },
    rows: { type: Schema.Types.Mixed, default: [] },
    nodes: { type: Schema.Types.Mixed, default: [] },
    fetchedAt: { type: Date, required: true },
  },
  { collection: 'visit_rollups', versionKey: false },
);

const visitSaltSchema = new Schema<VisitSaltDoc>(
  { _id: { type: String, required: true }, salt: { type: String, required: true } },
  { collection: 'visit_salts', versionKey: false },
);

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T>) ?? connection.model<T>(name, schema);
}

/** The readers' area collections (topics, contests, comments, visit statistics) on a node's own database. */
export function readersModels(connection: Connection) {
  return {
    Topic: model(connection, 'Topic', topicSchema),
    Contest: model(connection, 'Contest', contestSchema),
    ContestEntry: model(connection, 'ContestEntry', entrySchema),
    ContestScore: model(connection, 'ContestScore', scoreSchema),
    Comment: model(connection, 'Comment', commentSchema),
    VisitDay: model(connection, 'VisitDay', visitDaySchema),
    VisitRollup: model(connection, 'VisitRollup', visitRollupSchema),
    VisitSalt: model(connection, 'VisitSalt', visitSaltSchema),
  };
}
export type ReadersModels = ReturnType<typeof readersModels>;
