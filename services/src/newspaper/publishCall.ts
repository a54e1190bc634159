import { Types } from 'mongoose';
import { badInput } from '@djnet/shared';
import { htmlHadUnsafeContent, sanitizeArticleHtml } from '../articles/articleContent';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { requireSyndication } from '../syndication/syndicationRuntime';
import type { PendingEvent } from '../syndication/syndicationTypes';
import { parseDay, requireDesk, requireText } from './newspaperAccess';
import type { NewspaperCallDoc } from './newspaperModels';
import type { CallPayload } from './newspaperPayloads';

export interface CallInput {
  theme: string;
  sections?: string[] | null;
  deadline: string;
  minWords?: number | null;
  maxWords?: number | null;
  issueDates?: string[] | null;
  body?: string | null;
}

/** The down event carrying a call (征稿) to every node. */
export function callEvent(node: NodeContext, c: CallPayload): PendingEvent {
  return {
    stream: 'down',
    kind: 'newspaperCall',
    key: `newspaperCall:${c.id}`,
    itemId: c.id,
    version: 1,
    to: null,
    createdAt: node.now().toISOString(),
    payload: { ...c },
  };
}

const words = (v: number | null | undefined, field: string) => {
  if (v === null || v === undefined) return null;
  if (!Number.isInteger(v) || v < 0 || v > 100_000) throw badInput('字数须为 0–100000 的整数', { field });
  return v;
};

/**
 * The desk publishes a call for manuscripts (征稿): theme, sections, deadline, length and the issues it is for.
 * Stored at the city with its down event in the same document, then carried to every county and on to every
 * township, where officers and correspondents see it.
 */
export async function publishCall(ctx: RequestContext, input: CallInput): Promise<NewspaperCallDoc> {
  const actor = requireDesk(ctx);
  const { node } = ctx;
  const theme = requireText(input.theme, 'theme', '征稿主题', 200);
  const sections = [...new Set((input.sections ?? []).map((s) => s.trim()).filter(Boolean))];
  if (sections.length > 30) throw badInput('栏目最多 30 个', { field: 'sections' });
  if (sections.some((s) => s.length > 40)) throw badInput('栏目名称过长（最多 40 字）', { field: 'sections' });
  const deadline = parseDay(input.deadline, 'deadline', '截稿日期');
  const minWords = words(input.minWords, 'minWords');
  const maxWords = words(input.maxWords, 'maxWords');
  if (minWords !== null && maxWords !== null && minWords > maxWords) throw badInput('最少字数不能大于最多字数', { field: 'minWords' });
  const issueDates = [...new Set((input.issueDates ?? []).map((d) => parseDay(d, 'issueDates', '刊期')))].sort();
  if (issueDates.length > 60) throw badInput('刊期最多 60 个', { field: 'issueDates' });
  const rawBody = input.body ?? '';
  if (rawBody.length > 20_000) throw badInput('征稿说明过长（最多 20000 字符）', { field: 'body' });
  const body = sanitizeArticleHtml(rawBody);
  if (htmlHadUnsafeContent(rawBody, body)) throw badInput('说明含有不允许的脚本、内嵌框架或事件属性', { field: 'body' });
  const rt = requireSyndication(node);
  const now = node.now();
  const payload: CallPayload = {
    id: `${node.config.code}:${new Types.ObjectId().toHexString()}`,
    node: node.config.code,
    theme,
    sections,
    deadline,
    minWords,
    maxWords,
    issueDates,
    body,
    issuedAt: now.toISOString(),
    issuedBy: actor.name,
  };
  const doc: NewspaperCallDoc = {
    _id: payload.id,
    node: payload.node,
    theme,
    sections,
    deadline,
    minWords,
    maxWords,
    issueDates,
    body,
    issuedAt: now,
    issuedBy: actor.name,
    receivedAt: now,
    pendingEvents: [callEvent(node, payload)],
  };
  await node.models.NewspaperCall.create(doc);
  rt.relayPoke({ collection: 'newspaper_calls', id: doc._id });
  return doc;
}
