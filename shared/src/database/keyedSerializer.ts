/**
 * Runs async work one at a time per key, in arrival order.
 *
 * Why: FerretDB v1 does not make a conditional update atomic — two concurrent `findOneAndUpdate({ _id, revision })`
 * calls can both match and both write (a lost update; seen in articleWorkflow.test.ts). MongoDB does make it atomic.
 * So every compare-and-set write goes through the revision check (correct on MongoDB across instances) and through
 * this per-process serializer (correct on FerretDB, where a node runs as one process).
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/** The process-wide serializer for compare-and-set writes (keys should name the database and document). */
export const documentWrites = new KeyedSerializer();
