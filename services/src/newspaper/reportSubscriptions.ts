import { badInput, conflict, inserted } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { syndicationOf } from '../syndication/syndicationRuntime';
import type { PendingEvent } from '../syndication/syndicationTypes';
import { requireNodeEditor } from './newspaperAccess';
import type { SubscriptionReportDoc, SubscriptionUnit } from './newspaperModels';
import type { SubscriptionReportPayload } from './newspaperPayloads';
import { checkYear } from './setSubscriptionQuotas';

export const reportId = (year: number, node: string) => `${year}:${node}`;

export function reportPayload(doc: SubscriptionReportDoc): SubscriptionReportPayload {
  return {
    year: doc.year,
    node: doc.node,
    name: doc.name,
    tier: doc.tier,
    parent: doc.parent,
    units: doc.units,
    total: doc.total,
    reportedAt: new Date(doc.reportedAt).toISOString(),
    reportedBy: doc.reportedBy,
    revision: doc.revision,
  };
}

/** The up event carrying a node's subscription report to its parent (a county passes its townships' on). */
export function reportEvent(node: NodeContext, doc: SubscriptionReportDoc): PendingEvent {
  return {
    stream: 'up',
    kind: 'subscriptionReport',
    key: `subscriptionReport:${doc._id}:${doc.revision}`,
    itemId: doc._id,
    version: doc.revision,
    to: null,
    createdAt: node.now().toISOString(),
    payload: { ...reportPayload(doc) },
  };
}

/**
 * A node reports its subscriptions (订阅) for a year, by unit with counts. Each report replaces the node's previous
 * one (the whole list) and travels up to the desk, where completion rates roll up.
 */
export async function reportSubscriptions(
  ctx: RequestContext,
  input: { year: number; units: SubscriptionUnit[] },
): Promise<SubscriptionReportDoc> {
  const actor = requireNodeEditor(ctx);
  const { node } = ctx;
  const year = checkYear(input.year);
  if (!Array.isArray(input.units) || input.units.length > 2000) throw badInput('订阅单位最多 2000 个', { field: 'units' });
  const byUnit = new Map<string, number>();
  input.units.forEach((u, i) => {
    const unit = typeof u.unit === 'string' ? u.unit.trim() : '';
    if (!unit) throw badInput('订阅单位名称不能为空', { field: `units.${i}.unit` });
    if (unit.length > 100) throw badInput('订阅单位名称过长（最多 100 字）', { field: `units.${i}.unit` });
    if (!Number.isInteger(u.count) || u.count < 0 || u.count > 10_000_000)
      throw badInput('订阅份数须为非负整数', { field: `units.${i}.count` });
    if (byUnit.has(unit)) throw badInput(`订阅单位“${unit}”重复`, { field: `units.${i}.unit` });
    byUnit.set(unit, u.count);
  });
  const units = [...byUnit].map(([unit, count]) => ({ unit, count }));
  const id = reportId(year, node.config.code);
  const existing = await node.models.SubscriptionReport.findById(id).lean<SubscriptionReportDoc>();
  const now = node.now();
  const doc: SubscriptionReportDoc = {
    _id: id,
    year,
    node: node.config.code,
    name: node.config.name,
    tier: node.config.tier,
    parent: node.config.parent ?? null,
    units,
    total: units.reduce((s, u) => s + u.count, 0),
    reportedAt: now,
    reportedBy: actor.name,
    revision: (existing?.revision ?? 0) + 1,
    pendingEvents: [],
  };
  const events = node.config.tier === 'city' ? [] : [reportEvent(node, doc)];
  if (!existing) {
    if (!(await inserted(node.models.SubscriptionReport.create({ ...doc, pendingEvents: events }))))
      throw conflict('订阅报表已被他人同时提交，请刷新后重试');
  } else {
    const { _id, pendingEvents, ...set } = doc;
    void _id;
    void pendingEvents;
    const updated = await node.models.SubscriptionReport.findOneAndUpdate(
      { _id: id, revision: existing.revision },
      { $set: set, ...(events.length ? { $push: { pendingEvents: { $each: events } } } : {}) },
    ).lean();
    if (!updated) throw conflict('订阅报表已被他人修改，请刷新后重试');
  }
  if (events.length) syndicationOf(node)?.relayPoke({ collection: 'newspaper_subscriptions', id });
  return doc;
}
