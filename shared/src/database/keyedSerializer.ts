/**
 * Runs async work one at a time per key, in arrival order.
 *
 * Why: FerretDB v1 (SQLite) updates a document by reading it, changing it and writing it back without a lock, so
 * concurrent updates of one document lose writes — concurrent `$inc`s, `$set`s of different fields, and conditional
 * `findOneAndUpdate({ _id, revision })` calls that should exclude each other (shared/src/database/ferretdbWrites.test.ts).
 * MongoDB does not. Writes to a FerretDB database are therefore serialized per collection in-process
 * (serializeFerretDbWrites), which is correct because a node runs as one process on FerretDB; compare-and-set
 * writes also match on a revision, which keeps them correct across processes on MongoDB.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for this key's turn; the returned function ends the turn (extra calls are ignored). */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let end!: () => void;
    const current = new Promise<void>((resolve) => (end = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      end();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** The process-wide serializer for explicit compare-and-set sections (keys name the database and document). */
export const documentWrites = new KeyedSerializer();
