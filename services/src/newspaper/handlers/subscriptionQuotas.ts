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
    for (let attempt = 0; attempt < 5; attempt++) {
      const held = await node.models.SubscriptionQuotas.findById(doc._id).lean<SubscriptionQuotasDoc>();
      if (held && held.revision >= q.revision) return 'unchanged';
      try {
        if (!held) await node.models.SubscriptionQuotas.create(doc);
        else {
          const { _id, pendingEvents, ...set } = doc;
          void _id;
          const done = await node.models.SubscriptionQuotas.findOneAndUpdate(
            { _id: doc._id, revision: held.revision },
            { $set: set, ...(pendingEvents.length ? { $push: { pendingEvents: { $each: pendingEvents } } } : {}) },
          ).lean();
          if (!done) continue;
        }
      } catch (e) {
        if ((e as { code?: number }).code === 11000) continue;
        throw e;
      }
      if (forward) rt.relayPoke({ collection: 'newspaper_quotas', id: doc._id });
      return 'applied';
    }
    throw new Error(`保存 ${q.year} 年发行任务时持续并发修改`);
  },
};
