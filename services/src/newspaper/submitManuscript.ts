import { Types } from 'mongoose';
import { badInput, notFound } from '@djnet/shared';
import { globalArticleId, localArticleId } from '../articles/articleIds';
import { htmlHadUnsafeContent, sanitizeArticleHtml } from '../articles/articleContent';
import type { ArticleDoc } from '../articles/articleModel';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { syndicationOf } from '../syndication/syndicationRuntime';
import type { PendingEvent } from '../syndication/syndicationTypes';
import { requireText, requireWriter, thisNode } from './newspaperAccess';
import type { ManuscriptDoc, ManuscriptImage } from './newspaperModels';
import type { ManuscriptPayload } from './newspaperPayloads';
import { countWords, manuscriptPlainText, textFingerprint } from './manuscriptText';

export interface ManuscriptInput {
  title?: string | null;
  body?: string | null;
  author?: string | null;
  callId?: string | null;
  section?: string | null;
  /** Make the manuscript from an existing article of this node (its global id): title, body, author, pictures. */
  articleId?: string | null;
}

export const MANUSCRIPT_LIMITS = { title: 200, author: 100, body: 200_000 } as const;

/** The payload a manuscript travels up with (the node's document as it is). */
export function manuscriptPayload(doc: ManuscriptDoc): ManuscriptPayload {
  return {
    id: doc._id,
    origin: doc.origin,
    title: doc.title,
    author: doc.author,
    officer: doc.officer,
    callId: doc.callId,
    section: doc.section,
    body: doc.body,
    wordCount: doc.wordCount,
    images: doc.images,
    sourceArticleId: doc.sourceArticleId,
    sourceUrl: doc.sourceUrl,
    textHash: doc.textHash,
    submittedAt: doc.submittedAt.toISOString(),
    hops: doc.hops,
  };
}

/** The up event carrying a manuscript to the parent (the county passes it on, or screens it first). */
export function manuscriptEvent(node: NodeContext, doc: ManuscriptDoc): PendingEvent {
  return {
    stream: 'up',
    kind: 'manuscript',
    key: `manuscript:${doc._id}`,
    itemId: doc._id,
    version: 1,
    to: null,
    createdAt: node.now().toISOString(),
    payload: manuscriptPayload(doc),
  };
}

async function fromArticle(ctx: RequestContext, id: string): Promise<ArticleDoc> {
  const { node } = ctx;
  const article = await node.models.Article.findById(localArticleId(id, node.config.code)).lean<ArticleDoc>();
  if (!article) throw notFound(`文章不存在：${id}`);
  const actor = ctx.actor!;
  const own = article.createdBy === actor.accountId;
  const staff = actor.node === node.config.code ? ['admin', 'editor'].includes(actor.role) : actor.role === 'admin';
  if (article.status !== 'published' && !own && !staff) throw notFound(`文章不存在：${id}`);
  return article;
}

/**
 * An officer or correspondent (or an editor for them) submits a manuscript (投稿) to the newspaper desk: written
 * new, or made from an existing article of this node (keeping the link and its pictures). The manuscript is kept
 * here with its up event in the same document; it travels to the county, which passes it on to the desk (or
 * screens it first, by its policy). At the city it goes straight into the desk's queue.
 */
export async function submitManuscript(ctx: RequestContext, input: ManuscriptInput): Promise<ManuscriptDoc> {
  const actor = requireWriter(ctx);
  const { node } = ctx;
  const article = input.articleId ? await fromArticle(ctx, input.articleId) : null;
  const title = requireText(input.title ?? article?.title, 'title', '稿件标题', MANUSCRIPT_LIMITS.title);
  const rawBody = input.body ?? article?.body ?? '';
  if (rawBody.length > MANUSCRIPT_LIMITS.body) throw badInput(`正文过长（最多 ${MANUSCRIPT_LIMITS.body} 字符）`, { field: 'body' });
  const body = sanitizeArticleHtml(/<[a-z][^>]*>/i.test(rawBody) ? rawBody : plainToHtml(rawBody));
  if (htmlHadUnsafeContent(rawBody, body) && /<[a-z][^>]*>/i.test(rawBody))
    throw badInput('正文含有不允许的脚本、内嵌框架或事件属性', { field: 'body' });
  const wordCount = countWords(manuscriptPlainText(body));
  if (wordCount === 0) throw badInput('稿件正文不能为空', { field: 'body' });
  const author = requireText(input.author ?? article?.author ?? actor.name, 'author', '作者', MANUSCRIPT_LIMITS.author);
  let callId: string | null = null;
  let section = input.section?.trim() || null;
  if (input.callId) {
    const call = await node.models.NewspaperCall.findById(String(input.callId).slice(0, 100)).lean();
    if (!call) throw notFound(`征稿不存在：${String(input.callId).slice(0, 100)}`);
    if (section && call.sections.length > 0 && !call.sections.includes(section))
      throw badInput(`栏目“${section}”不在该征稿的栏目中：${call.sections.join('、')}`, { field: 'section' });
    callId = call._id;
  }
  if (section && section.length > 40) throw badInput('栏目名称过长（最多 40 字）', { field: 'section' });
  section = section ?? null;
  const base = node.site.url;
  const images: ManuscriptImage[] = [];
  if (article) {
    const ids = [article.coverImageId, ...(article.attachmentIds ?? [])].filter((x): x is string => !!x);
    const media = ids.length ? await node.models.Media.find({ _id: { $in: ids } }).lean() : [];
    for (const m of media as { _id: string; contentType?: string; alt?: string | null }[]) {
      if (!m.contentType?.startsWith('image/')) continue;
      images.push({ id: m._id, url: `${base}/media/${encodeURIComponent(m._id)}`, alt: m.alt ?? null });
    }
  }
  const now = node.now();
  const isDesk = node.config.tier === 'city';
  const doc: ManuscriptDoc = {
    _id: `${node.config.code}:${new Types.ObjectId().toHexString()}`,
    role: isDesk ? 'desk' : 'origin',
    origin: thisNode(node),
    title,
    author,
    officer: article?.officer ?? (['officer', 'correspondent'].includes(actor.role) ? actor.name : null),
    createdBy: article?.createdBy ?? actor.accountId,
    callId,
    section,
    body,
    wordCount,
    images,
    sourceArticleId: article ? globalArticleId(node.config.code, article._id) : null,
    sourceUrl: article ? `${base}/articles/${encodeURIComponent(globalArticleId(node.config.code, article._id))}` : null,
    textHash: textFingerprint(title, body),
    submittedAt: now,
    hops: [],
    status: isDesk ? 'received' : 'submitted',
    reason: null,
    statusAt: now,
    statusBy: actor.name,
    placement: null,
    printedAt: null,
    receivedAt: now,
    updatedAt: now,
    revision: 0,
    pendingEvents: [],
  };
  if (!isDesk) doc.pendingEvents = [manuscriptEvent(node, doc)];
  await node.models.Manuscript.create(doc);
  if (!isDesk) syndicationOf(node)?.relayPoke({ collection: 'newspaper_manuscripts', id: doc._id });
  return doc;
}

function plainToHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('');
}
