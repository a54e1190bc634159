import { z } from 'zod';
import { badInput, forbidden, notFound } from '@djnet/shared';
import { requireActor } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ContestDoc, ContestEntryDoc, ContestScoreDoc } from './readersModels';
import { parseInput, text } from './readersInput';

const scoreSchema = z.object({
  scores: z.record(z.string(), z.number({ error: '须为数字' }).min(0, { error: '不能为负' })),
  comment: text(500).default(''),
});

/** The contest and the signed-in judge, who must be one of its judges (an account of this node). */
export async function contestForJudge(ctx: RequestContext, contestId: string): Promise<ContestDoc> {
  const actor = requireActor(ctx);
  const contest = await ctx.node.models.Contest.findById(contestId).lean<ContestDoc>();
  if (!contest) throw notFound('征文活动不存在');
  if (actor.node !== ctx.node.config.code || !contest.judges.includes(actor.accountId)) throw forbidden('您不是本次征文的评委');
  return contest;
}

/**
 * A judge scores an entry against every criterion (0 … the criterion's maximum). One document per judge and
 * entry (`<entry>|<judge>`): judges scoring the same entry at once never overwrite each other, and scoring again
 * replaces the judge's own scores. Refused once the results are published.
 */
export async function scoreContestEntry(
  ctx: RequestContext,
  entryId: string,
  input: z.input<typeof scoreSchema>,
): Promise<ContestScoreDoc> {
  // Signed in first: the anonymous learn nothing, not even whether the entry exists.
  requireActor(ctx);
  const entry = await ctx.node.models.ContestEntry.findById(entryId, { identity: 0 }).lean<ContestEntryDoc>();
  if (!entry) throw notFound('参赛作品不存在');
  const contest = await contestForJudge(ctx, entry.contest);
  if (contest.status === 'published') throw badInput('评选结果已公布，不能再评分', { field: '_form' });
  const v = parseInput(scoreSchema, input);
  const scores: Record<string, number> = {};
  for (const c of contest.criteria) {
    const s = v.scores[c.key];
    if (s === undefined) throw badInput(`请为「${c.name}」评分`, { field: `scores.${c.key}` });
    if (s > c.max) throw badInput(`「${c.name}」最高 ${c.max} 分`, { field: `scores.${c.key}` });
    scores[c.key] = s;
  }
  const extra = Object.keys(v.scores).find((k) => !(k in scores));
  if (extra) throw badInput(`没有这项评分标准：${extra}`, { field: `scores.${extra}` });
  const judge = ctx.actor!.accountId;
  const doc: ContestScoreDoc = {
    _id: `${entry._id}#${judge}`,
    contest: contest._id,
    entry: entry._id,
    judge,
    scores,
    total: Object.values(scores).reduce((a, b) => a + b, 0),
    comment: v.comment,
    scoredAt: ctx.node.now(),
  };
  await ctx.node.models.ContestScore.replaceOne({ _id: doc._id }, doc, { upsert: true });
  return doc;
}
