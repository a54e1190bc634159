import type { Connection } from 'mongoose';
import { ensureIndexes, openNodeDatabase } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { directoryModels, type DirectoryModels } from './directoryModels';
import { mergeKeys, storeNodeKeys } from './storeNodeKeys';
import type { PublishedKey } from '../keys/nodeKeyring';

const key = (keyId: string, createdAt: string, retiredAt: string | null = null): PublishedKey => ({
  keyId,
  publicKeyPem: `pem-${keyId}`,
  createdAt,
  retiredAt,
});

describe('mergeKeys', () => {
  it('adds new ids, retires once, never drops or un-retires, keeps creation order', () => {
    const a = key('aaaaaaaaaaaaaaaa', '2024-01-01T00:00:00Z');
    const b = key('bbbbbbbbbbbbbbbb', '2024-02-01T00:00:00Z');
    const first = mergeKeys([], [b, a]);
    expect(first.changed).toBe(true);
    expect(first.keys.map((k) => k.keyId)).toEqual([a.keyId, b.keyId]);
    expect(mergeKeys(first.keys, [a, b]).changed).toBe(false);
    expect(mergeKeys(first.keys, []).keys).toHaveLength(2);
    const retired = mergeKeys(first.keys, [{ ...a, retiredAt: '2024-02-01T00:00:00Z' }]);
    expect(retired.changed).toBe(true);
    expect(retired.keys[0]!.retiredAt).toEqual(new Date('2024-02-01T00:00:00Z'));
    const stale = mergeKeys(retired.keys, [a, { ...b, publicKeyPem: 'other' }]);
    expect(stale.changed).toBe(false);
    expect(stale.keys[0]!.retiredAt).not.toBeNull();
    expect(stale.keys[1]!.publicKeyPem).toBe(b.publicKeyPem);
  });
});

describe('storeNodeKeys', () => {
  let connection: Connection;
  let models: DirectoryModels;

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('store_keys'));
    models = directoryModels(connection);
    await ensureIndexes(connection);
    const now = new Date();
    // An entry written before keys existed (no keys, no revision).
    await models.DirectoryEntry.collection.insertOne({
      code: 'heshan',
      name: '合山市党建网',
      tier: 'county',
      parent: 'laibin',
      url: 'http://127.0.0.1:1',
      status: 'active',
      registeredAt: now,
      lastSeen: now,
      schemaLevel: 1,
      sdlByLevel: {},
    });
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('stores keys on an entry, concurrently, losing none', async () => {
    const keys = Array.from({ length: 6 }, (_, i) => key(`${i}`.repeat(16), `2024-0${i + 1}-01T00:00:00Z`));
    await Promise.all(keys.map((k) => storeNodeKeys(models, 'heshan', [k])));
    const entry = await models.DirectoryEntry.findOne({ code: 'heshan' }).lean();
    expect(entry?.keys.map((k) => k.keyId)).toEqual(keys.map((k) => k.keyId));
    expect(entry?.keysRevision).toBe(6);
    await expect(storeNodeKeys(models, 'nowhere', keys)).rejects.toThrow(/nowhere/);
  });
});
