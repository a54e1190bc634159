import { Types } from 'mongoose';
import { badInput, forbidden } from '@djnet/shared';
import { requireRole } from '../../accounts/permissions';
import { htmlHadUnsafeContent, sanitizeArticleHtml } from '../../articles/articleContent';
import type { RequestContext } from '../../graphql/requestContext';
import type { NodeContext } from '../../node/nodeContext';
import type { NoticePayload } from '../payloadSchemas';
import type { NoticeDoc } from '../syndicationModels';
import { requireSyndication } from '../syndicationRuntime';
import type { PendingEvent } from '../syndicationTypes';

export const NOTICE_LIMITS = { title: 200, body: 50_000 } as const;

/** The down event carrying a notice. */
export function noticeEvent(node: NodeContext, n: NoticePayload): PendingEvent {
  return {
    stream: 'down',
    kind: 'notice',
    key: `notice:${n.id}`,
    itemId: n.id,
    version: 1,
    to: null,
    createdAt: node.now().toISOString(),
    payload: { ...n },
  };
}

/**
 * The city's editors and admins issue a notice (通知) to the whole network: stored at the city with its down event
 * in the same document, then carried to every county and on to every township.
 */
export async function publishNotice(ctx: RequestContext, input: { title: string; body: string }): Promise<NoticeDoc> {
  const { actor } = requireRole(ctx, ['admin', 'editor']);
  const { node } = ctx;
  if (node.config.tier !== 'city') throw forbidden('通知由市级节点发布，经网群下发到各县区和乡镇');
  const title = input.title.trim();
  if (!title) throw badInput('通知标题不能为空', { field: 'title' });
  if (title.length > NOTICE_LIMITS.title) throw badInput(`通知标题过长（最多 ${NOTICE_LIMITS.title} 字）`, { field: 'title' });
  if (input.body.length > NOTICE_LIMITS.body) throw badInput(`通知正文过长（最多 ${NOTICE_LIMITS.body} 字符）`, { field: 'body' });
  const body = sanitizeArticleHtml(input.body);
  if (htmlHadUnsafeContent(input.body, body)) throw badInput('正文含有不允许的脚本、内嵌框架或事件属性', { field: 'body' });
  const rt = requireSyndication(node);
  const now = node.now();
  const payload: NoticePayload = {
    id: `${node.config.code}:${new Types.ObjectId().toHexString()}`,
    node: node.config.code,
    title,
    body,
    issuedAt: now.toISOString(),
    issuedBy: actor.name,
  };
  const doc: NoticeDoc = {
    _id: payload.id,
    node: payload.node,
    title,
    body,
    issuedAt: now,
    issuedBy: actor.name,
    receivedAt: now,
    pendingEvents: [noticeEvent(node, payload)],
  };
  await rt.models.Notice.create(doc);
  rt.relayPoke({ collection: 'notices', id: doc._id });
  return doc;
}
