import type { RequestContext } from '../graphql/requestContext';
import { requireActor } from '../accounts/permissions';
import { declineManuscript } from './declineManuscript';
import { deskQueue, duplicatesOf, type DuplicateFlag } from './deskQueue';
import { distributionRollup } from './distributionRollup';
import { issueContents } from './exportIssue';
import { forwardManuscript } from './forwardManuscript';
import { loadManuscript } from './manuscriptStore';
import { chinaDay, requireDesk, requireNodeEditor, requireWriter } from './newspaperAccess';
import type {
  ManuscriptDoc,
  ManuscriptStatus,
  NewspaperCallDoc,
  NewspaperIssueDoc,
  SubscriptionQuotasDoc,
  SubscriptionReminderDoc,
  SubscriptionReportDoc,
} from './newspaperModels';
import { placeManuscript, unplaceManuscript } from './placeManuscript';
import { loadIssue, placedIn, planIssue, type IssueInput } from './planIssue';
import { printIssue } from './printIssue';
import { publishCall, type CallInput } from './publishCall';
import { reportId, reportSubscriptions } from './reportSubscriptions';
import { sendSubscriptionReminders } from './sendSubscriptionReminders';
import { newspaperPolicy, setNewspaperPolicy } from './setNewspaperPolicy';
import { checkYear, setSubscriptionQuotas, type QuotasInput } from './setSubscriptionQuotas';
import { shortlistManuscript } from './shortlistManuscript';
import { submitManuscript, type ManuscriptInput } from './submitManuscript';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const upper = (v: string) => v.toUpperCase();

export function callView(c: NewspaperCallDoc, now: Date) {
  return { ...c, id: c._id, issuedAt: iso(c.issuedAt), open: c.deadline >= chinaDay(now) };
}

export function manuscriptView(m: ManuscriptDoc, duplicates?: DuplicateFlag[]) {
  return {
    ...m,
    id: m._id,
    role: upper(m.role),
    originNode: m.origin.node,
    originName: m.origin.name,
    originTier: upper(m.origin.tier),
    hops: m.hops.map((h) => ({ ...h, tier: upper(h.tier) })),
    status: upper(m.status),
    statusAt: iso(m.statusAt),
    submittedAt: iso(m.submittedAt),
    receivedAt: iso(m.receivedAt),
    printedAt: iso(m.printedAt),
    duplicates: duplicates?.map((d) => ({ ...d, kind: upper(d.kind), status: upper(d.status) })),
  };
}

function issueView(ctx: RequestContext, issue: NewspaperIssueDoc, placed: ManuscriptDoc[]) {
  const bySlot = new Map(placed.map((m) => [m.placement!.slotId, m]));
  const base = `${ctx.node.site.url}/newspaper/issues/${encodeURIComponent(issue._id)}`;
  return {
    ...issue,
    id: issue._id,
    status: upper(issue.status),
    printedAt: iso(issue.printedAt),
    pages: issue.pages.map((p) => ({
      ...p,
      slots: p.slots.map((s) => {
        const m = bySlot.get(s.id);
        return { ...s, manuscript: m ? manuscriptView(m, []) : null };
      }),
    })),
    contents: issueContents(issue, placed),
    exportUrl: `${base}/export.docx`,
    contentsUrl: `${base}/contents.csv`,
  };
}

const quotasView = (q: SubscriptionQuotasDoc) => ({
  ...q,
  quotas: q.quotas.map((r) => ({ ...r, tier: upper(r.tier) })),
  updatedAt: iso(q.updatedAt),
});
const reportView = (r: SubscriptionReportDoc) => ({ ...r, reportedAt: iso(r.reportedAt) });
const reminderView = (r: SubscriptionReminderDoc) => ({ ...r, id: r._id, createdAt: iso(r.createdAt) });
const lowerStatus = (s: string | null | undefined) => (s ? (s.toLowerCase() as ManuscriptStatus) : null);

/** Who may read a manuscript here: its author (the submitting account at its origin) or the node's editors. */
async function visibleManuscript(ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const doc = await loadManuscript(ctx.node, id);
  if (!(doc.createdBy && doc.createdBy === actor.accountId && actor.node === ctx.node.config.code)) requireNodeEditor(ctx);
  const all = doc.role === 'desk' ? await ctx.node.models.Manuscript.find({ role: 'desk' }).lean<ManuscriptDoc[]>() : [];
  return manuscriptView(doc, doc.role === 'desk' ? duplicatesOf(doc, all) : []);
}

const newspaperQueries = {
  calls: async (_: unknown, args: { openOnly?: boolean | null }, ctx: RequestContext) => {
    requireWriter(ctx);
    const now = ctx.node.now();
    const docs = await ctx.node.models.NewspaperCall.find({}).lean<NewspaperCallDoc[]>();
    return docs
      .map((c) => callView(c, now))
      .filter((c) => !args.openOnly || c.open)
      .sort((a, b) => (b.issuedAt ?? '').localeCompare(a.issuedAt ?? ''));
  },
  call: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
    requireWriter(ctx);
    const c = await ctx.node.models.NewspaperCall.findById(String(args.id).slice(0, 100)).lean<NewspaperCallDoc>();
    return c ? callView(c, ctx.node.now()) : null;
  },
  myManuscripts: async (_: unknown, __: unknown, ctx: RequestContext) => {
    const actor = requireWriter(ctx);
    if (actor.node !== ctx.node.config.code) return [];
    const docs = await ctx.node.models.Manuscript.find({ createdBy: actor.accountId }).lean<ManuscriptDoc[]>();
    return docs
      .filter((d) => d.origin.node === ctx.node.config.code)
      .sort((a, b) => new Date(b.submittedAt).getTime() - new Date(a.submittedAt).getTime())
      .map((d) => manuscriptView(d, []));
  },
  manuscripts: async (_: unknown, args: { status?: string | null }, ctx: RequestContext) => {
    requireNodeEditor(ctx);
    const status = lowerStatus(args.status);
    if (ctx.node.config.tier === 'city') return (await deskQueue(ctx.node, status)).map((e) => manuscriptView(e.manuscript, e.duplicates));
    const docs = await ctx.node.models.Manuscript.find({}).lean<ManuscriptDoc[]>();
    return docs
      .filter((d) => !status || d.status === status)
      .sort((a, b) => new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime())
      .map((d) => manuscriptView(d, []));
  },
  manuscript: async (_: unknown, args: { id: string }, ctx: RequestContext) => visibleManuscript(ctx, args.id),
  policy: async (_: unknown, __: unknown, ctx: RequestContext) => {
    requireNodeEditor(ctx);
    const p = await newspaperPolicy(ctx.node);
    return { ...p, updatedAt: iso(p.updatedAt) };
  },
  issues: async (_: unknown, __: unknown, ctx: RequestContext) => {
    requireDesk(ctx);
    const issues = await ctx.node.models.NewspaperIssue.find({}).lean<NewspaperIssueDoc[]>();
    const placed = await ctx.node.models.Manuscript.find({ role: 'desk', status: { $in: ['placed', 'printed'] } }).lean<ManuscriptDoc[]>();
    return issues
      .sort((a, b) => b.number - a.number)
      .map((i) =>
        issueView(
          ctx,
          i,
          placed.filter((m) => m.placement?.issueId === i._id),
        ),
      );
  },
  issue: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
    requireDesk(ctx);
    const issue = await loadIssue(ctx.node, args.id);
    return issueView(ctx, issue, await placedIn(ctx.node, issue._id));
  },
  quotas: async (_: unknown, args: { year: number }, ctx: RequestContext) => {
    requireNodeEditor(ctx);
    const q = await ctx.node.models.SubscriptionQuotas.findById(String(checkYear(args.year))).lean<SubscriptionQuotasDoc>();
    return q ? quotasView(q) : null;
  },
  subscriptionReport: async (_: unknown, args: { year: number }, ctx: RequestContext) => {
    requireNodeEditor(ctx);
    const r = await ctx.node.models.SubscriptionReport.findById(
      reportId(checkYear(args.year), ctx.node.config.code),
    ).lean<SubscriptionReportDoc>();
    return r ? reportView(r) : null;
  },
  distribution: async (_: unknown, args: { year: number }, ctx: RequestContext) => {
    requireNodeEditor(ctx);
    const r = await distributionRollup(ctx.node, checkYear(args.year));
    const row = <T extends { tier: string; reportedAt: Date | null }>(x: T) => ({
      ...x,
      tier: upper(x.tier),
      reportedAt: iso(x.reportedAt),
    });
    return {
      ...r,
      counties: r.counties.map(row),
      townships: r.townships.map(row),
      csvUrl: `${ctx.node.site.url}/newspaper/distribution.csv?year=${r.year}`,
    };
  },
  reminders: async (_: unknown, __: unknown, ctx: RequestContext) => {
    requireNodeEditor(ctx);
    const docs = await ctx.node.models.SubscriptionReminder.find({ node: ctx.node.config.code }).lean<SubscriptionReminderDoc[]>();
    return docs.sort((a, b) => b.year - a.year).map(reminderView);
  },
};

const newspaperMutations = {
  publishCall: async (_: unknown, args: { input: CallInput }, ctx: RequestContext) =>
    callView(await publishCall(ctx, args.input), ctx.node.now()),
  setPolicy: async (_: unknown, args: { screenManuscripts: boolean }, ctx: RequestContext) => {
    const p = await setNewspaperPolicy(ctx, args);
    return { ...p, updatedAt: iso(p.updatedAt) };
  },
  submitManuscript: async (_: unknown, args: { input: ManuscriptInput }, ctx: RequestContext) =>
    manuscriptView(await submitManuscript(ctx, args.input), []),
  forwardManuscript: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
    manuscriptView(await forwardManuscript(ctx, args.id), []),
  declineManuscript: async (_: unknown, args: { id: string; reason: string }, ctx: RequestContext) =>
    manuscriptView(await declineManuscript(ctx, args.id, args.reason), []),
  shortlistManuscript: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
    manuscriptView(await shortlistManuscript(ctx, args.id), []),
  planIssue: async (_: unknown, args: { input: IssueInput }, ctx: RequestContext) => {
    const issue = await planIssue(ctx, args.input);
    return issueView(ctx, issue, await placedIn(ctx.node, issue._id));
  },
  placeManuscript: async (_: unknown, args: { id: string; issueId: string; slotId: string }, ctx: RequestContext) =>
    manuscriptView(await placeManuscript(ctx, args.id, args.issueId, args.slotId), []),
  unplaceManuscript: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
    manuscriptView(await unplaceManuscript(ctx, args.id), []),
  printIssue: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
    const issue = await printIssue(ctx, args.id);
    return issueView(ctx, issue, await placedIn(ctx.node, issue._id));
  },
  setSubscriptionQuotas: async (_: unknown, args: { input: QuotasInput }, ctx: RequestContext) =>
    quotasView(await setSubscriptionQuotas(ctx, args.input)),
  reportSubscriptions: async (_: unknown, args: { year: number; units: { unit: string; count: number }[] }, ctx: RequestContext) =>
    reportView(await reportSubscriptions(ctx, args)),
  sendSubscriptionReminders: async (_: unknown, args: { year: number }, ctx: RequestContext) => sendSubscriptionReminders(ctx, args.year),
};

/** Resolvers of the newspaper area: `Site.newspaper` and `SiteMutations.newspaper` open a namespace object. */
export const newspaperResolvers = {
  Site: { newspaper: () => ({}) },
  SiteMutations: { newspaper: () => ({}) },
  Newspaper: newspaperQueries,
  NewspaperMutations: newspaperMutations,
  Manuscript: {
    duplicates: (m: { duplicates?: unknown[] }) => m.duplicates ?? [],
  },
};
