import type { Connection } from 'mongoose';
import { DomainError, ensureIndexes, openNodeDatabase, type Logger } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import type { Actor } from '../accounts/actor';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { issuePartnerKey } from './issuePartnerKey';
import { listPartnerKeys } from './partnerKeyListing';
import { partnerKeyModel, type PartnerKeyModel } from './partnerKeyModel';
import { partnerResolvers } from './partnerSchema';
import { revokePartnerKey } from './revokePartnerKey';

describe('revoking a partner key', () => {
  let connection: Connection;
  let keys: PartnerKeyModel;

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('partners_revoke'));
    keys = partnerKeyModel(connection);
    await ensureIndexes(connection);
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('marks the key revoked, flags it in the gateway listing and changes the listing’s ETag', async () => {
    const { doc } = await issuePartnerKey(keys, { name: '合作方甲' }, 'admin-1');
    const before = await listPartnerKeys(keys);
    const at = new Date('2024-06-01T00:00:00Z');
    const revoked = await revokePartnerKey(keys, doc._id, 'admin-2', at);
    expect(revoked.revokedAt?.toISOString()).toBe(at.toISOString());
    expect(revoked.revokedBy).toBe('admin-2');
    const after = await listPartnerKeys(keys);
    expect(after.keys.find((k) => k.id === doc._id)?.revoked).toBe(true);
    expect(after.etag).not.toBe(before.etag);
  });

  it('revoking twice keeps the first revocation', async () => {
    const { doc } = await issuePartnerKey(keys, { name: '合作方乙' }, 'admin-1');
    const first = await revokePartnerKey(keys, doc._id, 'admin-1', new Date('2024-06-01T00:00:00Z'));
    const second = await revokePartnerKey(keys, doc._id, 'admin-2', new Date('2024-07-01T00:00:00Z'));
    expect(second.revokedAt?.toISOString()).toBe(first.revokedAt?.toISOString());
    expect(second.revokedBy).toBe('admin-1');
  });

  it('an unknown key is NOT_FOUND', async () => {
    await expect(revokePartnerKey(keys, 'no-such-key', 'admin-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  describe('through GraphQL, only an admin of the city', () => {
    const silent = { info: () => undefined, warn: () => undefined } as unknown as Logger;
    const city = {
      config: { code: 'laibin' },
      network: { ancestors: () => [] },
      log: silent,
      now: () => new Date(),
    } as unknown as NodeContext;
    const actor = (over: Partial<Actor>): Actor => ({
      accountId: 'acc-1',
      username: 'u',
      name: '测试',
      role: 'admin',
      node: 'laibin',
      reviewLevel: 3,
      ...over,
    });
    const ctx = (a: Actor | null): RequestContext => ({ node: city, actor: a });
    let changed = 0;
    const resolvers = () => partnerResolvers({ keys, keysChanged: () => changed++ });

    it('the city admin issues, lists and revokes, and gateways are told each time', async () => {
      const r = resolvers();
      const issued = await r.Mutation.issuePartnerKey(null, { input: { name: '合作方丙' } }, ctx(actor({})));
      expect(issued.key).toMatch(/^djpk_/);
      const listed = await r.Query.partnerKeys(null, {}, ctx(actor({})));
      expect(listed.find((k) => k.id === issued.partnerKey.id)).toMatchObject({ name: '合作方丙', revokedAt: null });
      expect(JSON.stringify(listed)).not.toContain(issued.key);
      const revoked = await r.Mutation.revokePartnerKey(null, { id: issued.partnerKey.id }, ctx(actor({})));
      expect(revoked.revokedBy).toBe('acc-1');
      expect(changed).toBe(2);
    });

    it('refuses the public, editors of the city and admins of other nodes', async () => {
      const r = resolvers();
      const code = async (a: Actor | null) => {
        try {
          await r.Mutation.issuePartnerKey(null, { input: { name: 'x' } }, ctx(a));
        } catch (e) {
          return (e as DomainError).code;
        }
        return 'issued';
      };
      expect(await code(null)).toBe('UNAUTHENTICATED');
      expect(await code(actor({ role: 'editor' }))).toBe('FORBIDDEN');
      expect(await code(actor({ node: 'xingbin' }))).toBe('FORBIDDEN');
      await expect(r.Query.partnerKeys(null, {}, ctx(actor({ role: 'partner' })))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
