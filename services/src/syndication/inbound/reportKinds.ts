import type { AdoptionRecord } from '../syndicationTypes';
import type { ReportKind } from './receiveReport';

const sameDecision = (a: AdoptionRecord, b: AdoptionRecord) =>
  a.status === b.status && a.at === b.at && a.by === b.by && a.reason === b.reason && a.copyId === b.copyId;

/** Adoption decisions (采用/退稿), one per deciding node: a later one (a rejection revised to an adoption) replaces it. */
export const DECISIONS: ReportKind<'adoptions'> = {
  field: 'adoptions',
  label: '采用报告',
  sameSlot: (a, b) => a.node === b.node,
  supersedes: (known, report) => sameDecision(known, report) || known.at > report.at,
  downKey: (below, r) => `${below}:${r.status}:${r.node}`,
};

/** Topics (专题) listing the item, one per node and topic: the first time the topic listed it. */
export const FEATURES: ReportKind<'features'> = {
  field: 'features',
  label: '专题收录报告',
  sameSlot: (a, b) => a.node === b.node && a.topicId === b.topicId,
  supersedes: (known, report) => known.at <= report.at,
  downKey: (below, r) => `${below}:featured:${r.node}:${r.topicId}`,
};
