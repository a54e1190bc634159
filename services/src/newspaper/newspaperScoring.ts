import type { NodeContext } from '../node/nodeContext';
import type { ItemFacts } from '../officers/officerItems';
import type { ManuscriptDoc } from './newspaperModels';

/** A printed manuscript written at this node, as a fact the officer scoring counts (`points.newspaper`). */
export function printedFacts(doc: Pick<ManuscriptDoc, '_id' | 'title' | 'createdBy' | 'officer' | 'printedAt' | 'status'>): ItemFacts {
  return {
    id: doc._id,
    title: doc.title,
    channel: '',
    createdBy: doc.createdBy ?? '',
    officer: doc.officer,
    submittedAt: null,
    publishedAt: null,
    retractedAt: null,
    retractionReason: null,
    adoptions: [],
    newspaperAt: doc.printedAt ? new Date(doc.printedAt) : null,
    topicAt: null,
  };
}

/**
 * Manuscripts written at this node that the newspaper printed in [start, end): each scores its author (the
 * submitting account's officer, or the officer it names) in the month the issue was printed.
 */
export async function loadPrintedManuscripts(node: NodeContext, start: Date, end: Date): Promise<ItemFacts[]> {
  const docs = await node.models.Manuscript.find(
    { status: 'printed', 'origin.node': node.config.code },
    { title: 1, createdBy: 1, officer: 1, printedAt: 1, status: 1 },
  ).lean<ManuscriptDoc[]>();
  return docs.filter((d) => d.printedAt && d.printedAt >= start && d.printedAt < end).map(printedFacts);
}
