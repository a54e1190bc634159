import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { badInput, conflict, inserted, notFound } from '@djnet/shared';
import type { Actor } from '../accounts/actor';
import type { NodeContext } from '../node/nodeContext';
import type { ContestDoc, ContestEntryDoc } from './readersModels';
import { parseInput, text } from './readersInput';

const entrySchema = z.object({
  category: z.string().trim().min(1, { error: '请选择类别' }).max(30),
  title: text(60, 2),
  body: text(30_000, 50),
  author: text(30, 1),
  identity: z.record(z.string(), z.string().trim().max(100)).default({}),
});
export type EntryInput = z.input<typeof entrySchema>;

/** Makes what identifies a person comparable: no spaces, full-width digits and letters folded, lower case. */
const normalised = (v: string) => v.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * An entry to an open contest, from the public or a signed-in officer: category, title, text, the author's name
 * and the identity fields the organiser asks for (required ones must be filled). With "one entry per person per
 * category", the entry's `_id` derives from the contest, the category and a hash of the identifying fields (an
 * officer: the account), so a second entry is refused by the database itself (CONFLICT) — however the two
 * submissions interleave. Identity is stored for the organiser and judges, never shown publicly.
 */
export async function submitContestEntry(
  node: NodeContext,
  contestId: string,
  input: EntryInput,
  from: { visitorHash: string; actor?: Actor | null },
): Promise<ContestEntryDoc> {
  const contest = /^[a-z0-9-]{2,40}$/.test(contestId) ? await node.models.Contest.findById(contestId).lean<ContestDoc>() : null;
  if (!contest) throw notFound('征文活动不存在');
  const now = node.now();
  if (contest.status !== 'open' || now < new Date(contest.startsAt) || now > new Date(contest.endsAt))
    throw badInput(now < new Date(contest.startsAt) ? '征文尚未开始' : '征文已截止', { field: '_form' });
  const v = parseInput(entrySchema, input);
  if (!contest.categories.some((c) => c.key === v.category)) throw badInput('请选择有效的类别', { field: 'category' });
  const identity: Record<string, string> = {};
  for (const f of contest.identityFields) {
    const value = v.identity[f.key]?.trim() ?? '';
    if (f.required && !value) throw badInput(`${f.label}：不能为空`, { field: `identity.${f.key}` });
    identity[f.key] = value;
  }
  const identifying = contest.identityFields.filter((f) => f.identifies).map((f) => normalised(identity[f.key] ?? ''));
  const person = from.actor ? `account:${from.actor.node}:${from.actor.accountId}` : `identity:${identifying.join('|')}`;
  const personKey = createHash('sha256').update(`${contest._id}\n${person}`).digest('base64url').slice(0, 24);
  const id = contest.onePerPersonPerCategory
    ? `${contest._id}|${v.category}|${personKey}`
    : `${contest._id}|${randomBytes(9).toString('base64url')}`;
  const doc: ContestEntryDoc = {
    _id: id,
    contest: contest._id,
    category: v.category,
    title: v.title,
    body: v.body,
    author: v.author,
    identity,
    personKey,
    accountId: from.actor?.accountId ?? null,
    visitorHash: from.visitorHash,
    submittedAt: now,
  };
  if (!(await inserted(node.models.ContestEntry.create(doc))))
    throw conflict('本次征文每人每个类别限投一篇，您已投过该类别', { field: 'category' });
  return doc;
}
