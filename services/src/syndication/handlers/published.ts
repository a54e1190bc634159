import { receiveItemVersion } from '../inbound/receiveItem';
import { itemPayloadSchema } from '../payloadSchemas';
import { parsePayload, requireOwnItem, type EventHandler } from './registry';

/** A child published an item: it enters the adoption queue (or is adopted at once by the edge's policy). */
export const published: EventHandler = {
  stream: 'up',
  async apply(rt, edge, event) {
    const id = requireOwnItem(edge, event);
    return receiveItemVersion(rt, edge.peer, id, event.version, parsePayload(itemPayloadSchema, event), edge.known);
  },
};
