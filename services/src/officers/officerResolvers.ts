import { badInput } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { createOfficer } from './createOfficer';
import { markMessageRead } from './markMessageRead';
import { moveOfficer } from './moveOfficer';
import { parsePeriod } from './months';
import { computeFigures, effectiveRules } from './officerFigures';
import type { OfficerDoc, OfficerJobRunDoc, OfficerKind, OfficerMessageDoc, OfficerStatus } from './officerModels';
import { commendation, officerRanking, shortOfficers, type Ranking, type RankingScope } from './officerRankings';
import { officerOfActor, requireOfficerReader, requireOfficerVisible } from './officerStore';
import type { FigureRow, RankedOfficer } from './rankings';
import { runOfficerJob } from './runMonthlyJob';
import { EMPTY_FIGURES } from './scoreOfficerMonth';
import type { ScoringRules } from './scoringRules';
import { sendRemindersNow } from './sendReminders';
import { setOfficerRules } from './setOfficerRules';
import { setOfficerStatus } from './setOfficerStatus';
import { updateOfficer } from './updateOfficer';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const lower = <T extends string>(v: string | null | undefined) => (v ? (v.toLowerCase() as T) : undefined);
const upper = (v: string) => v.toUpperCase();

/** GraphQL's OfficerInput → the command's input (enum case; the transfer source as one object). */
function officerInput(input: Record<string, unknown>): Record<string, unknown> {
  const { transferredFromNode, transferredFromId, kind, ...rest } = input;
  const out: Record<string, unknown> = { ...rest };
  if (kind) out.kind = lower(kind as string);
  if (transferredFromNode || transferredFromId)
    out.transferredFrom = { node: transferredFromNode ?? '', officerId: transferredFromId ?? '' };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function rulesView(rules: ScoringRules, hash: string, localOverride: boolean) {
  return { ...rules, multiLevel: upper(rules.multiLevel), hash, localOverride };
}

const rankRow = (r: RankedOfficer) => ({ ...r, kind: upper(r.kind) });

function rankingView(ranking: Ranking, url: string) {
  const q = `period=${encodeURIComponent(ranking.period.key)}&scope=${ranking.scope}`;
  return {
    period: ranking.period.key,
    scope: upper(ranking.scope),
    officers: ranking.officers.map(rankRow),
    units: ranking.units,
    nodes: ranking.nodes,
    sources: ranking.sources.map((s) => ({ ...s, fetchedAt: iso(s.fetchedAt) })),
    generatedAt: ranking.generatedAt.toISOString(),
    csvUrl: `${url}/officers/rankings.csv?${q}`,
    printUrl: `${url}/officers/circular.html?${q}`,
  };
}

const messageView = (m: OfficerMessageDoc) => ({
  ...m,
  id: m._id,
  createdAt: iso(m.createdAt),
  readAt: iso(m.readAt),
  emailStatus: m.email.status.toUpperCase().replace('-', '_'),
});

const jobRunView = (r: OfficerJobRunDoc) => ({ ...r, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt), done: r.done.length });

export const officerResolvers = {
  Site: {
    officers: async (_: unknown, args: { kind?: string | null; status?: string | null }, ctx: RequestContext) => {
      requireOfficerReader(ctx);
      const filter: Record<string, unknown> = {};
      if (args.kind) filter.kind = lower<OfficerKind>(args.kind);
      if (args.status) filter.status = lower<OfficerStatus>(args.status);
      const docs = await ctx.node.models.Officer.find(filter).lean<OfficerDoc[]>();
      return docs.sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
    },
    officer: async (_: unknown, args: { id: string }, ctx: RequestContext) => requireOfficerVisible(ctx, args.id),
    officerRules: async (_: unknown, __: unknown, ctx: RequestContext) => {
      requireOfficerReader(ctx);
      const { rules, hash, local } = await effectiveRules(ctx.node);
      return rulesView(rules, hash, !!local && Object.keys(local).length > 0);
    },
    officersShort: async (_: unknown, args: { month: string }, ctx: RequestContext) => {
      const rows = await shortOfficers(ctx, args.month);
      const reminded = new Set(
        (await ctx.node.models.OfficerMessage.find({ month: args.month, kind: 'reminder' }, { officerId: 1 }).lean()).map(
          (m) => m.officerId,
        ),
      );
      return rows.map((r) => ({
        officerId: r.officerId,
        name: r.name,
        unit: r.unit,
        submitted: r.figures.submitted,
        quota: r.figures.quota,
        short: r.figures.short,
        reminded: reminded.has(r.officerId),
      }));
    },
    officerRanking: async (_: unknown, args: { period: string; scope?: string; kind?: string | null }, ctx: RequestContext) =>
      rankingView(
        await officerRanking(
          ctx,
          args.period,
          (lower<RankingScope>(args.scope) ?? 'node') as RankingScope,
          lower<OfficerKind>(args.kind) ?? null,
        ),
        ctx.node.site.url,
      ),
    commendation: async (_: unknown, args: { year: number; scope?: string }, ctx: RequestContext) => {
      const result = await commendation(ctx, args.year, (lower<RankingScope>(args.scope) ?? 'node') as RankingScope);
      return { year: args.year, criteria: result.criteria, officers: result.officers.map(rankRow) };
    },
    officerMessages: async (_: unknown, args: { officerId?: string | null; month?: string | null }, ctx: RequestContext) => {
      const own = await officerOfActor(ctx);
      const filter: Record<string, unknown> = {};
      if (own) filter.officerId = own._id;
      else {
        requireOfficerReader(ctx);
        if (args.officerId) filter.officerId = args.officerId;
      }
      if (args.month) filter.month = parsePeriod(args.month).key;
      const docs = await ctx.node.models.OfficerMessage.find(filter).lean<OfficerMessageDoc[]>();
      return docs.sort((a, b) => +new Date(b.createdAt) - +new Date(a.createdAt)).map(messageView);
    },
    officerJobRuns: async (_: unknown, __: unknown, ctx: RequestContext) => {
      requireOfficerReader(ctx);
      const runs = await ctx.node.models.OfficerJobRun.find({}).lean<OfficerJobRunDoc[]>();
      return runs.sort((a, b) => b.month.localeCompare(a.month)).map(jobRunView);
    },
  },
  SiteMutations: {
    createOfficer: (_: unknown, args: { input: Record<string, unknown> }, ctx: RequestContext) =>
      createOfficer(ctx, officerInput(args.input)),
    updateOfficer: (_: unknown, args: { id: string; input: Record<string, unknown> }, ctx: RequestContext) =>
      updateOfficer(ctx, args.id, officerInput(args.input)),
    moveOfficer: (
      _: unknown,
      args: { id: string; unit?: string | null; toNode?: string | null; note?: string | null },
      ctx: RequestContext,
    ) => moveOfficer(ctx, args.id, args),
    setOfficerStatus: (_: unknown, args: { id: string; status: string; note?: string | null }, ctx: RequestContext) =>
      setOfficerStatus(ctx, args.id, args.status.toLowerCase(), args.note),
    setOfficerRules: async (_: unknown, args: { scope?: string; rules: Record<string, unknown> }, ctx: RequestContext) => {
      const input = { ...args.rules };
      if (typeof input.multiLevel === 'string') input.multiLevel = input.multiLevel.toLowerCase();
      await setOfficerRules(ctx, args.scope === 'NETWORK' ? 'network' : 'local', input);
      const { rules, hash, local } = await effectiveRules(ctx.node);
      return rulesView(rules, hash, !!local && Object.keys(local).length > 0);
    },
    runOfficerJob: async (_: unknown, args: { month: string }, ctx: RequestContext) => jobRunView(await runOfficerJob(ctx, args.month)),
    sendOfficerReminders: async (_: unknown, args: { month: string }, ctx: RequestContext) => {
      const r = await sendRemindersNow(ctx, args.month);
      return { month: r.month, short: r.short.length, created: r.created, emailed: r.emailed, emailFailures: r.emailFailures };
    },
    markOfficerMessageRead: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
      messageView(await markMessageRead(ctx, args.id)),
  },
  Officer: {
    id: (o: OfficerDoc) => o._id,
    kind: (o: OfficerDoc) => upper(o.kind),
    status: (o: OfficerDoc) => upper(o.status),
    tier: (o: OfficerDoc) => upper(o.tier),
    joinedAt: (o: OfficerDoc) => iso(o.joinedAt),
    leftAt: (o: OfficerDoc) => iso(o.leftAt),
    transferredFromNode: (o: OfficerDoc) => o.transferredFrom?.node ?? null,
    units: (o: OfficerDoc) => o.units.map((u) => ({ unit: u.unit, from: iso(u.from), to: iso(u.to) })),
    history: (o: OfficerDoc) => o.history.map((h) => ({ ...h, at: iso(h.at), change: upper(h.change), status: upper(h.status) })),
    figures: async (o: OfficerDoc, args: { month: string }, ctx: RequestContext) => {
      const period = parsePeriod(args.month);
      if (period.kind !== 'month') throw badInput('须为月份 YYYY-MM', { field: 'month' });
      const rows: FigureRow[] = await computeFigures(ctx.node, period);
      return rows.find((r) => r.officerId === o._id)?.figures ?? EMPTY_FIGURES;
    },
  },
};
