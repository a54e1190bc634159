import { z } from 'zod';
import { badInput } from '@djnet/shared';
import type { NodeModels } from '../node/nodeModels';
import { ARTICLE_LIMITS, bodyMediaIds, htmlHadUnsafeContent, htmlToText, sanitizeArticleHtml } from './articleContent';
import type { ArticleContentField, ArticleDoc } from './articleModel';

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}过长（最多 ${max} 字）`)
    .transform((v) => (v === '' ? null : v))
    .nullable();

/** The GraphQL ArticleInput, checked field by field (every field optional: create checks the required ones). */
const articleInputSchema = z
  .object({
    title: z.string().trim().min(1, '标题不能为空').max(ARTICLE_LIMITS.title, `标题过长（最多 ${ARTICLE_LIMITS.title} 字）`),
    subtitle: text(ARTICLE_LIMITS.subtitle, '副标题'),
    author: text(ARTICLE_LIMITS.author, '作者'),
    officer: text(ARTICLE_LIMITS.officer, '信息员'),
    sourceUnit: text(ARTICLE_LIMITS.sourceUnit, '来源单位'),
    channel: z.string().trim().min(1, '栏目不能为空'),
    tags: z
      .array(z.string().trim().min(1, '标签不能为空').max(ARTICLE_LIMITS.tag, `标签过长（最多 ${ARTICLE_LIMITS.tag} 字）`))
      .max(ARTICLE_LIMITS.tags, `标签最多 ${ARTICLE_LIMITS.tags} 个`)
      .transform((tags) => [...new Set(tags)]),
    summary: text(ARTICLE_LIMITS.summary, '摘要'),
    body: z.string().max(ARTICLE_LIMITS.body, `正文过长（最多 ${ARTICLE_LIMITS.body} 字符）`),
    coverImageId: z.string().min(1).max(64).nullable(),
    attachmentIds: z.array(z.string().min(1).max(64)).max(50, '附件最多 50 个'),
  })
  .partial()
  .strict();

export type ArticleInput = z.input<typeof articleInputSchema>;

/** The content fields an input sets on an article. */
export type ArticleContentPatch = Partial<Pick<ArticleDoc, ArticleContentField>>;

/**
 * Validates and normalises an ArticleInput: lengths, a known and active channel, existing media, and HTML that
 * is sanitised — but a body carrying scripts or event handlers is refused outright rather than silently changed.
 */
export async function parseArticleInput(
  models: NodeModels,
  input: unknown,
  options: { requireTitleAndChannel: boolean },
): Promise<ArticleContentPatch> {
  const parsed = articleInputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(issue.code === 'unrecognized_keys' ? `未知字段：${issue.keys.join(', ')}` : issue.message, {
      field: issue.path.join('.') || undefined,
    });
  }
  const data = parsed.data;
  // GraphQL nulls for the required fields mean "not given" on update, and are missing on create.
  if (options.requireTitleAndChannel) {
    if (!data.title) throw badInput('标题不能为空', { field: 'title' });
    if (!data.channel) throw badInput('栏目不能为空', { field: 'channel' });
  }
  const patch: ArticleContentPatch = {};
  for (const key of ['title', 'subtitle', 'author', 'officer', 'sourceUnit', 'summary', 'coverImageId'] as const) {
    if (data[key] !== undefined && !(key === 'title' && data[key] === null)) (patch as Record<string, unknown>)[key] = data[key];
  }
  if (data.tags) patch.tags = data.tags;
  if (data.attachmentIds) patch.attachmentIds = data.attachmentIds;
  if (data.channel) {
    const channel = await models.Channel.findById(data.channel).lean();
    if (!channel) throw badInput(`栏目不存在：${data.channel}`, { field: 'channel' });
    if (channel.retired) throw badInput(`栏目“${channel.name}”已停用，不能再发稿`, { field: 'channel' });
    patch.channel = channel._id;
  }
  if (data.body !== undefined) {
    const clean = sanitizeArticleHtml(data.body);
    if (htmlHadUnsafeContent(data.body, clean)) throw badInput('正文含有不允许的脚本、内嵌框架或事件属性', { field: 'body' });
    patch.body = clean;
    patch.bodyText = htmlToText(clean);
  }
  const bodyImages = patch.body ? bodyMediaIds(patch.body) : [];
  const mediaIds = [...new Set([...(patch.coverImageId ? [patch.coverImageId] : []), ...(patch.attachmentIds ?? []), ...bodyImages])];
  if (mediaIds.length) {
    const found = await models.Media.find({ _id: { $in: mediaIds } }, { _id: 1, contentType: 1 }).lean();
    const known = new Map(found.map((m) => [m._id, m.contentType]));
    const missingInBody = bodyImages.filter((id) => !known.has(id));
    if (missingInBody.length) throw badInput(`正文中的图片不存在：${missingInBody.join(', ')}`, { field: 'body' });
    const missing = mediaIds.filter((id) => !known.has(id));
    if (missing.length) throw badInput(`附件或图片不存在：${missing.join(', ')}`, { field: 'attachmentIds' });
    if (patch.coverImageId && !known.get(patch.coverImageId)?.startsWith('image/'))
      throw badInput('封面须为图片', { field: 'coverImageId' });
    if (bodyImages.some((id) => !known.get(id)?.startsWith('image/'))) throw badInput('正文中只能插入图片', { field: 'body' });
  }
  return patch;
}
