import { FEATURES } from '../inbound/reportKinds';
import { receiveReport } from '../inbound/receiveReport';
import { featureReportSchema } from '../payloadSchemas';
import { parsePayload, type EventHandler } from './registry';

/** A topic (专题) of a node above lists one of this node's items: recorded on the article, passed on towards the origin. */
export const featured: EventHandler = {
  stream: 'down',
  apply: async (rt, edge, event) => receiveReport(rt, edge, event, FEATURES, parsePayload(featureReportSchema, event)),
};
