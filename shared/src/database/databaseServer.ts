import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../logging/logger';
import { ensureFerretDbBinary, goToolchainAvailable, EmbeddedDatabaseUnavailable } from './ferretdbBinary';
import { startFerretDb } from './ferretdbServer';
import { defaultToolsDir } from './projectPaths';
import { toolsDirFromEnvironment } from '../config/environment';

export interface DatabaseServer {
  /** A MongoDB connection string without a database name; each node picks its own database. */
  uri: string;
  kind: 'external' | 'ferretdb' | 'mongodb-memory-server';
  stop(): Promise<void>;
}

export interface DatabaseServerOptions {
  /** MONGODB_URI when set: used as it is, nothing is started. */
  mongodbUri?: string;
  /** Folder for the embedded server's files; `temporary` makes and removes a temp folder (tests). */
  dataDir: string | 'temporary';
  toolsDir?: string;
  log?: Logger;
}

async function tryMongoMemoryServer(): Promise<DatabaseServer | undefined> {
  let mod: { MongoMemoryServer: { create(): Promise<{ getUri(): string; stop(): Promise<boolean> }> } };
  try {
    // Optional fallback for machines without Go: only used when the package is installed.
    mod = require('mongodb-memory-server') as typeof mod;
  } catch {
    return undefined;
  }
  const server = await mod.MongoMemoryServer.create();
  return { uri: server.getUri(), kind: 'mongodb-memory-server', stop: async () => void (await server.stop()) };
}

/**
 * The one module that decides where data lives: MONGODB_URI when given, otherwise an embedded
 * MongoDB-compatible server (FerretDB built with the machine's Go toolchain; mongodb-memory-server when
 * there is no Go but that package is installed).
 */
export async function startDatabaseServer(options: DatabaseServerOptions): Promise<DatabaseServer> {
  if (options.mongodbUri) return { uri: options.mongodbUri, kind: 'external', stop: async () => undefined };

  if (!(await goToolchainAvailable())) {
    const fallback = await tryMongoMemoryServer();
    if (fallback) return fallback;
    throw new EmbeddedDatabaseUnavailable('未找到 Go 工具链，也未安装 mongodb-memory-server');
  }
  const binary = await ensureFerretDbBinary(options.toolsDir ?? toolsDirFromEnvironment() ?? defaultToolsDir(), options.log);
  const temporary = options.dataDir === 'temporary';
  const dataDir = temporary ? mkdtempSync(join(tmpdir(), 'djnet-ferretdb-')) : options.dataDir;
  const server = await startFerretDb(binary, dataDir, options.log);
  return {
    uri: server.uri,
    kind: 'ferretdb',
    stop: async () => {
      await server.stop();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
