import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, defaultToolsDir, ensureFerretDbBinary, parseNodeConfig, startFerretDb, type EmbeddedServer } from '@djnet/shared';
import { startNode, type RunningNode } from './startNode';

const embedded = process.env.DJNET_TEST_DB_KIND === 'ferretdb' ? describe : describe.skip;

/** Readiness follows the database: a node whose database goes away reports 503 on /readyz but stays healthy. */
embedded('node readiness', () => {
  let dir: string;
  let db: EmbeddedServer;
  let node: RunningNode;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'djnet-ready-'));
    db = await startFerretDb(await ensureFerretDbBinary(defaultToolsDir()), join(dir, 'db'));
    const config = parseNodeConfig({ code: 'laibin', name: '来宾市党建网', tier: 'city', port: 0, mongodbUri: db.uri, dataDir: dir });
    node = await startNode(config, createLogger({ test: 'ready' }, 'silent'));
  });
  afterAll(async () => {
    await node?.stop();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready with its database and not ready without it', async () => {
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    await db.stop();
    const response = await fetch(`${node.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'not-ready', database: 'unreachable' });
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
  });
});
