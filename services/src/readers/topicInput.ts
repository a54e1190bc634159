import { z } from 'zod';
import { badInput, forbidden } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import { textToParagraphs } from '../console/consoleForms';
import type { TopicDoc } from './readersModels';
import { isoDate, parseInput, slug, text } from './readersInput';

const list = (max: number, item: z.ZodType<string>) =>
  z
    .array(item)
    .max(max, { error: `最多 ${max} 项` })
    .default([]);
const ruleSchema = z
  .object({
    channels: list(50, z.string().trim().min(1).max(64)),
    tags: list(20, z.string().trim().min(1).max(20)),
    picks: list(
      200,
      z
        .string()
        .trim()
        .regex(/^[0-9a-f]{24}$/, { error: '须为文章编号' }),
    ),
  })
  .default({ channels: [], tags: [], picks: [] });

export const topicSchema = z
  .object({
    slug,
    title: text(60, 2),
    description: text(2000).default(''),
    bannerImageId: z.string().trim().max(80).nullable().optional(),
    startsAt: isoDate,
    endsAt: isoDate.nullable().optional(),
    rule: ruleSchema,
    sections: z
      .array(z.object({ slug, title: text(30, 2), rule: ruleSchema }))
      .max(20, { error: '最多 20 个栏目' })
      .default([]),
    pages: z
      .array(z.object({ slug, title: text(30, 2), body: text(20_000, 2) }))
      .max(20, { error: '最多 20 个子页面' })
      .default([]),
  })
  .refine((t) => !t.endsAt || t.endsAt > t.startsAt, { error: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine((t) => new Set(t.sections.map((s) => s.slug)).size === t.sections.length, { error: '栏目代码不能重复', path: ['sections'] })
  .refine((t) => new Set(t.pages.map((s) => s.slug)).size === t.pages.length, { error: '子页面代码不能重复', path: ['pages'] });
export type TopicInput = z.input<typeof topicSchema>;

/** Topics are created by the city and the counties (admins and editors; admins above). */
export function requireTopicEditor(ctx: RequestContext) {
  const who = requireRole(ctx, ['admin', 'editor']);
  if (ctx.node.config.tier === 'township') throw forbidden('专题由市级或县级站点创建');
  return who;
}

/** The validated fields of a topic (pages' plain text as escaped paragraphs; the banner must be a stored picture). */
export async function topicFields(ctx: RequestContext, input: TopicInput) {
  const v = parseInput(topicSchema, input);
  if (v.bannerImageId) {
    const media = await ctx.node.models.Media.findById(v.bannerImageId, { contentType: 1 }).lean();
    if (!media || !String(media.contentType).startsWith('image/')) throw badInput('横幅图片不存在', { field: 'bannerImageId' });
  }
  const fields: Omit<TopicDoc, '_id' | 'status' | 'createdBy' | 'createdAt' | 'updatedAt' | 'revision'> = {
    title: v.title,
    description: v.description,
    bannerImageId: v.bannerImageId ?? null,
    startsAt: v.startsAt,
    endsAt: v.endsAt ?? null,
    rule: v.rule,
    sections: v.sections,
    pages: v.pages.map((p) => ({ slug: p.slug, title: p.title, body: textToParagraphs(p.body) })),
  };
  return { slug: v.slug, fields };
}
