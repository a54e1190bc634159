import { createHash, createPublicKey } from 'node:crypto';
import type { Connection } from 'mongoose';
import { openNodeDatabase } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { loadNodeKeyring } from './loadNodeKeyring';
import { nodeKeyModel } from './nodeKeyModel';

describe('node keyring', () => {
  const connections: Connection[] = [];
  const open = async (name: string) => {
    const connection = await openNodeDatabase(testMongoUri(), name);
    connections.push(connection);
    return nodeKeyModel(connection);
  };
  const now = () => new Date();
  const data = Buffer.from('党建 信息员 兴宾区', 'utf8');

  afterAll(async () => {
    await connections[0]?.dropDatabase();
    for (const c of connections) await c.close();
  });

  it('generates one key on first start and reuses it on restart', async () => {
    const name = uniqueDatabaseName('keys');
    const keys = await open(name);
    const first = await loadNodeKeyring(keys, now);
    expect(await keys.countDocuments()).toBe(1);
    const published = first.publishedKeys();
    expect(published).toHaveLength(1);
    const der = createPublicKey(published[0]!.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(first.activeKeyId()).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
    expect(published[0]).toMatchObject({ keyId: first.activeKeyId(), retiredAt: null });

    const signed = first.sign(data);
    expect(signed.keyId).toBe(first.activeKeyId());
    expect(first.verifyOwn(signed.keyId, data, signed.signature)).toBe(true);
    expect(first.verifyOwn(signed.keyId, Buffer.from('篡改'), signed.signature)).toBe(false);
    expect(first.verifyOwn('0000000000000000', data, signed.signature)).toBe(false);
    expect(first.verifyOwn(signed.keyId, data, 'not-a-signature')).toBe(false);

    const restarted = await loadNodeKeyring(await open(name), now);
    expect(restarted.activeKeyId()).toBe(first.activeKeyId());
    expect(restarted.verifyOwn(signed.keyId, data, signed.signature)).toBe(true);
    expect(await keys.countDocuments()).toBe(1);
  });

  it('rotation makes a new active key and keeps the old one published and verifiable', async () => {
    const name = uniqueDatabaseName('keys');
    const keyring = await loadNodeKeyring(await open(name), now);
    const oldId = keyring.activeKeyId();
    const old = keyring.sign(data);
    const newId = await keyring.rotate();
    expect(newId).not.toBe(oldId);
    expect(keyring.activeKeyId()).toBe(newId);
    expect(keyring.sign(data).keyId).toBe(newId);
    expect(keyring.verifyOwn(oldId, data, old.signature)).toBe(true);
    const published = keyring.publishedKeys();
    expect(published.map((k) => k.keyId)).toEqual([oldId, newId]);
    expect(published[0]!.retiredAt).not.toBeNull();
    expect(published[1]!.retiredAt).toBeNull();

    const restarted = await loadNodeKeyring(await open(name), now);
    expect(restarted.activeKeyId()).toBe(newId);
    expect(restarted.verifyOwn(oldId, data, old.signature)).toBe(true);
  });

  it('two processes starting together on one database end with one active key', async () => {
    const name = uniqueDatabaseName('keys');
    const models = await Promise.all([open(name), open(name), open(name)]);
    const rings = await Promise.all(models.map((m) => loadNodeKeyring(m, now)));
    const ids = new Set(rings.map((r) => r.activeKeyId()));
    expect(ids.size).toBe(1);
    expect(await models[0]!.countDocuments({ retiredAt: null })).toBe(1);

    // Concurrent rotations by two processes of the node also leave exactly one active key.
    await Promise.all([rings[0]!.rotate(), rings[1]!.rotate()]);
    const reloaded = await Promise.all(models.map((m) => loadNodeKeyring(m, now)));
    expect(new Set(reloaded.map((r) => r.activeKeyId())).size).toBe(1);
    expect(await models[0]!.countDocuments({ retiredAt: null })).toBe(1);
  });
});
