import { createHash, randomBytes } from 'node:crypto';
import { bearer, createAccountDirect, loginToken } from '../support/accounts';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(4096)]);

interface MediaBody {
  id: string;
  url: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  alt: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Upload and serving of media through a real node's HTTP server. */
describe('media over HTTP', () => {
  let net: InProcessNetwork;
  let officer: string;
  let partner: string;
  const base = () => net.node('xingbin').url;

  const upload = (body: Buffer, headers: Record<string, string>) =>
    fetch(`${base()}/media`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: new Uint8Array(body),
    });

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
    ]);
    const xingbin = net.node('xingbin');
    await createAccountDirect(xingbin, { username: 'xb_admin', name: '兴宾管理员', role: 'admin' });
    await createAccountDirect(xingbin, { username: 'xb_officer', name: '韦信息员', role: 'officer' });
    await createAccountDirect(xingbin, { username: 'xb_partner', name: '合作方', role: 'partner' });
    officer = await loginToken(xingbin, 'xb_officer');
    partner = await loginToken(xingbin, 'xb_partner');
  });
  afterAll(async () => {
    await net?.stop();
  });

  it('stores an upload and serves the same bytes with the stored type, length, disposition and cache headers', async () => {
    const res = await upload(PNG, {
      ...bearer(officer),
      'content-type': 'image/png',
      'x-filename': encodeURIComponent('会议 现场.png'),
      'x-alt': encodeURIComponent('会议现场'),
    });
    expect(res.status).toBe(201);
    const media = (await res.json()) as MediaBody;
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    expect(media).toEqual({
      id: sha256.slice(0, 32),
      url: `${base()}/media/${sha256.slice(0, 32)}`,
      filename: '会议 现场.png',
      contentType: 'image/png',
      size: PNG.length,
      sha256,
      alt: '会议现场',
    });
    expect(res.headers.get('location')).toBe(media.url);

    const got = await fetch(media.url);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-length')).toBe(String(PNG.length));
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toBe(
      `inline; filename="__ __.png"; filename*=UTF-8''${encodeURIComponent('会议 现场.png')}`,
    );
    expect(got.headers.get('etag')).toBe(`"${sha256}"`);
    expect(got.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);

    // The same bytes again: the same media, 200 instead of 201.
    const again = await upload(PNG, { ...bearer(officer), 'content-type': 'image/png', 'x-filename': 'copy.png' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as MediaBody).id).toBe(media.id);
  });

  it('answers 304 to a matching If-None-Match, with the ETag and no body', async () => {
    const media = (await (
      await upload(PDF, { ...bearer(officer), 'content-type': 'application/pdf', 'x-filename': encodeURIComponent('通知.pdf') })
    ).json()) as MediaBody;
    const first = await fetch(media.url);
    expect(first.headers.get('content-disposition')).toBe(
      `attachment; filename="__.pdf"; filename*=UTF-8''${encodeURIComponent('通知.pdf')}`,
    );
    const etag = first.headers.get('etag')!;
    const cached = await fetch(media.url, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe(etag);
    expect((await cached.arrayBuffer()).byteLength).toBe(0);
    const other = await fetch(media.url, { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('serves an attachment larger than one stored part whole', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(9 * 1024 * 1024)]);
    const res = await upload(zip, { ...bearer(officer), 'x-filename': encodeURIComponent('材料汇编.zip') });
    expect(res.status).toBe(201);
    const media = (await res.json()) as MediaBody;
    expect(media).toMatchObject({ contentType: 'application/zip', size: zip.length });
    const got = await fetch(media.url);
    expect(got.headers.get('content-length')).toBe(String(zip.length));
    expect(Buffer.from(await got.arrayBuffer()).equals(zip)).toBe(true);
  });

  it('refuses anonymous (401) and non-writer (403) uploads without storing them', async () => {
    const before = await net.node('xingbin').context.models.Media.countDocuments();
    const anonymous = await upload(randomBytes(100), { 'content-type': 'application/pdf', 'x-filename': 'a.pdf' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ErrorBody).error.code).toBe('UNAUTHENTICATED');
    const forbidden = await upload(PDF, { ...bearer(partner), 'content-type': 'application/pdf', 'x-filename': 'a.pdf' });
    expect(forbidden.status).toBe(403);
    // A forged or malformed token is a 401 with its reason, not a 500.
    for (const authorization of ['Bearer not.a-valid-token', 'Basic abc']) {
      const refused = await upload(PDF, { authorization, 'content-type': 'application/pdf', 'x-filename': 'a.pdf' });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as ErrorBody).error.code).toBe('UNAUTHENTICATED');
    }
    expect(await net.node('xingbin').context.models.Media.countDocuments()).toBe(before);
  });

  it('answers 413 beyond the size limit and 400 for a wrong type or content', async () => {
    const big = Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(5 * 1024 * 1024)]);
    const tooLarge = await upload(big, { ...bearer(officer), 'content-type': 'image/png', 'x-filename': 'big.png' });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as ErrorBody).error).toMatchObject({ code: 'BAD_USER_INPUT', details: { reason: 'MEDIA_TOO_LARGE' } });

    // Streamed without Content-Length: refused once the limit is passed.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i++)
          controller.enqueue(i === 0 ? new Uint8Array(big.subarray(0, 1024 * 1024)) : new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const streamed = await fetch(`${base()}/media`, {
      method: 'POST',
      headers: { ...bearer(officer), 'content-type': 'image/png', 'x-filename': 'big.png' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as ErrorBody).error.details).toMatchObject({ reason: 'MEDIA_TOO_LARGE' });

    const fake = await upload(Buffer.from('<html><script>alert(1)</script></html>'), {
      ...bearer(officer),
      'content-type': 'image/png',
      'x-filename': 'x.png',
    });
    expect(fake.status).toBe(400);
    expect(((await fake.json()) as ErrorBody).error.details).toMatchObject({ reason: 'MEDIA_CONTENT_MISMATCH' });
    const html = await upload(Buffer.from('<html></html>'), { ...bearer(officer), 'content-type': 'text/html', 'x-filename': 'x.html' });
    expect(html.status).toBe(400);
    expect(((await html.json()) as ErrorBody).error.details).toMatchObject({ reason: 'MEDIA_TYPE_NOT_ALLOWED' });
  });

  it('answers 404 for an unknown id and 400 for a malformed one, as JSON', async () => {
    const unknown = await fetch(`${base()}/media/${'0'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe('NOT_FOUND');
    const malformed = await fetch(`${base()}/media/not-an-id`);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).error.code).toBe('BAD_USER_INPUT');
  });
});
