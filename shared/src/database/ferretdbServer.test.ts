import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ensureFerretDbBinary } from './ferretdbBinary';
import { startFerretDb } from './ferretdbServer';
import { defaultToolsDir } from './projectPaths';

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const embedded = process.env.DJNET_TEST_DB_KIND === 'ferretdb' ? describe : describe.skip;

embedded('embedded FerretDB', () => {
  it('starts on loopback with its files in the given folder, keeps data across restarts, and stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'djnet-ferret-test-'));
    try {
      const binary = await ensureFerretDbBinary(defaultToolsDir());
      const first = await startFerretDb(binary, dir);
      expect(first.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      const client = new MongoClient(first.uri);
      await client
        .db('persist')
        .collection('c')
        .insertOne({ _id: 'x' as never, v: 1 });
      await client.close();
      await first.stop();
      expect(processAlive(first.pid!)).toBe(false);

      const second = await startFerretDb(binary, dir);
      const again = new MongoClient(second.uri);
      expect(
        await again
          .db('persist')
          .collection('c')
          .findOne({ _id: 'x' as never }),
      ).toMatchObject({ v: 1 });
      await again.close();
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
