import type { Server } from 'node:http';
import express from 'express';
import { createLogger, hashPartnerKey, type ListedPartnerKey } from '@djnet/shared';
import { gatewayAccess, type AccessOptions, type RefusalReason } from './gatewayAccess';
import { OperationManifest, sha256 } from './operationManifest';
import { PartnerKeyRegistry } from './partnerKeys';
import { RateLimiter } from './rateLimiter';

const REGISTERED = 'query Headlines { network { xingbin { articles(first: 5) { nodes { title } } } } }';

const listed = (over: Partial<ListedPartnerKey> & { key: string }): ListedPartnerKey => {
  const { key, ...rest } = over;
  return {
    id: key,
    name: key,
    keyHash: hashPartnerKey(key),
    requestsPerMinute: 100,
    allowedOrigins: [],
    allowListOnly: false,
    revoked: false,
    ...rest,
  };
};

describe('gateway access (keys, CORS, rate limits, allow-list)', () => {
  let server: Server;
  let base: string;
  const refusals: RefusalReason[] = [];
  const keys = new PartnerKeyRegistry('http://127.0.0.1:9', createLogger({}, 'silent'));
  let now = 0;
  const options: AccessOptions = {
    keys,
    limiter: new RateLimiter(1000, () => now),
    manifest: new OperationManifest([{ body: REGISTERED, name: 'Headlines' }]),
    anonymousRequestsPerMinute: 2,
    staffRequestsPerMinute: 100,
    allowListMode: 'flagged',
    corsOrigins: ['https://www.laibin.gov.cn'],
    onRefused: (r) => refusals.push(r),
  };

  beforeAll(async () => {
    const app = express();
    app.set('trust proxy', false);
    app.use('/graphql', express.json(), gatewayAccess(options), (_req, res) => void res.json({ data: { ok: true } }));
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const firstError = async (response: Response) =>
    ((await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors[0]!;

  const post = (headers: Record<string, string>, body: unknown = { query: '{ network { xingbin { name } } }' }) =>
    fetch(base, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers 503 for a key before the key listing has been read, then knows it', async () => {
    const response = await post({ 'x-api-key': 'djpk_a' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    keys.replace({
      etag: '"1"',
      keys: [
        listed({ key: 'djpk_a', allowedOrigins: ['https://news.example.cn'] }),
        listed({ key: 'djpk_slow', requestsPerMinute: 3 }),
        listed({ key: 'djpk_old', revoked: true }),
        listed({ key: 'djpk_listed', allowListOnly: true }),
      ],
    });
    expect((await post({ 'x-api-key': 'djpk_a' })).status).toBe(200);
  });

  it('refuses an unknown key and a revoked key with 401 and a GraphQL-shaped error', async () => {
    const unknown = await post({ 'x-api-key': 'djpk_nope' });
    expect(unknown.status).toBe(401);
    expect(await firstError(unknown)).toEqual({ message: 'API 密钥无效', extensions: { code: 'UNKNOWN_API_KEY' } });
    const revoked = await post({ 'x-api-key': 'djpk_old' });
    expect(revoked.status).toBe(401);
    expect((await firstError(revoked)).extensions.code).toBe('API_KEY_REVOKED');
  });

  it('limits a key to its requests per minute: 429 with Retry-After, then allowed again', async () => {
    for (let i = 0; i < 3; i++) expect((await post({ 'x-api-key': 'djpk_slow' })).status).toBe(200);
    const over = await post({ 'x-api-key': 'djpk_slow' });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('20');
    expect(over.headers.get('x-ratelimit-limit')).toBe('3');
    expect((await firstError(over)).extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 20, limit: 3 });
    // Another key is not affected.
    expect((await post({ 'x-api-key': 'djpk_a' })).status).toBe(200);
    now += 20_000;
    expect((await post({ 'x-api-key': 'djpk_slow' })).status).toBe(200);
  });

  it('gives anonymous callers the anonymous limit, per IP, and staff theirs', async () => {
    expect((await post({})).status).toBe(200);
    expect((await post({})).status).toBe(200);
    expect((await post({})).status).toBe(429);
    expect((await post({ authorization: 'Bearer x' })).status).toBe(200);
    now += 60_000;
  });

  it('answers CORS by the key’s own origins', async () => {
    const allowed = await post({ 'x-api-key': 'djpk_a', origin: 'https://news.example.cn' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://news.example.cn');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('retry-after');
    const other = await post({ 'x-api-key': 'djpk_a', origin: 'https://evil.example.com' });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await firstError(other)).extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    // A key without origins is for servers: a browser page cannot use it.
    expect((await post({ 'x-api-key': 'djpk_slow', origin: 'https://news.example.cn' })).status).toBe(403);
    // Without a key, the gateway's own list applies (the portal).
    const portal = await post({ origin: 'https://www.laibin.gov.cn' });
    expect(portal.headers.get('access-control-allow-origin')).toBe('https://www.laibin.gov.cn');
  });

  it('answers a preflight for origins that some key or the portal list allows', async () => {
    const preflight = (origin: string) =>
      fetch(base, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' },
      });
    const ok = await preflight('https://news.example.cn');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://news.example.cn');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type, x-api-key');
    expect((await preflight('https://evil.example.com')).status).toBe(403);
  });

  it('holds an allow-list key to the registered operations, by text or by hash', async () => {
    const refused = await post({ 'x-api-key': 'djpk_listed' });
    expect(refused.status).toBe(403);
    expect((await firstError(refused)).extensions.code).toBe('OPERATION_NOT_ALLOWED');
    expect((await post({ 'x-api-key': 'djpk_listed' }, { query: REGISTERED })).status).toBe(200);
    const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(REGISTERED) } } };
    expect((await post({ 'x-api-key': 'djpk_listed' }, byHash)).status).toBe(200);
    const unknownHash = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ x }') } }, query: '{ x }' };
    expect((await post({ 'x-api-key': 'djpk_listed' }, unknownHash)).status).toBe(403);
    const get = await fetch(`${base}?extensions=${encodeURIComponent(JSON.stringify(byHash.extensions))}`, {
      headers: { 'x-api-key': 'djpk_listed' },
    });
    expect(get.status).toBe(200);
    // Keys without the flag run anything.
    expect((await post({ 'x-api-key': 'djpk_a' })).status).toBe(200);
  });

  it('refuses anonymous callers altogether when their limit is 0', async () => {
    options.anonymousRequestsPerMinute = 0;
    const response = await post({});
    expect(response.status).toBe(401);
    expect((await firstError(response)).extensions.code).toBe('API_KEY_REQUIRED');
    expect(refusals).toEqual(
      expect.arrayContaining([
        'unknown_key',
        'revoked_key',
        'rate_limited',
        'origin_not_allowed',
        'operation_not_allowed',
        'anonymous_refused',
      ]),
    );
  });
});
