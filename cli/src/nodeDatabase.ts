import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { createLogger, openNodeDatabase, startDatabaseServer, type NodeConfig } from '@djnet/shared';

/**
 * Runs work against a node's own database, the way the node itself reaches it (MONGODB_URI, or the embedded
 * server under the node's data folder), and closes everything afterwards. For commands run on the node's server.
 */
export async function withNodeDatabase<T>(config: NodeConfig, work: (connection: Connection) => Promise<T>): Promise<T> {
  const log = createLogger({ component: 'cli' }, 'warn');
  const db = await startDatabaseServer({ mongodbUri: config.mongodbUri, dataDir: join(config.dataDir, 'ferretdb'), log });
  try {
    const connection = await openNodeDatabase(db.uri, config.databaseName);
    try {
      return await work(connection);
    } finally {
      await connection.close();
    }
  } finally {
    await db.stop();
  }
}
