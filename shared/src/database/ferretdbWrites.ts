import type { Connection } from 'mongoose';
import { KeyedSerializer } from './keyedSerializer';

const collectionWrites = new KeyedSerializer();

const WRITE_QUERIES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'replaceOne',
  'deleteOne',
  'deleteMany',
];

interface Held {
  __djnetRelease?: () => void;
}
interface QueryLike extends Held {
  model?: { db?: { name?: string }; collection?: { collectionName?: string } };
}
interface DocumentLike extends Held {
  isNew?: boolean;
  db?: { name?: string };
  collection?: { collectionName?: string };
}
/* eslint-disable @typescript-eslint/no-explicit-any */
interface HookableSchema {
  pre(op: string, fn: (this: any) => Promise<void>): unknown;
  post(op: string, fn: ((this: any) => void) | ((this: any, error: unknown, res: unknown, next: (err?: unknown) => void) => void)): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function releaseHooks(schema: HookableSchema, op: string): void {
  schema.post(op, function (this: Held) {
    this.__djnetRelease?.();
  });
  // Mongoose treats a three-argument post hook as the error handler.
  schema.post(op, function (this: Held, error: unknown, _res: unknown, next: (err?: unknown) => void) {
    this.__djnetRelease?.();
    next(error);
  });
}

/**
 * A mongoose plugin that makes every update and delete on a FerretDB connection wait its turn per collection
 * (see KeyedSerializer for why). Inserts need no turn: they create new documents, and unique indexes are enforced
 * atomically. Code that writes through the raw driver bypasses this and must use `documentWrites` itself.
 */
export function serializeFerretDbWrites(schema: unknown): void {
  const s = schema as HookableSchema;
  for (const op of WRITE_QUERIES) {
    s.pre(op, async function (this: QueryLike) {
      this.__djnetRelease = await collectionWrites.acquire(`${this.model?.db?.name ?? ''}/${this.model?.collection?.collectionName ?? ''}`);
    });
    releaseHooks(s, op);
  }
  s.pre('save', async function (this: DocumentLike) {
    if (this.isNew) return;
    this.__djnetRelease = await collectionWrites.acquire(`${this.db?.name ?? ''}/${this.collection?.collectionName ?? ''}`);
  });
  releaseHooks(s, 'save');
}

/** True when the server behind the connection is FerretDB (its buildInfo says so). */
export async function isFerretDb(connection: Connection): Promise<boolean> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as { ferretdb?: unknown; ferretdbFeatures?: unknown };
  return info.ferretdb !== undefined || info.ferretdbFeatures !== undefined;
}
