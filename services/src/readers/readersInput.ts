import { z } from 'zod';
import { badInput } from '@djnet/shared';

/** Parses input with a zod schema; the first problem becomes BAD_USER_INPUT naming its field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '_form';
  throw badInput(`${fieldLabel(field)}：${issue.message}`, { field });
}

const LABELS: Record<string, string> = {
  body: '内容',
  nickname: '昵称',
  contact: '联系方式',
  subject: '主题',
  title: '标题',
  slug: '代码',
  description: '简介',
  startsAt: '开始时间',
  endsAt: '结束时间',
  category: '类别',
  author: '作者',
  reason: '理由',
  reply: '答复',
};

function fieldLabel(field: string): string {
  return LABELS[field.split('.')[0]!] ?? field;
}

/** Trimmed text of at most `max` characters (Chinese messages). */
export const text = (max: number, min = 0) =>
  z
    .string({ error: '须为文本' })
    .trim()
    .min(min, { error: min <= 1 ? '不能为空' : `至少 ${min} 个字` })
    .max(max, { error: `最多 ${max} 个字` });

/** An ISO 8601 date-time (or a date) → Date. */
export const isoDate = z
  .string({ error: '须为日期' })
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), { error: '日期格式不正确（如 2026-07-01 或 2026-07-01T08:00:00+08:00）' })
  .transform((v) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v));

/** A lower-case code for URLs: letters, digits and dashes. */
export const slug = z
  .string({ error: '须为文本' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { error: '须为 2–40 位小写字母、数字或短横线' });
