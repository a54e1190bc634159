import { EventRejected, parsePayload, type EventHandler } from '../../syndication/handlers/registry';
import { storeNewerRevision } from '../storeNewerRevision';
import type { SubscriptionReportDoc } from '../newspaperModels';
import { subscriptionReportPayloadSchema } from '../newspaperPayloads';
import { reportEvent, reportId } from '../reportSubscriptions';

/**
 * A child's subscription report (its own, or — from a county — one of its townships'): the newest revision of each
 * node's report is kept; a county passes it on to the desk.
 */
export const subscriptionReport: EventHandler = {
  stream: 'up',
  async apply(rt, edge, event) {
    const r = parsePayload(subscriptionReportPayloadSchema, event);
    if (r.node !== edge.peer && r.parent !== edge.peer)
      throw new EventRejected(`订阅报表 ${r.node} 不是由发送节点 ${edge.peer} 或其下级报送的`);
    const { node } = rt;
    const id = reportId(r.year, r.node);
    if (event.itemId !== id) throw new EventRejected('订阅报表的 ID 不一致');
    const doc: SubscriptionReportDoc = { _id: id, ...r, reportedAt: new Date(r.reportedAt), pendingEvents: [] };
    const forward = node.config.tier !== 'city';
    if (forward) doc.pendingEvents = [reportEvent(node, doc)];
    if (!(await storeNewerRevision(node.models.SubscriptionReport, doc, `订阅报表 ${id}`))) return 'unchanged';
    if (forward) rt.relayPoke({ collection: 'newspaper_subscriptions', id: id });
    return 'applied';
  },
};
