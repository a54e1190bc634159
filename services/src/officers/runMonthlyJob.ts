import { badInput } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { parsePeriod } from './months';
import { computeFigures, effectiveRules } from './officerFigures';
import type { OfficerJobRunDoc, OfficerMonthDoc } from './officerModels';
import { requireOfficerAdmin } from './officerStore';

export interface JobOptions {
  trigger?: OfficerJobRunDoc['trigger'];
  /** Test hook: called after each officer's result is stored (a throw here is a crash mid-run). */
  afterOfficer?: (officerId: string, index: number) => void;
}

/**
 * The month's job: every officer's counts and score for the month, stored as one document per officer and month
 * (`<officerId>:<month>`, replaced whole), under a run record (`officer_job_runs`, `_id` the month).
 *
 * Idempotent: the figures are a function of the items and the rules, so running it again stores the same. Survives
 * a restart: the run is `running` until its last officer is stored and lists the officers done; the node resumes
 * a `running` run at start-up (resumeUnfinishedRuns) and stores the rest. A run begun under other rules starts over.
 */
export async function runMonthlyJob(node: NodeContext, month: string, options: JobOptions = {}): Promise<OfficerJobRunDoc> {
  const period = parsePeriod(month);
  if (period.kind !== 'month') throw new Error('runMonthlyJob: a month is required');
  const { OfficerJobRun, OfficerMonth } = node.models;
  const { rules, hash } = await effectiveRules(node);
  const rows = await computeFigures(node, period, rules, { live: true });
  const now = node.now();
  const previous = await OfficerJobRun.findById(month).lean<OfficerJobRunDoc>();
  const resuming = previous?.status === 'running' && previous.rulesHash === hash;
  const runId = `${month}#${(previous?.runs ?? 0) + (resuming ? 0 : 1)}`;
  if (!resuming) {
    await OfficerJobRun.replaceOne(
      { _id: month },
      {
        month,
        status: 'running',
        trigger: options.trigger ?? 'manual',
        startedAt: now,
        finishedAt: null,
        officers: rows.length,
        done: [],
        rulesHash: hash,
        runs: (previous?.runs ?? 0) + 1,
      },
      { upsert: true },
    );
  } else {
    await OfficerJobRun.updateOne({ _id: month }, { $set: { trigger: options.trigger ?? 'manual', officers: rows.length } });
  }
  const done = new Set(resuming ? previous.done : []);
  let index = 0;
  for (const row of rows) {
    if (done.has(row.officerId)) continue;
    const doc: Omit<OfficerMonthDoc, '_id'> = {
      officerId: row.officerId,
      month,
      name: row.name,
      kind: row.kind,
      unit: row.unit,
      node: row.node,
      figures: flatten(row.figures),
      rulesHash: hash,
      computedAt: now,
      runId,
    };
    await OfficerMonth.replaceOne({ _id: `${row.officerId}:${month}` }, doc, { upsert: true });
    await OfficerJobRun.updateOne({ _id: month }, { $addToSet: { done: row.officerId } });
    options.afterOfficer?.(row.officerId, index++);
  }
  // An officer no longer present in the month (e.g. a corrected joining date) keeps no stale result.
  const present = rows.map((r) => `${r.officerId}:${month}`);
  await OfficerMonth.deleteMany({ month, _id: { $nin: present } });
  const finished = await OfficerJobRun.findOneAndUpdate(
    { _id: month },
    { $set: { status: 'done', finishedAt: node.now(), officers: rows.length } },
    { returnDocument: 'after' },
  ).lean<OfficerJobRunDoc>();
  node.log.info({ month, officers: rows.length, resumed: resuming }, '信息员月度统计完成');
  return finished!;
}

/** Figures as stored: counts, the quota flags, the score and each kind of points (`points.<kind>` → `points_<kind>`). */
function flatten(figures: object): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(figures)) {
    if (v && typeof v === 'object') for (const [pk, pv] of Object.entries(v as Record<string, number>)) out[`points_${pk}`] = pv;
    else out[k] = v as number | boolean;
  }
  return out;
}

/** Runs left `running` by a stop or crash: finished now (at start-up). */
export async function resumeUnfinishedRuns(node: NodeContext): Promise<string[]> {
  const runs = await node.models.OfficerJobRun.find({ status: 'running' }).lean<OfficerJobRunDoc[]>();
  for (const run of runs) await runMonthlyJob(node, run.month, { trigger: 'resume' });
  return runs.map((r) => r.month);
}

/** After a rule change: every month with stored results is computed again under the new rules. */
export async function recomputeStoredMonths(node: NodeContext): Promise<string[]> {
  const months = [
    ...new Set((await node.models.OfficerJobRun.find({}, { month: 1 }).lean<{ month: string }[]>()).map((r) => r.month)),
  ].sort();
  for (const month of months) await runMonthlyJob(node, month, { trigger: 'rules' });
  return months;
}

/** An admin runs a month's job now (same work as the schedule; idempotent). */
export async function runOfficerJob(ctx: RequestContext, month: string): Promise<OfficerJobRunDoc> {
  requireOfficerAdmin(ctx);
  const period = parsePeriod(month);
  if (period.kind !== 'month') throw badInput('须为月份 YYYY-MM', { field: 'month' });
  return runMonthlyJob(ctx.node, period.key, { trigger: 'manual' });
}
