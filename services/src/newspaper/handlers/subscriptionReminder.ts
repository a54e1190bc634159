import { inserted } from '@djnet/shared';
import { parsePayload, type EventHandler } from '../../syndication/handlers/registry';
import { reminderPayloadSchema } from '../newspaperPayloads';
import { reminderEvent } from '../sendSubscriptionReminders';

/**
 * A subscription reminder (催订) from the desk, addressed to the next node on its way: kept once per node and year;
 * a county passes a township's on to it.
 */
export const subscriptionReminder: EventHandler = {
  stream: 'down',
  async apply(rt, _edge, event) {
    const { node } = rt;
    if (event.to !== node.config.code) return 'ignored';
    const r = parsePayload(reminderPayloadSchema, event);
    const forwardTo = r.node === node.config.code ? null : r.node;
    const now = node.now();
    if (
      !(await inserted(
        node.models.SubscriptionReminder.create({
          _id: `${r.year}:${r.node}`,
          ...r,
          createdAt: new Date(r.createdAt),
          receivedAt: now,
          readAt: null,
          pendingEvents: forwardTo ? [reminderEvent(node, r, forwardTo)] : [],
        }),
      ))
    )
      return 'unchanged';
    if (forwardTo) rt.relayPoke({ collection: 'newspaper_reminders', id: `${r.year}:${r.node}` });
    return 'applied';
  },
};
