import type { NodeContext } from '../node/nodeContext';
import type { ManuscriptDoc, ManuscriptStatus } from './newspaperModels';

export interface DuplicateFlag {
  /** PRINTED: the same text was printed already; SUBMITTED: the same text (or article) is in the queue twice. */
  kind: 'printed' | 'submitted';
  id: string;
  title: string;
  originNode: string;
  originName: string;
  status: ManuscriptStatus;
}

export interface QueueEntry {
  manuscript: ManuscriptDoc;
  duplicates: DuplicateFlag[];
}

const flag = (m: ManuscriptDoc): DuplicateFlag => ({
  kind: m.status === 'printed' ? 'printed' : 'submitted',
  id: m._id,
  title: m.title,
  originNode: m.origin.node,
  originName: m.origin.name,
  status: m.status,
});

/**
 * Duplicates among the desk's manuscripts: the same normalised text (see textFingerprint), or the same source
 * article, under another id. A pure function of the manuscripts, so the queue and a single manuscript agree.
 */
export function duplicatesOf(target: ManuscriptDoc, all: readonly ManuscriptDoc[]): DuplicateFlag[] {
  return all
    .filter(
      (m) =>
        m._id !== target._id &&
        m.status !== 'declined' &&
        (m.textHash === target.textHash || (!!target.sourceArticleId && m.sourceArticleId === target.sourceArticleId)),
    )
    .sort(
      (a, b) => (a.status === 'printed' ? 0 : 1) - (b.status === 'printed' ? 0 : 1) || a.submittedAt.getTime() - b.submittedAt.getTime(),
    )
    .map(flag);
}

/** The desk's one queue: every manuscript that reached it (newest first), with its duplicates flagged. */
export async function deskQueue(node: NodeContext, status?: ManuscriptStatus | null): Promise<QueueEntry[]> {
  const all = await node.models.Manuscript.find({ role: 'desk' }).lean<ManuscriptDoc[]>();
  return all
    .filter((m) => !status || m.status === status)
    .sort((a, b) => new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime())
    .map((m) => ({ manuscript: m, duplicates: duplicatesOf(m, all) }));
}
