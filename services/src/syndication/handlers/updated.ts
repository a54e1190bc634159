import { receiveItemVersion } from '../inbound/receiveItem';
import { itemPayloadSchema } from '../payloadSchemas';
import { parsePayload, requireOwnItem, type EventHandler } from './registry';

/**
 * A child edited a published item (a new version). Newer than what is held: replaces it in the queue and flows
 * into the local copy — unless the copy was edited here, where it waits for an editor (acceptOriginUpdate). An
 * update that arrives before its publication is taken as the publication.
 */
export const updated: EventHandler = {
  stream: 'up',
  async apply(rt, edge, event) {
    const id = requireOwnItem(edge, event);
    return receiveItemVersion(rt, edge.peer, id, event.version, parsePayload(itemPayloadSchema, event), edge.known);
  },
};
