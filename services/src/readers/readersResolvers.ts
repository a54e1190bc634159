import { badInput } from '@djnet/shared';
import { requireActor, requireRole } from '../accounts/permissions';
import { channelIndexOf } from '../channels/channelIndex';
import type { RequestContext } from '../graphql/requestContext';
import { createContest, type ContestInput } from './createContest';
import { createTopic } from './createTopic';
import { moderateComment } from './moderateComment';
import { publishContestResults } from './publishContestResults';
import type {
  CommentDoc,
  CommentKind,
  CommentStatus,
  ContestDoc,
  ContestEntryDoc,
  ContestScoreDoc,
  TopicDoc,
  TopicRule,
} from './readersModels';
import { readersOf } from './readersRuntime';
import { replyToMessage } from './replyToMessage';
import { contestForJudge, scoreContestEntry } from './scoreContestEntry';
import { submitContestEntry } from './submitContestEntry';
import { topicItems } from './topicItems';
import type { TopicInput } from './topicInput';
import { updateTopic } from './updateTopic';
import { collectVisits, dayRange, ownNodeDays, summarise, topScopes, type DayRange } from './visitStats';

type Args = Record<string, unknown>;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const upper = (v: string) => v.toUpperCase();
const lower = <T extends string>(v: unknown) => (typeof v === 'string' ? (v.toLowerCase() as T) : undefined);
const firstOf = (args: Args, max = 200) => {
  const n = args.first === undefined || args.first === null ? 20 : Number(args.first);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(`first 须为 1–${max}`, { field: 'first' });
  return n;
};

function ruleInput(r: unknown): TopicRule {
  const x = (r ?? {}) as Partial<TopicRule>;
  return { channels: x.channels ?? [], tags: x.tags ?? [], picks: x.picks ?? [] };
}

function topicInput(input: Args): TopicInput {
  return {
    ...(input as unknown as TopicInput),
    description: (input.description as string | null) ?? '',
    rule: ruleInput(input.rule),
    sections: ((input.sections as Args[] | null) ?? []).map((s) => ({
      slug: String(s.slug),
      title: String(s.title),
      rule: ruleInput(s.rule),
    })),
    pages: (input.pages as TopicInput['pages'] | null) ?? [],
  };
}

interface TopicView {
  doc: TopicDoc;
  ctx: RequestContext;
}

const itemsOf = async (ctx: RequestContext, topic: TopicDoc, rule: TopicRule, args: Args) =>
  topicItems(ctx.node, await channelIndexOf(ctx.node.models), topic, rule).slice(0, firstOf(args));

const contestView = (c: ContestDoc) => ({
  ...c,
  slug: c._id,
  status: upper(c.status),
  startsAt: iso(c.startsAt),
  endsAt: iso(c.endsAt),
  publishedAt: iso(c.publishedAt),
  results: c.status === 'published' ? c.results : [],
});

const commentView = (c: CommentDoc) => ({
  ...c,
  id: c._id,
  kind: upper(c.kind),
  status: upper(c.status),
  createdAt: iso(c.createdAt),
  moderatedAt: iso(c.moderatedAt),
  repliedAt: iso(c.repliedAt),
});

async function visitStats(ctx: RequestContext, args: Args) {
  requireRole(ctx, ['admin', 'editor']);
  const range: DayRange = dayRange(ctx.node, args.from as string | null, args.to as string | null);
  const scope = args.scope === 'NETWORK' ? 'NETWORK' : 'NODE';
  await readersOf(ctx.node)?.visits.flush();
  const collected =
    scope === 'NETWORK'
      ? await collectVisits(ctx.node, range, readersOf(ctx.node)?.children() ?? [], 60_000)
      : { rows: await ownNodeDays(ctx.node, range), nodes: [], sources: [] };
  const { perNode, subtree } = summarise(collected.rows, collected.nodes);
  return {
    from: range.from,
    to: range.to,
    scope,
    days: collected.rows,
    totals: [...perNode].map(([node, t]) => ({
      node,
      ...t,
      subtreePv: subtree.get(node)?.pv ?? t.pv,
      subtreeUv: subtree.get(node)?.uv ?? t.uv,
    })),
    channels: (a: Args) => topScopes(ctx.node, range, 'channel', firstOf(a)),
    articles: (a: Args) => topScopes(ctx.node, range, 'article', firstOf(a)),
    sources: collected.sources.map((s) => ({ ...s, fetchedAt: iso(s.fetchedAt) })),
  };
}

/** Resolvers of the readers' area: `Site.readers` and `SiteMutations.readers` open a namespace object. */
export const readersResolvers = {
  Site: { readers: () => ({}) },
  SiteMutations: { readers: () => ({}) },
  Readers: {
    topics: async (_: unknown, __: Args, ctx: RequestContext): Promise<TopicView[]> => {
      const docs = await ctx.node.models.Topic.find({ status: 'active' }).lean<TopicDoc[]>();
      return docs.sort((a, b) => new Date(b.startsAt).getTime() - new Date(a.startsAt).getTime()).map((doc) => ({ doc, ctx }));
    },
    topic: async (_: unknown, args: Args, ctx: RequestContext): Promise<TopicView | null> => {
      const doc = await ctx.node.models.Topic.findById(String(args.slug)).lean<TopicDoc>();
      return doc ? { doc, ctx } : null;
    },
    contests: async (_: unknown, __: Args, ctx: RequestContext) =>
      (await ctx.node.models.Contest.find({}).lean<ContestDoc[]>()).sort((a, b) => a._id.localeCompare(b._id)).map(contestView),
    contest: async (_: unknown, args: Args, ctx: RequestContext) => {
      const c = await ctx.node.models.Contest.findById(String(args.slug)).lean<ContestDoc>();
      return c ? contestView(c) : null;
    },
    contestEntries: async (_: unknown, args: Args, ctx: RequestContext) => {
      const slug = String(args.contest);
      try {
        await contestForJudge(ctx, slug);
      } catch (e) {
        // Not a judge: the node's editors and admins may read them.
        requireRole(ctx, ['admin', 'editor']);
        void e;
      }
      const [entries, scores] = await Promise.all([
        ctx.node.models.ContestEntry.find({ contest: slug }).lean<ContestEntryDoc[]>(),
        ctx.node.models.ContestScore.find({ contest: slug }, { entry: 1 }).lean<ContestScoreDoc[]>(),
      ]);
      return entries
        .sort((a, b) => new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime())
        .map((e) => ({
          ...e,
          id: e._id,
          identity: JSON.stringify(e.identity),
          submittedAt: iso(e.submittedAt),
          scoredBy: scores.filter((s) => s.entry === e._id).length,
        }));
    },
    comments: (_: unknown, args: Args, ctx: RequestContext) => readersOf(ctx.node)?.comments.forArticle(String(args.article)) ?? [],
    messages: (_: unknown, __: Args, ctx: RequestContext) => readersOf(ctx.node)?.comments.publicMessages() ?? [],
    commentQueue: async (_: unknown, args: Args, ctx: RequestContext) => {
      requireRole(ctx, ['admin', 'editor']);
      const status = lower<CommentStatus>(args.status) ?? 'pending';
      const kind = lower<CommentKind>(args.kind);
      const docs = await ctx.node.models.Comment.find({ status, ...(kind ? { kind } : {}) }, { visitorHash: 0 }).lean<CommentDoc[]>();
      return docs.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime()).map(commentView);
    },
    visitStats: (_: unknown, args: Args, ctx: RequestContext) => visitStats(ctx, args),
  },
  Topic: {
    slug: (t: TopicView) => t.doc._id,
    title: (t: TopicView) => t.doc.title,
    description: (t: TopicView) => t.doc.description,
    bannerImageId: (t: TopicView) => t.doc.bannerImageId,
    startsAt: (t: TopicView) => iso(t.doc.startsAt),
    endsAt: (t: TopicView) => iso(t.doc.endsAt),
    status: (t: TopicView) => upper(t.doc.status),
    rule: (t: TopicView) => t.doc.rule,
    pages: (t: TopicView) => t.doc.pages,
    sections: (t: TopicView) => t.doc.sections.map((s) => ({ ...s, topic: t })),
    items: (t: TopicView, args: Args) => itemsOf(t.ctx, t.doc, t.doc.rule, args),
    contests: async (t: TopicView) => (await t.ctx.node.models.Contest.find({ topic: t.doc._id }).lean<ContestDoc[]>()).map(contestView),
  },
  TopicSection: {
    items: (s: { rule: TopicRule; topic: TopicView }, args: Args) => itemsOf(s.topic.ctx, s.topic.doc, s.rule, args),
  },
  ReadersMutations: {
    createTopic: async (_: unknown, args: Args, ctx: RequestContext): Promise<TopicView> => ({
      doc: await createTopic(ctx, topicInput(args.input as Args)),
      ctx,
    }),
    updateTopic: async (_: unknown, args: Args, ctx: RequestContext): Promise<TopicView> => ({
      doc: await updateTopic(
        ctx,
        String(args.slug),
        args.input ? topicInput(args.input as Args) : null,
        lower<TopicDoc['status']>(args.status),
      ),
      ctx,
    }),
    createContest: async (_: unknown, args: Args, ctx: RequestContext) => {
      const input = args.input as Args;
      return contestView(
        await createContest(ctx, {
          ...(input as unknown as ContestInput),
          rules: (input.rules as string | null) ?? '',
          identityFields: (input.identityFields as ContestInput['identityFields'] | null) ?? [],
          prizes: (input.prizes as ContestInput['prizes'] | null) ?? [],
          onePerPersonPerCategory: (input.onePerPersonPerCategory as boolean | null) ?? true,
        }),
      );
    },
    submitContestEntry: async (_: unknown, args: Args, ctx: RequestContext) => {
      const actor = requireActor(ctx);
      const input = args.input as {
        category: string;
        title: string;
        body: string;
        author: string;
        identity?: { key: string; value: string }[] | null;
      };
      const entry = await submitContestEntry(
        ctx.node,
        String(args.contest),
        { ...input, identity: Object.fromEntries((input.identity ?? []).map((i) => [i.key, i.value])) },
        { visitorHash: `account:${actor.node}:${actor.accountId}`, actor },
      );
      return { id: entry._id, contest: entry.contest, category: entry.category, title: entry.title, submittedAt: iso(entry.submittedAt) };
    },
    scoreContestEntry: async (_: unknown, args: Args, ctx: RequestContext) => {
      const scores: Record<string, number> = {};
      for (const s of args.scores as { criterion: string; score: number }[]) scores[s.criterion] = s.score;
      const doc = await scoreContestEntry(ctx, String(args.entry), { scores, comment: (args.comment as string | null) ?? '' });
      return { ...doc, scores: JSON.stringify(doc.scores), scoredAt: iso(doc.scoredAt) };
    },
    publishContestResults: async (_: unknown, args: Args, ctx: RequestContext) =>
      contestView(await publishContestResults(ctx, String(args.contest))),
    moderateComment: async (_: unknown, args: Args, ctx: RequestContext) =>
      commentView(
        await moderateComment(ctx, String(args.id), {
          decision: args.decision === 'APPROVE' ? 'approve' : 'reject',
          reason: (args.reason as string | null) ?? undefined,
          confirmSensitive: (args.confirmSensitive as boolean | null) ?? undefined,
        }),
      ),
    replyToMessage: async (_: unknown, args: Args, ctx: RequestContext) =>
      commentView(
        await replyToMessage(ctx, String(args.id), {
          reply: String(args.reply),
          confirmSensitive: (args.confirmSensitive as boolean | null) ?? undefined,
        }),
      ),
  },
};
