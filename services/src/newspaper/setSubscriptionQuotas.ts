import { badInput, conflict, inserted } from '@djnet/shared';
import { directoryModels } from '../directory/directoryModels';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { requireSyndication } from '../syndication/syndicationRuntime';
import type { PendingEvent } from '../syndication/syndicationTypes';
import { parseDay, requireDesk } from './newspaperAccess';
import type { QuotaRow, SubscriptionQuotasDoc } from './newspaperModels';
import type { QuotasPayload } from './newspaperPayloads';

export interface QuotasInput {
  year: number;
  deadline: string;
  remindDays?: number | null;
  quotas: { node: string; quota: number }[];
}

export const DEFAULT_REMIND_DAYS = 15;

export function quotasPayload(doc: SubscriptionQuotasDoc): QuotasPayload {
  return {
    year: doc.year,
    deadline: doc.deadline,
    remindDays: doc.remindDays,
    quotas: doc.quotas,
    revision: doc.revision,
    updatedAt: new Date(doc.updatedAt).toISOString(),
    updatedBy: doc.updatedBy,
  };
}

/** The down event carrying the year's quota table to every node (each sees its own target and its children's). */
export function quotasEvent(node: NodeContext, doc: SubscriptionQuotasDoc): PendingEvent {
  return {
    stream: 'down',
    kind: 'subscriptionQuotas',
    key: `subscriptionQuotas:${doc.year}:${doc.revision}`,
    itemId: String(doc.year),
    version: doc.revision,
    to: null,
    createdAt: node.now().toISOString(),
    payload: { ...quotasPayload(doc) },
  };
}

export function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('年度须为 2000–2100 的整数', { field: 'year' });
  return year;
}

/**
 * The desk sets the year's subscription quotas (发行任务) per county and township: a county's quota is the whole
 * county's (its own units and its townships'), a township's its own. Replaces the year's table, which goes down to
 * every node.
 */
export async function setSubscriptionQuotas(ctx: RequestContext, input: QuotasInput): Promise<SubscriptionQuotasDoc> {
  const actor = requireDesk(ctx);
  const { node } = ctx;
  const year = checkYear(input.year);
  const deadline = parseDay(input.deadline, 'deadline', '征订截止日期');
  const remindDays = input.remindDays ?? DEFAULT_REMIND_DAYS;
  if (!Number.isInteger(remindDays) || remindDays < 0 || remindDays > 365)
    throw badInput('提醒天数须为 0–365 的整数', { field: 'remindDays' });
  if (!Array.isArray(input.quotas) || input.quotas.length > 2000) throw badInput('任务表最多 2000 行', { field: 'quotas' });
  const entries = await directoryModels(node.connection).DirectoryEntry.find({ status: 'active' }).lean();
  const known = new Map(entries.map((e) => [e.code, e]));
  const seen = new Set<string>();
  const quotas: QuotaRow[] = input.quotas.map((q, i) => {
    const entry = known.get(q.node);
    if (!entry) throw badInput(`节点不存在：${String(q.node).slice(0, 64)}`, { field: `quotas.${i}.node` });
    if (entry.tier === 'city') throw badInput('发行任务分配到县区和乡镇', { field: `quotas.${i}.node` });
    if (seen.has(q.node)) throw badInput(`节点 ${q.node} 重复`, { field: `quotas.${i}.node` });
    seen.add(q.node);
    if (!Number.isInteger(q.quota) || q.quota < 0 || q.quota > 10_000_000)
      throw badInput('任务数须为非负整数', { field: `quotas.${i}.quota` });
    return { node: entry.code, name: entry.name, tier: entry.tier, parent: entry.parent, quota: q.quota };
  });
  const rt = requireSyndication(node);
  const now = node.now();
  const existing = await node.models.SubscriptionQuotas.findById(String(year)).lean<SubscriptionQuotasDoc>();
  const doc: SubscriptionQuotasDoc = {
    _id: String(year),
    year,
    deadline,
    remindDays,
    quotas,
    revision: (existing?.revision ?? 0) + 1,
    updatedAt: now,
    updatedBy: actor.name,
    pendingEvents: [],
  };
  const event = quotasEvent(node, doc);
  if (!existing) {
    if (!(await inserted(node.models.SubscriptionQuotas.create({ ...doc, pendingEvents: [event] }))))
      throw conflict('发行任务已被他人同时修改，请刷新后重试');
  } else {
    const { _id, pendingEvents, ...set } = doc;
    void _id;
    void pendingEvents;
    const updated = await node.models.SubscriptionQuotas.findOneAndUpdate(
      { _id: doc._id, revision: existing.revision },
      { $set: set, $push: { pendingEvents: event } },
      { returnDocument: 'after' },
    ).lean();
    if (!updated) throw conflict('发行任务已被他人修改，请刷新后重试');
  }
  rt.relayPoke({ collection: 'newspaper_quotas', id: doc._id });
  return doc;
}
