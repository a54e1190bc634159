import { inserted } from '@djnet/shared';
import { noticePayloadSchema } from '../payloadSchemas';
import { noticeEvent } from '../notices/publishNotice';
import { parsePayload, type EventHandler } from './registry';

/** A city notice (通知): kept here once, and passed on to this node's children (a county's townships). */
export const notice: EventHandler = {
  stream: 'down',
  async apply(rt, _edge, event) {
    const n = parsePayload(noticePayloadSchema, event);
    const { node } = rt;
    const forward = node.config.tier === 'county';
    if (
      !(await inserted(
        rt.models.Notice.create({
          _id: n.id,
          node: n.node,
          title: n.title,
          body: n.body,
          issuedAt: new Date(n.issuedAt),
          issuedBy: n.issuedBy,
          receivedAt: node.now(),
          pendingEvents: forward ? [noticeEvent(node, n)] : [],
        }),
      ))
    )
      return 'unchanged';
    if (forward) rt.relayPoke({ collection: 'notices', id: n.id });
    return 'applied';
  },
};
