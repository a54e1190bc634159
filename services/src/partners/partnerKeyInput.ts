import { z } from 'zod';
import { badInput } from '@djnet/shared';

export const DEFAULT_PARTNER_REQUESTS_PER_MINUTE = 600;
export const MAX_PARTNER_REQUESTS_PER_MINUTE = 100_000;
const MAX_ORIGINS = 20;

/** `https://news.example.cn` (scheme, host, optional port; nothing else) or `*`; returned normalised. */
function normaliseOrigin(value: string): string | null {
  const text = value.trim();
  if (text === '*') return '*';
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) return null;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || text.endsWith('/')) return null;
  return url.origin;
}

const inputSchema = z.object({
  name: z.string({ error: '缺少合作方名称' }).trim().min(1, '合作方名称不能为空').max(60, '合作方名称过长（最多 60 字）'),
  contact: z.string().trim().max(120, '联系方式过长（最多 120 字）').nullish(),
  requestsPerMinute: z
    .number()
    .int('每分钟请求数须为整数')
    .min(1, '每分钟请求数至少为 1')
    .max(MAX_PARTNER_REQUESTS_PER_MINUTE, `每分钟请求数最多为 ${MAX_PARTNER_REQUESTS_PER_MINUTE}`)
    .nullish(),
  allowedOrigins: z.array(z.string()).max(MAX_ORIGINS, `允许的来源最多 ${MAX_ORIGINS} 个`).nullish(),
  allowListOnly: z.boolean().nullish(),
});

export type PartnerKeyInput = z.input<typeof inputSchema>;

export interface ValidPartnerKeyInput {
  name: string;
  contact: string | null;
  requestsPerMinute: number;
  allowedOrigins: string[];
  allowListOnly: boolean;
}

/** Checks a key request; each wrong field is a BAD_USER_INPUT naming the field. */
export function parsePartnerKeyInput(input: unknown): ValidPartnerKeyInput {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(issue.message, { field: String(issue.path[0] ?? 'input') });
  }
  const origins: string[] = [];
  for (const raw of parsed.data.allowedOrigins ?? []) {
    const origin = normaliseOrigin(raw);
    if (!origin) throw badInput(`来源须为 https://域名[:端口] 形式（不含路径）或 *：${raw}`, { field: 'allowedOrigins' });
    if (!origins.includes(origin)) origins.push(origin);
  }
  return {
    name: parsed.data.name,
    contact: parsed.data.contact?.trim() || null,
    requestsPerMinute: parsed.data.requestsPerMinute ?? DEFAULT_PARTNER_REQUESTS_PER_MINUTE,
    allowedOrigins: origins,
    allowListOnly: parsed.data.allowListOnly ?? false,
  };
}
