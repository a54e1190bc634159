import { receiveRetraction } from '../inbound/receiveItem';
import { retractionPayloadSchema } from '../payloadSchemas';
import { parsePayload, requireOwnItem, type EventHandler } from './registry';

/**
 * A child retracted an item. Always applies: the local copy (if adopted) is retracted and retracts its own copies
 * further up; if the item never arrived, a tombstone keeps it from ever being queued.
 */
export const retracted: EventHandler = {
  stream: 'up',
  async apply(rt, edge, event) {
    const id = requireOwnItem(edge, event);
    const { reason } = parsePayload(retractionPayloadSchema, event);
    return receiveRetraction(rt, edge.peer, id, event.version, reason, edge.known);
  },
};
