import { z } from 'zod';
import { badInput, conflict, inserted } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { ContestDoc } from './readersModels';
import { isoDate, parseInput, slug, text } from './readersInput';

const key = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,29}$/, { error: '须为小写字母开头的字母、数字或下划线' });

export const contestSchema = z
  .object({
    slug,
    title: text(60, 2),
    rules: text(20_000).default(''),
    categories: z
      .array(z.object({ key, name: text(30, 1) }))
      .min(1, { error: '至少一个类别' })
      .max(20),
    identityFields: z
      .array(z.object({ key, label: text(20, 1), required: z.boolean().default(true), identifies: z.boolean().default(false) }))
      .max(10)
      .default([]),
    criteria: z
      .array(z.object({ key, name: text(20, 1), max: z.number().int().min(1).max(100) }))
      .min(1, { error: '至少一项评分标准' })
      .max(10),
    prizes: z
      .array(z.object({ name: text(20, 1), count: z.number().int().min(1).max(100) }))
      .max(10)
      .default([]),
    /** Usernames of this node's accounts who judge. */
    judges: z.array(z.string().trim().min(1).max(64)).min(1, { error: '至少一位评委' }).max(30),
    onePerPersonPerCategory: z.boolean().default(true),
    startsAt: isoDate,
    endsAt: isoDate,
    topic: z.string().trim().max(40).nullable().optional(),
  })
  .refine((c) => c.endsAt > c.startsAt, { error: '截止时间须晚于开始时间', path: ['endsAt'] })
  .refine((c) => new Set(c.categories.map((x) => x.key)).size === c.categories.length, { error: '类别代码不能重复', path: ['categories'] })
  .refine((c) => new Set(c.criteria.map((x) => x.key)).size === c.criteria.length, { error: '评分标准代码不能重复', path: ['criteria'] })
  .refine((c) => !c.onePerPersonPerCategory || c.identityFields.some((f) => f.identifies && f.required), {
    error: '限每人每类一篇时，须至少有一项必填的身份识别信息（如手机号）',
    path: ['identityFields'],
  });
export type ContestInput = z.input<typeof contestSchema>;

/**
 * Creates an essay contest (网络征文) on this node (admins and editors; admins above): rules, categories, the
 * identity fields entrants must give (those marked `identifies`, e.g. the phone, make "one entry per person per
 * category"), the judges (accounts of this node) and their criteria, prizes per category, dates, and the topic
 * whose page will show the winners. Open for entries between its dates.
 */
export async function createContest(ctx: RequestContext, input: ContestInput): Promise<ContestDoc> {
  const { actor } = requireRole(ctx, ['admin', 'editor']);
  const v = parseInput(contestSchema, input);
  const judges: string[] = [];
  for (const username of new Set(v.judges)) {
    const account = await ctx.node.models.Account.findOne({ username }, { _id: 1, node: 1, disabled: 1 }).lean();
    if (!account || account.node !== ctx.node.config.code || account.disabled)
      throw badInput(`评委账号不存在或已停用：${username}`, { field: 'judges' });
    judges.push(account._id);
  }
  if (v.topic && !(await ctx.node.models.Topic.exists({ _id: v.topic }))) throw badInput(`专题不存在：${v.topic}`, { field: 'topic' });
  const doc: ContestDoc = {
    _id: v.slug,
    title: v.title,
    rules: v.rules,
    categories: v.categories,
    identityFields: v.identityFields,
    criteria: v.criteria,
    prizes: v.prizes,
    judges,
    onePerPersonPerCategory: v.onePerPersonPerCategory,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    topic: v.topic ?? null,
    status: 'open',
    results: [],
    publishedAt: null,
    createdBy: actor.name,
    createdAt: ctx.node.now(),
    revision: 1,
  };
  if (!(await inserted(ctx.node.models.Contest.create(doc)))) throw conflict(`征文代码已被使用：${v.slug}`, { field: 'slug' });
  return doc;
}
