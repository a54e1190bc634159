import { storeNewerRevision } from '../storeNewerRevision';
import { parsePayload, type EventHandler } from '../../syndication/handlers/registry';
import type { SubscriptionQuotasDoc } from '../newspaperModels';
import { quotasPayloadSchema } from '../newspaperPayloads';
import { quotasEvent } from '../setSubscriptionQuotas';

/** The desk's quota table for a year: a newer revision replaces the one held; a county passes it on. */
export const subscriptionQuotas: EventHandler = {
  stream: 'down',
  async apply(rt, _edge, event) {
    const q = parsePayload(quotasPayloadSchema, event);
    const { node } = rt;
    const forward = node.config.tier === 'county';
    const doc: SubscriptionQuotasDoc = { _id: String(q.year), ...q, updatedAt: new Date(q.updatedAt), pendingEvents: [] };
    if (forward) doc.pendingEvents = [quotasEvent(node, doc)];
    if (!(await storeNewerRevision(node.models.SubscriptionQuotas, doc, `${q.year} 年发行任务`))) return 'unchanged';
    if (forward) rt.relayPoke({ collection: 'newspaper_quotas', id: doc._id });
    return 'applied';
  },
};
