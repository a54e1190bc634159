import mongoose, { type Connection } from 'mongoose';
import { isFerretDb, serializeFerretDbWrites } from './ferretdbWrites';

export interface ConnectionOptions {
  /** Small pools: a township node serves little traffic, and 77 nodes share one machine in the benchmark. */
  maxPoolSize?: number;
  serverSelectionTimeoutMS?: number;
}

/** Opens a node's own database. Each node has exactly one; no node opens another node's database. */
export async function openNodeDatabase(uri: string, databaseName: string, options: ConnectionOptions = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName: databaseName,
    maxPoolSize: options.maxPoolSize ?? 5,
    minPoolSize: 0,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000,
    // Indexes are created explicitly at start-up (ensureIndexes), so a failure is reported, not swallowed.
    autoIndex: false,
    autoCreate: true,
  });
  await connection.asPromise();
  // Before any model is compiled on this connection: FerretDB loses concurrent updates of one document.
  if (await isFerretDb(connection)) connection.plugin(serializeFerretDbWrites);
  return connection;
}

/** Creates every model's indexes on this connection; resolves when all exist. */
export async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) {
    await model.createCollection().catch((e: { codeName?: string }) => {
      if (e.codeName !== 'NamespaceExists') throw e;
    });
    await model.createIndexes();
  }
}

/** True when the database answers a ping within the timeout. */
export async function databaseReachable(connection: Connection, timeoutMs = 1_000): Promise<boolean> {
  const db = connection.db;
  if (!db || connection.readyState !== 1) return false;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
