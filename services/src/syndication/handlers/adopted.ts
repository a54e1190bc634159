import { receiveDecision } from '../inbound/receiveDecision';
import { adoptionReportSchema } from '../payloadSchemas';
import { parsePayload, type EventHandler } from './registry';

/** A node above adopted (采用) one of this node's items: recorded on the article, passed on towards the origin. */
export const adopted: EventHandler = {
  stream: 'down',
  apply: (rt, edge, event) => receiveDecision(rt, edge, event, parsePayload(adoptionReportSchema, event)),
};
