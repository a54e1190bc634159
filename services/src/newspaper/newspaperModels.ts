import { Schema, type Connection, type Model } from 'mongoose';
import type { Tier } from '@djnet/shared';
import type { PendingEvent } from '../syndication/syndicationTypes';

/**
 * The newspaper desk (《桂中日报·村党员版》) and what every node holds of it. Collections are read by `_id` or
 * scanned whole (they stay small: a year's calls, manuscripts and issues, one quota table, one report per node).
 */

/** Pending events: an array of mixed documents (as in syndicationModels: a plain Mixed path breaks `$pull`). */
const pendingEventsField = () => ({ type: [Schema.Types.Mixed], default: [] }) as unknown as { type: typeof Schema.Types.Mixed };

export interface NodeRef {
  node: string;
  name: string;
  tier: Tier;
}

/** A call for manuscripts (征稿) published by the desk, kept at every node it reached. */
export interface NewspaperCallDoc {
  _id: string; // `<city>:<hex>`
  node: string;
  theme: string;
  sections: string[];
  /** Last day for submissions (YYYY-MM-DD, China time). */
  deadline: string;
  minWords: number | null;
  maxWords: number | null;
  /** Issue dates the call is for (YYYY-MM-DD). */
  issueDates: string[];
  body: string;
  issuedAt: Date;
  issuedBy: string;
  receivedAt: Date;
  pendingEvents: PendingEvent[];
}

export const MANUSCRIPT_STATUSES = [
  'submitted',
  'screening',
  'forwarded',
  'received',
  'shortlisted',
  'placed',
  'printed',
  'declined',
] as const;
/**
 * submitted (origin: on its way), screening (county: held for an editor), forwarded (county: passed up),
 * received → shortlisted → placed → printed, or declined with a reason (desk, or the county's screening).
 * At the origin and the county the status follows the desk's reports.
 */
export type ManuscriptStatus = (typeof MANUSCRIPT_STATUSES)[number];

/** What a node is for a manuscript: where it was written, a county it passed through, or the desk. */
export type ManuscriptRole = 'origin' | 'relay' | 'desk';

export interface ManuscriptImage {
  id: string;
  url: string;
  alt: string | null;
}

export interface ManuscriptHop {
  node: string;
  name: string;
  tier: Tier;
  at: string;
  by: string;
}

export interface IssuePlacement {
  issueId: string;
  number: number;
  date: string;
  page: number;
  slotId: string;
}

/** A manuscript (稿件): at its origin, at each county it passed through, and at the desk (one collection). */
export interface ManuscriptDoc {
  _id: string; // `<origin>:<hex>`
  role: ManuscriptRole;
  origin: NodeRef;
  title: string;
  author: string;
  /** The officer or correspondent it belongs to (name or officer id), for scoring at the origin. */
  officer: string | null;
  /** The submitting account (origin only; null elsewhere). */
  createdBy: string | null;
  callId: string | null;
  section: string | null;
  /** Sanitised HTML. */
  body: string;
  wordCount: number;
  images: ManuscriptImage[];
  /** An existing article it was made from (global id and public URL). */
  sourceArticleId: string | null;
  sourceUrl: string | null;
  /** SHA-256 of the normalised text: the same text submitted twice has the same hash. */
  textHash: string;
  submittedAt: Date;
  /** Counties that passed it on, in order. */
  hops: ManuscriptHop[];
  status: ManuscriptStatus;
  reason: string | null;
  statusAt: Date;
  statusBy: string | null;
  placement: IssuePlacement | null;
  printedAt: Date | null;
  receivedAt: Date;
  updatedAt: Date;
  revision: number;
  pendingEvents: PendingEvent[];
}

export interface IssueSlot {
  id: string;
  section: string;
  maxWords: number | null;
}

export interface IssuePage {
  number: number;
  name: string;
  slots: IssueSlot[];
}

/** An issue (期次) planned at the desk: pages (版面) with slots; placements live on the manuscripts. */
export interface NewspaperIssueDoc {
  _id: string; // `issue-<number>`
  number: number;
  date: string;
  pages: IssuePage[];
  status: 'planning' | 'printed';
  printedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
  revision: number;
}

export interface QuotaRow {
  node: string;
  name: string;
  tier: Tier;
  parent: string | null;
  quota: number;
}

/** The year's subscription quotas (发行任务), set at the desk and carried to every node (`_id`: the year). */
export interface SubscriptionQuotasDoc {
  _id: string;
  year: number;
  /** Subscriptions are due by this day (YYYY-MM-DD). */
  deadline: string;
  /** Reminders go to nodes below target this many days before the deadline. */
  remindDays: number;
  quotas: QuotaRow[];
  revision: number;
  updatedAt: Date;
  updatedBy: string;
  pendingEvents: PendingEvent[];
}

export interface SubscriptionUnit {
  unit: string;
  count: number;
}

/** A node's subscription report for a year (`_id` `<year>:<node>`): its own, and those of the nodes below. */
export interface SubscriptionReportDoc {
  _id: string;
  year: number;
  node: string;
  name: string;
  tier: Tier;
  parent: string | null;
  units: SubscriptionUnit[];
  total: number;
  reportedAt: Date;
  reportedBy: string;
  /** Report version: each new report of the node adds one; a receiver keeps the highest. */
  revision: number;
  pendingEvents: PendingEvent[];
}

/** A reminder (催订) to a node below target (`_id` `<year>:<node>`: once per node and year), or on its way there. */
export interface SubscriptionReminderDoc {
  _id: string;
  year: number;
  node: string;
  quota: number;
  subscribed: number;
  deadline: string;
  title: string;
  body: string;
  createdAt: Date;
  receivedAt: Date;
  readAt: Date | null;
  pendingEvents: PendingEvent[];
}

/** The node's newspaper settings (`_id` `policy`): whether a county screens manuscripts before passing them up. */
export interface NewspaperPolicyDoc {
  _id: 'policy';
  screenManuscripts: boolean;
  updatedAt: Date;
  updatedBy: string;
}

const nodeRef = { type: Schema.Types.Mixed, required: true };
/** An array of plain sub-documents (their shape is checked by the commands and payload schemas). */
const mixedArray = pendingEventsField;

const callSchema = new Schema<NewspaperCallDoc>(
  {
    _id: { type: String, required: true },
    node: { type: String, required: true },
    theme: { type: String, required: true },
    sections: { type: [String], default: [] },
    deadline: { type: String, required: true },
    minWords: { type: Number, default: null },
    maxWords: { type: Number, default: null },
    issueDates: { type: [String], default: [] },
    body: { type: String, default: '' },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    pendingEvents: pendingEventsField(),
  },
  { collection: 'newspaper_calls', versionKey: false, minimize: false },
);

const manuscriptSchema = new Schema<ManuscriptDoc>(
  {
    _id: { type: String, required: true },
    role: { type: String, required: true, enum: ['origin', 'relay', 'desk'] },
    origin: nodeRef,
    title: { type: String, required: true },
    author: { type: String, required: true },
    officer: { type: String, default: null },
    createdBy: { type: String, default: null },
    callId: { type: String, default: null },
    section: { type: String, default: null },
    body: { type: String, default: '' },
    wordCount: { type: Number, required: true },
    images: mixedArray(),
    sourceArticleId: { type: String, default: null },
    sourceUrl: { type: String, default: null },
    textHash: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    hops: mixedArray(),
    status: { type: String, required: true, enum: MANUSCRIPT_STATUSES },
    reason: { type: String, default: null },
    statusAt: { type: Date, required: true },
    statusBy: { type: String, default: null },
    placement: { type: Schema.Types.Mixed, default: null },
    printedAt: { type: Date, default: null },
    receivedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    revision: { type: Number, required: true, default: 0 },
    pendingEvents: pendingEventsField(),
  },
  { collection: 'newspaper_manuscripts', versionKey: false, minimize: false },
);

const issueSchema = new Schema<NewspaperIssueDoc>(
  {
    _id: { type: String, required: true },
    number: { type: Number, required: true },
    date: { type: String, required: true },
    pages: mixedArray(),
    status: { type: String, required: true, enum: ['planning', 'printed'] },
    printedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    revision: { type: Number, required: true, default: 0 },
  },
  { collection: 'newspaper_issues', versionKey: false, minimize: false },
);

const quotasSchema = new Schema<SubscriptionQuotasDoc>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    deadline: { type: String, required: true },
    remindDays: { type: Number, required: true },
    quotas: mixedArray(),
    revision: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    pendingEvents: pendingEventsField(),
  },
  { collection: 'newspaper_quotas', versionKey: false, minimize: false },
);

const reportSchema = new Schema<SubscriptionReportDoc>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    node: { type: String, required: true },
    name: { type: String, required: true },
    tier: { type: String, required: true },
    parent: { type: String, default: null },
    units: mixedArray(),
    total: { type: Number, required: true },
    reportedAt: { type: Date, required: true },
    reportedBy: { type: String, required: true },
    revision: { type: Number, required: true },
    pendingEvents: pendingEventsField(),
  },
  { collection: 'newspaper_subscriptions', versionKey: false, minimize: false },
);

const reminderSchema = new Schema<SubscriptionReminderDoc>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    node: { type: String, required: true },
    quota: { type: Number, required: true },
    subscribed: { type: Number, required: true },
    deadline: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    createdAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    pendingEvents: pendingEventsField(),
  },
  { collection: 'newspaper_reminders', versionKey: false, minimize: false },
);

const policySchema = new Schema<NewspaperPolicyDoc>(
  {
    _id: { type: String, required: true },
    screenManuscripts: { type: Boolean, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'newspaper_settings', versionKey: false },
);

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T>) ?? (connection.model(name, schema as Schema) as unknown as Model<T>);
}

/** Every newspaper model, registered on the node's connection (spread into nodeModels). */
export function newspaperModels(connection: Connection) {
  return {
    NewspaperCall: model(connection, 'NewspaperCall', callSchema),
    Manuscript: model(connection, 'Manuscript', manuscriptSchema),
    NewspaperIssue: model(connection, 'NewspaperIssue', issueSchema),
    SubscriptionQuotas: model(connection, 'SubscriptionQuotas', quotasSchema),
    SubscriptionReport: model(connection, 'SubscriptionReport', reportSchema),
    SubscriptionReminder: model(connection, 'SubscriptionReminder', reminderSchema),
    NewspaperPolicy: model(connection, 'NewspaperPolicy', policySchema),
  };
}
export type NewspaperModels = ReturnType<typeof newspaperModels>;

/** The collections whose documents carry pending events (the relay's sources; see syndicationModels EVENT_SOURCES). */
export const NEWSPAPER_EVENT_SOURCES = [
  'newspaper_calls',
  'newspaper_manuscripts',
  'newspaper_quotas',
  'newspaper_subscriptions',
  'newspaper_reminders',
] as const;
