import { startDatabaseServer } from '../../shared/src/database/databaseServer';

/**
 * One embedded database server for the whole test run (or MONGODB_URI when set). Every test uses
 * databases of its own (see testDatabase.ts), so tests never see each other's data.
 */
export default async function globalSetup(): Promise<void> {
  const server = await startDatabaseServer({ mongodbUri: process.env.MONGODB_URI, dataDir: 'temporary' });
  process.env.MONGODB_URI = server.uri;
  process.env.DJNET_TEST_DB_KIND = server.kind;
  (globalThis as { __djnetDatabase?: typeof server }).__djnetDatabase = server;
}
