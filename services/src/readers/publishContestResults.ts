import { badInput, conflict, notFound } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ContestDoc, ContestEntryDoc, ContestResultRow, ContestScoreDoc } from './readersModels';

/**
 * Ranks a contest's entries per category by their judges' mean total (application code: FerretDB has no $avg),
 * ties broken by the earlier entry; places get the prizes in order (一等奖 ×1, 二等奖 ×2 …). A pure function of the
 * entries and scores. Entries no judge scored are left out.
 */
export function rankEntries(
  contest: ContestDoc,
  entries: readonly ContestEntryDoc[],
  scores: readonly ContestScoreDoc[],
): ContestResultRow[] {
  const byEntry = new Map<string, number[]>();
  for (const s of scores) {
    if (!contest.judges.includes(s.judge)) continue;
    byEntry.set(s.entry, [...(byEntry.get(s.entry) ?? []), s.total]);
  }
  const rows: ContestResultRow[] = [];
  for (const category of contest.categories) {
    const scored = entries
      .filter((e) => e.category === category.key && byEntry.has(e._id))
      .map((e) => {
        const totals = byEntry.get(e._id)!;
        return { e, score: Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100, judges: totals.length };
      })
      .sort((a, b) => b.score - a.score || new Date(a.e.submittedAt).getTime() - new Date(b.e.submittedAt).getTime());
    const prizes = contest.prizes.flatMap((p) => Array.from({ length: p.count }, () => p.name));
    scored.forEach((s, i) =>
      rows.push({
        entryId: s.e._id,
        category: category.key,
        title: s.e.title,
        author: s.e.author,
        score: s.score,
        judges: s.judges,
        rank: i + 1,
        prize: prizes[i] ?? null,
      }),
    );
  }
  return rows;
}

/**
 * Publishes a contest's results (admins and editors of the node): computed from the judges' scores, stored on
 * the contest (compare-and-set on its revision) and shown on the contest's page and, for the prize winners, on
 * its topic's page. Entries are closed from then on. Refused when no entry was scored.
 */
export async function publishContestResults(ctx: RequestContext, contestId: string): Promise<ContestDoc> {
  requireRole(ctx, ['admin', 'editor']);
  const contest = await ctx.node.models.Contest.findById(contestId).lean<ContestDoc>();
  if (!contest) throw notFound('征文活动不存在');
  if (contest.status === 'published') throw conflict('评选结果已公布');
  const [entries, scores] = await Promise.all([
    ctx.node.models.ContestEntry.find({ contest: contest._id }, { identity: 0, body: 0 }).lean<ContestEntryDoc[]>(),
    ctx.node.models.ContestScore.find({ contest: contest._id }).lean<ContestScoreDoc[]>(),
  ]);
  const results = rankEntries(contest, entries, scores);
  if (results.length === 0) throw badInput('尚无评委评分的作品，不能公布结果', { field: '_form' });
  const publishedAt = ctx.node.now();
  const r = await ctx.node.models.Contest.updateOne(
    { _id: contest._id, revision: contest.revision },
    { $set: { status: 'published', results, publishedAt }, $inc: { revision: 1 } },
  );
  if (r.modifiedCount !== 1) throw conflict('征文活动刚被他人修改，请刷新后再试');
  ctx.node.publicContentChanged?.();
  return { ...contest, status: 'published', results, publishedAt, revision: contest.revision + 1 };
}
