/** The code MongoDB (and FerretDB) refuse a write with when its `_id` or a unique key exists already. */
export const DUPLICATE_KEY = 11000;

interface WriteError {
  code?: number;
  index?: number;
  err?: { code?: number; index?: number };
}

const writeErrorsOf = (e: unknown): { code: number | undefined; index: number | undefined }[] =>
  ((e as { writeErrors?: WriteError[] } | null)?.writeErrors ?? []).map((w) => ({
    code: w.code ?? w.err?.code,
    index: w.index ?? w.err?.index,
  }));

/** Whether a write was refused because its key exists already (a bulk write: every one of its write errors is that). */
export function isDuplicateKey(e: unknown): boolean {
  const errors = writeErrorsOf(e);
  if (errors.length > 0) return errors.every((w) => w.code === DUPLICATE_KEY);
  return (e as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/**
 * Runs an insert: true when it wrote, false when the key was there already (a redelivery, a second click, a race),
 * so the caller says what "there already" means. Any other failure is thrown.
 */
export async function inserted(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}

/**
 * Inserts documents in one unordered write and returns the ids that were there already (nothing else is refused:
 * any other failure is thrown). A duplicate reported without its index (a single-document batch on some servers)
 * counts every document as possibly there.
 */
export async function insertNew<D extends { _id: unknown }>(
  collection: { insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown> },
  docs: readonly D[],
): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  try {
    await collection.insertMany(docs as never[], { ordered: false });
    return new Set();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const errors = writeErrorsOf(e);
    if (errors.length === 0 || errors.some((w) => w.index === undefined)) return new Set(docs.map((d) => String(d._id)));
    return new Set(errors.map((w) => String(docs[w.index!]!._id)));
  }
}
