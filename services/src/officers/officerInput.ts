import { z } from 'zod';
import { badInput, isValidNodeCode } from '@djnet/shared';
import { OFFICER_KINDS } from './officerModels';

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));

export const officerInputSchema = z
  .object({
    kind: z.enum(OFFICER_KINDS, { error: '类别须为 officer（信息员）或 correspondent（通讯员）' }).optional(),
    name: z.string({ error: '姓名须为文字' }).trim().min(1, '姓名不能为空').max(30, '姓名过长（最多 30 字）').optional(),
    unit: z.string({ error: '单位须为文字' }).trim().min(1, '单位不能为空').max(60, '单位过长（最多 60 字）').optional(),
    phone: optionalText(20, '电话过长').refine((v) => v == null || /^[0-9+\- ]{5,20}$/.test(v), '电话只能含数字、+、- 和空格（5–20 位）'),
    email: optionalText(120, '邮箱过长').refine((v) => v == null || z.email().safeParse(v).success, '邮箱格式错误'),
    accountId: optionalText(64, '账号 ID 过长'),
    joinedAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '入职日期格式应为 YYYY-MM-DD')
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00+08:00`)), '入职日期无效')
      .nullable()
      .optional(),
    transferredFrom: z
      .object({ node: z.string().refine(isValidNodeCode, '节点代码无效'), officerId: z.string().trim().min(1).max(64) })
      .nullable()
      .optional(),
  })
  .strict();
export type OfficerInput = z.infer<typeof officerInputSchema>;

export function parseOfficerInput(input: unknown): OfficerInput {
  const result = officerInputSchema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    throw badInput(issue.code === 'unrecognized_keys' ? `未知字段：${issue.keys.join('、')}` : `${issue.message}`, { field });
  }
  return result.data;
}

/** A day (China time) as the instant it starts. */
export const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
