import { inserted } from '@djnet/shared';
import { parsePayload, type EventHandler } from '../../syndication/handlers/registry';
import { callEvent } from '../publishCall';
import { callPayloadSchema } from '../newspaperPayloads';

/** A call for manuscripts (征稿) from the desk: kept here once, and passed on by a county to its townships. */
export const newspaperCall: EventHandler = {
  stream: 'down',
  async apply(rt, _edge, event) {
    const c = parsePayload(callPayloadSchema, event);
    const { node } = rt;
    const forward = node.config.tier === 'county';
    if (
      !(await inserted(
        node.models.NewspaperCall.create({
          _id: c.id,
          node: c.node,
          theme: c.theme,
          sections: c.sections,
          deadline: c.deadline,
          minWords: c.minWords,
          maxWords: c.maxWords,
          issueDates: c.issueDates,
          body: c.body,
          issuedAt: new Date(c.issuedAt),
          issuedBy: c.issuedBy,
          receivedAt: node.now(),
          pendingEvents: forward ? [callEvent(node, c)] : [],
        }),
      ))
    )
      return 'unchanged';
    if (forward) rt.relayPoke({ collection: 'newspaper_calls', id: c.id });
    return 'applied';
  },
};
