import { documentWrites } from '@djnet/shared';
import type { DirectoryModels } from './directoryModels';

/**
 * Runs writes to one node's directory entry one after another within this process (through the shared
 * per-document serializer). FerretDB v1 applies an update as a read-modify-write of the whole document: two
 * concurrent updates of one entry can silently undo each other even when they `$set` different fields, and two
 * updates conditioned on the same value can both land. MongoDB does neither; serializing here keeps the
 * embedded database correct too, for a single city process. Writes must not nest for the same code (they would
 * wait on themselves).
 */
export function serializedForNode<T>(models: DirectoryModels, code: string, write: () => Promise<T>): Promise<T> {
  return documentWrites.run(`${models.DirectoryEntry.db.name}/directory_entries/${code}`, write);
}
