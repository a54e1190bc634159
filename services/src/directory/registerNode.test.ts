import { generateKeyPairSync } from 'node:crypto';
import type { Connection } from 'mongoose';
import { openNodeDatabase, ensureIndexes } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { directoryModels, type DirectoryModels } from './directoryModels';
import { issueRegistrationGrant, revokeRegistrationGrant } from './issueRegistrationGrant';
import { leaveNetwork, registerNode } from './registerNode';
import { readNodeKeys } from './directoryKeys';
import { directoryResolvers } from './directorySchema';
import { listSubgraphs } from './subgraphListing';
import { keyIdOf } from '../keys/ed25519';
import type { PublishedKey } from '../keys/nodeKeyring';
import { codeOf } from '../../../tests/support/expectations';

const sdl = 'type Query { x: Int }';
const registration = (over: Record<string, unknown> = {}) => ({
  code: 'xingbin',
  name: '兴宾区党建网',
  tier: 'county',
  parent: 'laibin',
  url: 'http://127.0.0.1:4101',
  schemaLevel: 1,
  sdlByLevel: { '1': sdl },
  ...over,
});

describe('registration with the city directory', () => {
  let connection: Connection;
  let models: DirectoryModels;
  let token: string;

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('directory'));
    models = directoryModels(connection);
    await ensureIndexes(connection);
    token = await issueRegistrationGrant(models, 'laibin', { code: 'xingbin', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('registers a node holding its token, and a repeated heartbeat is not a change', async () => {
    const first = await registerNode(models, token, registration());
    expect(first.changed).toBe(true);
    expect(first.entry).toMatchObject({ code: 'xingbin', status: 'active', schemaLevel: 1 });
    const again = await registerNode(models, token, registration());
    expect(again.changed).toBe(false);
    const moved = await registerNode(models, token, registration({ url: 'http://127.0.0.1:5101' }));
    expect(moved.changed).toBe(true);
  });

  it('keeps the SDLs apart from the entry, by content: a new version is listed and changes the etag, the old one is dropped', async () => {
    const sdlDocs = () => models.DirectorySdl.find({ code: 'xingbin' }).lean();
    const entry = await models.DirectoryEntry.findOne({ code: 'xingbin' }).lean();
    expect(entry).not.toHaveProperty('sdlByLevel');
    expect(entry?.sdlHash).toMatch(/^[\w-]{27}$/);
    expect((await sdlDocs()).map((d) => d._id)).toEqual([`xingbin:${entry!.sdlHash}`]);
    const listed = async () => {
      const l = await listSubgraphs(models, 60_000);
      return { etag: l.etag, sdl: l.subgraphs.find((x) => x.code === 'xingbin')?.sdlByLevel };
    };
    const before = await listed();
    expect(before.sdl).toEqual({ '1': sdl });

    const upgraded = await registerNode(
      models,
      token,
      registration({ url: 'http://127.0.0.1:5101', sdlByLevel: { '1': 'type Query { y: Int }' } }),
    );
    expect(upgraded.changed).toBe(true);
    const after = await listed();
    expect(after.sdl).toEqual({ '1': 'type Query { y: Int }' });
    expect(after.etag).not.toBe(before.etag);
    expect(await sdlDocs()).toHaveLength(1);
    // Back to the first version: stored again under the same id.
    await registerNode(models, token, registration({ url: 'http://127.0.0.1:5101' }));
    expect(await listed()).toEqual(before);
  });

  it('an entry written before the SDLs moved out is listed as it is and rewritten at the next heartbeat', async () => {
    const legacy = await issueRegistrationGrant(models, 'laibin', { code: 'xincheng', tier: 'county', parent: 'laibin' });
    const now = new Date();
    await models.DirectoryEntry.collection.insertOne({
      code: 'xincheng',
      name: '忻城县党建网',
      tier: 'county',
      parent: 'laibin',
      url: 'http://127.0.0.1:4102',
      status: 'active',
      registeredAt: now,
      lastSeen: now,
      keys: [],
      keysRevision: 0,
      schemaLevel: 1,
      sdlByLevel: { '1': sdl },
    });
    const listed = async () => (await listSubgraphs(models, 60_000)).subgraphs.find((x) => x.code === 'xincheng')?.sdlByLevel;
    expect(await listed()).toEqual({ '1': sdl });
    const heartbeat = await registerNode(
      models,
      legacy,
      registration({ code: 'xincheng', name: '忻城县党建网', url: 'http://127.0.0.1:4102' }),
    );
    expect(heartbeat.changed).toBe(false);
    expect(await models.DirectoryEntry.findOne({ code: 'xincheng' }).lean()).not.toHaveProperty('sdlByLevel');
    expect(await listed()).toEqual({ '1': sdl });
  });

  it('refuses a missing, wrong or revoked token and an unknown code', async () => {
    expect(await codeOf(registerNode(models, undefined, registration()))).toBe('UNAUTHENTICATED');
    expect(await codeOf(registerNode(models, 'djreg_wrongwrongwrongwrong', registration()))).toBe('UNAUTHENTICATED');
    expect(await codeOf(registerNode(models, token, registration({ code: 'heshan' })))).toBe('UNAUTHENTICATED');
    const other = await issueRegistrationGrant(models, 'laibin', { code: 'wuxuan', tier: 'county', parent: 'laibin' });
    await revokeRegistrationGrant(models, 'wuxuan');
    expect(await codeOf(registerNode(models, other, registration({ code: 'wuxuan' })))).toBe('UNAUTHENTICATED');
    expect(await models.DirectoryEntry.exists({ code: { $in: ['heshan', 'wuxuan'] } })).toBeNull();
  });

  it('refuses a node claiming another place in the tree than it was granted', async () => {
    expect(await codeOf(registerNode(models, token, registration({ tier: 'township', parent: 'heshan' })))).toBe('FORBIDDEN');
  });

  it('refuses malformed registrations with BAD_USER_INPUT and stores nothing', async () => {
    const before = await models.DirectoryEntry.findOne({ code: 'xingbin' }).lean();
    expect(await codeOf(registerNode(models, token, registration({ sdlByLevel: { '1': 'type {' } })))).toBe('BAD_USER_INPUT');
    expect(await codeOf(registerNode(models, token, registration({ url: 'not a url' })))).toBe('BAD_USER_INPUT');
    expect(await codeOf(registerNode(models, token, registration({ schemaLevel: 2 })))).toBe('BAD_USER_INPUT');
    expect(await codeOf(registerNode(models, token, 'garbage'))).toBe('BAD_USER_INPUT');
    expect(await models.DirectoryEntry.findOne({ code: 'xingbin' }).lean()).toEqual(before);
  });

  it('grants only under an existing parent of the right tier', async () => {
    expect(await codeOf(issueRegistrationGrant(models, 'laibin', { code: 'a_town', tier: 'township', parent: 'nowhere' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(issueRegistrationGrant(models, 'laibin', { code: 'b_county', tier: 'county', parent: 'xingbin' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(issueRegistrationGrant(models, 'laibin', { code: 'Bad-Code', tier: 'county', parent: 'laibin' }))).toBe(
      'BAD_USER_INPUT',
    );
    await expect(
      issueRegistrationGrant(models, 'laibin', { code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' }),
    ).resolves.toMatch(/^djreg_/);
  });

  it('a node leaves with its token and is marked left', async () => {
    expect(await codeOf(leaveNetwork(models, 'djreg_nopenopenopenope', 'xingbin'))).toBe('UNAUTHENTICATED');
    expect(await leaveNetwork(models, token, 'xingbin')).toBe(true);
    expect((await models.DirectoryEntry.findOne({ code: 'xingbin' }).lean())?.status).toBe('left');
  });
});

function newPublishedKey(createdAt: string): PublishedKey {
  const { publicKey } = generateKeyPairSync('ed25519');
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    createdAt,
    retiredAt: null,
  };
}

describe('published keys in the city directory', () => {
  let connection: Connection;
  let models: DirectoryModels;
  let token: string;
  const reg = (publicKeys: PublishedKey[], over: Record<string, unknown> = {}) =>
    registration({ code: 'xiangzhou', name: '象州县党建网', publicKeys, ...over });
  const keyIds = async () => (await readNodeKeys(models, 'xiangzhou'))?.keys.map((k) => [k.keyId, k.retiredAt !== null]);

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('directory_keys'));
    models = directoryModels(connection);
    await ensureIndexes(connection);
    token = await issueRegistrationGrant(models, 'laibin', { code: 'xiangzhou', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const k1 = newPublishedKey('2024-01-01T00:00:00.000Z');
  const k2 = newPublishedKey('2024-06-01T00:00:00.000Z');
  const k3 = newPublishedKey('2024-09-01T00:00:00.000Z');

  it('stores the keys a node registers and serves the active one as SiteInfo.publicKey', async () => {
    const first = await registerNode(models, token, reg([k1]));
    expect(first.changed).toBe(true);
    expect(await keyIds()).toEqual([[k1.keyId, false]]);
    const site = await directoryResolvers(models, 60_000).Query.site(undefined, { code: 'xiangzhou' });
    expect(site?.publicKey).toBe(k1.publicKeyPem);
    expect(await readNodeKeys(models, 'nowhere')).toBeNull();
  });

  it('a rotation adds the new key, keeps the retired one, and is not a change for the gateway', async () => {
    const etagBefore = (await listSubgraphs(models, 60_000)).etag;
    const rotated = await registerNode(models, token, reg([{ ...k1, retiredAt: '2024-06-01T00:00:00.000Z' }, k2]));
    expect(rotated.changed).toBe(false);
    expect(await keyIds()).toEqual([
      [k1.keyId, true],
      [k2.keyId, false],
    ]);
    expect((await listSubgraphs(models, 60_000)).etag).toBe(etagBefore);
    const site = await directoryResolvers(models, 60_000).Query.site(undefined, { code: 'xiangzhou' });
    expect(site?.publicKey).toBe(k2.publicKeyPem);
  });

  it('never drops a key and never un-retires one', async () => {
    // A node whose database lost its old key, and a late heartbeat still carrying the old list.
    expect((await registerNode(models, token, reg([k2]))).changed).toBe(false);
    expect((await registerNode(models, token, reg([k1]))).changed).toBe(false);
    expect((await registerNode(models, token, reg([]))).changed).toBe(false);
    expect(await keyIds()).toEqual([
      [k1.keyId, true],
      [k2.keyId, false],
    ]);
  });

  it('concurrent registrations of one node lose no key', async () => {
    const k4 = newPublishedKey('2024-10-01T00:00:00.000Z');
    await Promise.all([
      registerNode(models, token, reg([k3])),
      registerNode(models, token, reg([k4])),
      registerNode(models, token, reg([k2])),
    ]);
    expect((await keyIds())?.map(([id]) => id)).toEqual([k1.keyId, k2.keyId, k3.keyId, k4.keyId]);
  });

  it('refuses a key whose id does not match it, or that is not Ed25519, and stores nothing', async () => {
    const before = await models.DirectoryEntry.findOne({ code: 'xiangzhou' }).lean();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const wrongType = { ...k3, keyId: keyIdOf(rsa), publicKeyPem: rsa.export({ type: 'spki', format: 'pem' }).toString() };
    const fake = newPublishedKey('2025-01-01T00:00:00.000Z');
    for (const bad of [
      { ...fake, keyId: k1.keyId },
      wrongType,
      { ...fake, publicKeyPem: 'garbage' },
      { ...fake, createdAt: 'yesterday' },
    ]) {
      expect(await codeOf(registerNode(models, token, reg([bad])))).toBe('BAD_USER_INPUT');
    }
    expect(await models.DirectoryEntry.findOne({ code: 'xiangzhou' }).lean()).toEqual(before);
  });
});
