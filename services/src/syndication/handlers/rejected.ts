import { receiveDecision } from '../inbound/receiveDecision';
import { adoptionReportSchema } from '../payloadSchemas';
import { parsePayload, type EventHandler } from './registry';

/** A node above rejected one of this node's items, with a reason: recorded on the article, passed on towards the origin. */
export const rejected: EventHandler = {
  stream: 'down',
  apply: (rt, edge, event) => receiveDecision(rt, edge, event, parsePayload(adoptionReportSchema, event)),
};
