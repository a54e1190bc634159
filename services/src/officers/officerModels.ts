import { Schema, type Connection, type Model } from 'mongoose';
import type { Tier } from '@djnet/shared';

export const OFFICER_KINDS = ['officer', 'correspondent'] as const;
/** 信息员 (officer: reports items to the network) or 通讯员 (correspondent: writes for the newspaper). */
export type OfficerKind = (typeof OFFICER_KINDS)[number];

export const OFFICER_STATUSES = ['active', 'suspended', 'left', 'moved'] as const;
/** active; suspended (paused, not counted for quota); left (离任); moved (调往其他节点, record kept here). */
export type OfficerStatus = (typeof OFFICER_STATUSES)[number];

/** One entry of an officer's history: what changed, when, by whom; unit/node/status as they were after it. */
export interface OfficerHistoryEntry {
  at: Date;
  by: string;
  change: 'created' | 'updated' | 'moved' | 'status' | 'transferred';
  unit: string;
  node: string;
  status: OfficerStatus;
  note: string | null;
}

/** A period in one unit: `to` null while current. Rankings attribute a month to the unit held at its end. */
export interface UnitPeriod {
  unit: string;
  from: Date;
  to: Date | null;
}

/**
 * An officer or correspondent registered at this node (collection `officers`). Never deleted: leaving or moving
 * sets the status and keeps the record, its history and its monthly results. Items are attributed by the
 * linked accounts (`accountIds`, every account ever linked) or, for items an editor entered on their behalf, by the
 * article's `officer` field naming the officer's id or (unique) name — none of which a move changes.
 */
export interface OfficerDoc {
  _id: string;
  kind: OfficerKind;
  name: string;
  unit: string;
  node: string;
  tier: Tier;
  phone: string | null;
  email: string | null;
  /** The current linked account at this node (null: none). */
  accountId: string | null;
  accountIds: string[];
  status: OfficerStatus;
  joinedAt: Date;
  leftAt: Date | null;
  units: UnitPeriod[];
  /** Moved to another node: its code (the new node keeps its own record, pointing back with transferredFrom). */
  movedTo: string | null;
  transferredFrom: { node: string; officerId: string } | null;
  history: OfficerHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
  revision: number;
}

/** One officer's figures for one month, as the monthly job stored them (`_id`: `<officerId>:<YYYY-MM>`). */
export interface OfficerMonthDoc {
  _id: string;
  officerId: string;
  month: string;
  name: string;
  kind: OfficerKind;
  unit: string;
  node: string;
  figures: Record<string, number | boolean>;
  rulesHash: string;
  computedAt: Date;
  runId: string;
}

/** Scoring rules: `_id` `network` (the city's default; elsewhere the copy read from the city) or `local` (override). */
export interface OfficerRulesDoc {
  _id: 'network' | 'local';
  rules: Record<string, unknown>;
  hash: string;
  updatedAt: Date;
  updatedBy: string | null;
}

/** One run of a month's job (`_id`: `<YYYY-MM>`). `running` after a restart means: resume it. */
export interface OfficerJobRunDoc {
  _id: string;
  month: string;
  status: 'running' | 'done';
  trigger: 'schedule' | 'manual' | 'resume' | 'rules';
  startedAt: Date;
  finishedAt: Date | null;
  officers: number;
  /** Officers whose result is stored in this run (a resumed run skips them). */
  done: string[];
  rulesHash: string;
  runs: number;
}

/** An in-system message to an officer (催报 reminders): `_id` `reminder:<officerId>:<month>`, so once per month. */
export interface OfficerMessageDoc {
  _id: string;
  officerId: string;
  accountId: string | null;
  kind: 'reminder';
  month: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  email: { status: 'disabled' | 'no-address' | 'sent' | 'failed'; at: Date | null; error: string | null };
}

/** A node below's figures as last read from it (`_id`: `<node>:<period>`): the rolled-up network view. */
export interface NetworkFiguresDoc {
  _id: string;
  node: string;
  period: string;
  rows: Record<string, unknown>[];
  fetchedAt: Date;
}

const historySchema = new Schema<OfficerHistoryEntry>(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    change: { type: String, required: true },
    unit: { type: String, required: true },
    node: { type: String, required: true },
    status: { type: String, required: true },
    note: { type: String, default: null },
  },
  { _id: false },
);

const officerSchema = new Schema<OfficerDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: OFFICER_KINDS },
    name: { type: String, required: true },
    unit: { type: String, required: true },
    node: { type: String, required: true },
    tier: { type: String, required: true },
    phone: { type: String, default: null },
    email: { type: String, default: null },
    accountId: { type: String, default: null },
    accountIds: { type: [String], default: [] },
    status: { type: String, required: true, enum: OFFICER_STATUSES },
    joinedAt: { type: Date, required: true },
    leftAt: { type: Date, default: null },
    units: { type: [new Schema<UnitPeriod>({ unit: String, from: Date, to: { type: Date, default: null } }, { _id: false })], default: [] },
    movedTo: { type: String, default: null },
    transferredFrom: { type: Schema.Types.Mixed, default: null },
    history: { type: [historySchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    revision: { type: Number, required: true, default: 0 },
  },
  { collection: 'officers', versionKey: false },
);

const officerMonthSchema = new Schema<OfficerMonthDoc>(
  {
    _id: { type: String, required: true },
    officerId: { type: String, required: true },
    month: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    unit: { type: String, required: true },
    node: { type: String, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    rulesHash: { type: String, required: true },
    computedAt: { type: Date, required: true },
    runId: { type: String, required: true },
  },
  { collection: 'officer_months', versionKey: false },
);
officerMonthSchema.index({ month: 1 });

const rulesSchema = new Schema<OfficerRulesDoc>(
  {
    _id: { type: String, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    hash: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, default: null },
  },
  { collection: 'officer_rules', versionKey: false, minimize: false },
);

const jobRunSchema = new Schema<OfficerJobRunDoc>(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    status: { type: String, required: true },
    trigger: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    officers: { type: Number, required: true },
    done: { type: [String], default: [] },
    rulesHash: { type: String, required: true },
    runs: { type: Number, required: true, default: 1 },
  },
  { collection: 'officer_job_runs', versionKey: false },
);

const messageSchema = new Schema<OfficerMessageDoc>(
  {
    _id: { type: String, required: true },
    officerId: { type: String, required: true },
    accountId: { type: String, default: null },
    kind: { type: String, required: true },
    month: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    email: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'officer_messages', versionKey: false },
);

const networkFiguresSchema = new Schema<NetworkFiguresDoc>(
  {
    _id: { type: String, required: true },
    node: { type: String, required: true },
    period: { type: String, required: true },
    rows: { type: Schema.Types.Mixed, default: [] },
    fetchedAt: { type: Date, required: true },
  },
  { collection: 'officer_network_figures', versionKey: false },
);

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T>) ?? connection.model<T>(name, schema);
}

/** The officer area's collections on a node's own database. */
export function officerModels(connection: Connection) {
  return {
    Officer: model(connection, 'Officer', officerSchema),
    OfficerMonth: model(connection, 'OfficerMonth', officerMonthSchema),
    OfficerRules: model(connection, 'OfficerRules', rulesSchema),
    OfficerJobRun: model(connection, 'OfficerJobRun', jobRunSchema),
    OfficerMessage: model(connection, 'OfficerMessage', messageSchema),
    NetworkFigures: model(connection, 'NetworkFigures', networkFiguresSchema),
  };
}
export type OfficerModels = ReturnType<typeof officerModels>;
