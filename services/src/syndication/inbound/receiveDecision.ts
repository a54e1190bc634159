import type { ApplyOutcome, EdgeRef } from '../handlers/registry';
import type { adoptionReportSchema } from '../payloadSchemas';
import type { SyndicationRuntime } from '../syndicationRuntime';
import type { SyndicationEvent } from '../syndicationTypes';
import type { z } from 'zod';
import { receiveReport } from './receiveReport';
import { DECISIONS } from './reportKinds';

/** A node above decided on one of this node's articles (adopted or rejected it): see receiveReport. */
export function receiveDecision(
  rt: SyndicationRuntime,
  edge: EdgeRef,
  event: SyndicationEvent,
  report: z.infer<typeof adoptionReportSchema>,
): Promise<ApplyOutcome> {
  return receiveReport(rt, edge, event, DECISIONS, report);
}
