import type { Connection } from 'mongoose';
import { ensureIndexes, hashPartnerKey, openNodeDatabase } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { issuePartnerKey } from './issuePartnerKey';
import { partnerKeyModel, type PartnerKeyModel } from './partnerKeyModel';
import { listPartnerKeys } from './partnerKeyListing';
import { refusal } from '../../../tests/support/expectations';

describe('issuing a partner key', () => {
  let connection: Connection;
  let keys: PartnerKeyModel;

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('partners_issue'));
    keys = partnerKeyModel(connection);
    await ensureIndexes(connection);
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('returns the key once and stores only its hash, with the partner’s limits and origins', async () => {
    const now = new Date('2024-05-01T08:00:00Z');
    const { key, doc } = await issuePartnerKey(
      keys,
      {
        name: '桂中日报客户端',
        contact: '王编辑 0772-1234567',
        requestsPerMinute: 120,
        allowedOrigins: ['https://news.example.cn', 'http://localhost:3000', 'https://news.example.cn'],
        allowListOnly: true,
      },
      'admin-1',
      now,
    );
    expect(key).toMatch(/^djpk_[A-Za-z0-9_-]{32}$/);
    const stored = await keys.findById(doc._id).lean();
    expect(stored).toMatchObject({
      name: '桂中日报客户端',
      contact: '王编辑 0772-1234567',
      keyHash: hashPartnerKey(key),
      keyPrefix: key.slice(0, 10),
      requestsPerMinute: 120,
      allowedOrigins: ['https://news.example.cn', 'http://localhost:3000'],
      allowListOnly: true,
      createdBy: 'admin-1',
      revokedAt: null,
    });
    expect(stored!.createdAt.toISOString()).toBe(now.toISOString());
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it('defaults: 600 requests a minute, no browser origins, any operation', async () => {
    const { doc } = await issuePartnerKey(keys, { name: '象州县政务网' }, 'admin-1');
    expect(doc).toMatchObject({ requestsPerMinute: 600, allowedOrigins: [], allowListOnly: false, contact: null });
  });

  it('refuses a wrong field, naming it', async () => {
    expect((await refusal(issuePartnerKey(keys, { name: '  ' }, 'a'))).details).toEqual({ field: 'name' });
    expect((await refusal(issuePartnerKey(keys, { name: 'x', requestsPerMinute: 0 }, 'a'))).details).toEqual({
      field: 'requestsPerMinute',
    });
    for (const origin of ['news.example.cn', 'https://news.example.cn/path', 'ftp://x.cn', 'https://a.cn/']) {
      const e = await refusal(issuePartnerKey(keys, { name: 'x', allowedOrigins: [origin] }, 'a'));
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.details).toEqual({ field: 'allowedOrigins' });
    }
  });

  it('lists keys for gateways by hash, without contact details', async () => {
    const { key, doc } = await issuePartnerKey(keys, { name: '来宾新闻 App', contact: '13800000000' }, 'admin-1');
    const listing = await listPartnerKeys(keys);
    const listed = listing.keys.find((k) => k.id === doc._id);
    expect(listed).toEqual({
      id: doc._id,
      name: '来宾新闻 App',
      keyHash: hashPartnerKey(key),
      requestsPerMinute: 600,
      allowedOrigins: [],
      allowListOnly: false,
      revoked: false,
    });
    expect(JSON.stringify(listing)).not.toContain('13800000000');
    expect(listing.etag).toMatch(/^".+"$/);
  });
});
