import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { ensureIndexes, openNodeDatabase } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import type { Actor } from '../accounts/actor';
import type { Role } from '../accounts/accountModel';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { nodeModels } from '../node/nodeModels';
import { MEDIA_CHUNK_BYTES, mediaChunkModel } from './mediaModel';
import { cleanFilename, MEDIA_LIMITS, resolveContentType } from './mediaPolicy';
import { readMedia } from './readMedia';
import { storeMedia, storeMediaAs, MediaRefusal, MediaTooLarge } from './storeMedia';
import { refusal } from '../../../tests/support/expectations';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size = 64) => Buffer.concat([PNG_SIGNATURE, randomBytes(size)]);
const jpeg = (size = 64) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size)]);
const pdf = (size = 64) => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size)]);

/** How a refusal looks to the caller: its code, the reason it names, the HTTP status it maps to. */
async function refused(p: Promise<unknown>): Promise<{ code: string; reason: unknown; status: number }> {
  const err = await refusal(p);
  return { code: err.code, reason: err.details?.reason, status: err.httpStatus };
}

async function readAll(node: NodeContext, id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of (await readMedia(node, id)).parts()) parts.push(part);
  return Buffer.concat(parts);
}

describe('storeMedia', () => {
  let connection: Connection;
  let node: NodeContext;
  const as = (role: Role | null, home = 'xingbin'): RequestContext => {
    const actor: Actor | null = role ? { accountId: `acct_${role}`, username: role, name: role, role, node: home, reviewLevel: 1 } : null;
    return { node, actor };
  };

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('media'));
    await ensureIndexes(connection);
    // Only what the media commands use of a node.
    node = {
      config: { code: 'xingbin' },
      network: { ancestors: () => ['laibin'] },
      connection,
      models: nodeModels(connection),
      now: () => new Date(),
    } as unknown as NodeContext;
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('stores an image with its hash, cleaned name and alt text, and reads it back', async () => {
    const bytes = png();
    const { doc, created } = await storeMedia(as('officer'), {
      bytes,
      contentType: 'image/png',
      filename: 'C:\\照片\\会议现场.png',
      alt: ' 会议现场 ',
    });
    expect(created).toBe(true);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(doc).toMatchObject({
      _id: sha256.slice(0, 32),
      sha256,
      filename: '会议现场.png',
      contentType: 'image/png',
      size: bytes.length,
      alt: '会议现场',
      uploadedBy: 'acct_officer',
    });
    expect(doc).not.toHaveProperty('data');
    expect((await readAll(node, doc._id)).equals(bytes)).toBe(true);
  });

  it('gives the same bytes the same media, whoever uploads them under whatever name', async () => {
    const bytes = jpeg();
    const first = await storeMedia(as('officer'), { bytes, contentType: 'image/jpeg', filename: 'a.jpg' });
    const again = await storeMedia(as('editor'), { bytes, contentType: 'image/jpeg', filename: 'b.jpg' });
    expect(again.created).toBe(false);
    expect(again.doc._id).toBe(first.doc._id);
    expect(again.doc.filename).toBe('a.jpg');
    // Racing uploads of the same new bytes end with one document.
    const racing = pdf();
    const results = await Promise.all(
      [1, 2, 3].map((i) => storeMediaAs(node, { bytes: racing, contentType: 'application/pdf', filename: `r${i}.pdf` }, 'u')),
    );
    expect(new Set(results.map((r) => r.doc._id)).size).toBe(1);
    expect(results.filter((r) => r.created).length).toBeGreaterThanOrEqual(1);
    expect(await node.models.Media.countDocuments({ sha256: results[0]!.doc.sha256 })).toBe(1);
  });

  it('stores a large attachment in parts and serves it whole', async () => {
    const bytes = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(MEDIA_CHUNK_BYTES * 2 + 1000)]);
    const { doc } = await storeMedia(as('editor'), { bytes, contentType: 'application/zip', filename: '材料汇编.zip' });
    expect(doc.extraChunks).toBe(2);
    expect((await readAll(node, doc._id)).equals(bytes)).toBe(true);
  });

  it('refuses oversized files, wrong types and bytes that are not what they claim, storing nothing', async () => {
    const before = await node.models.Media.countDocuments();
    const chunksBefore = await mediaChunkModel(connection).countDocuments();

    const bigImage = Buffer.concat([PNG_SIGNATURE, Buffer.alloc(MEDIA_LIMITS.image)]);
    expect(await refused(storeMedia(as('officer'), { bytes: bigImage, contentType: 'image/png', filename: 'big.png' }))).toEqual({
      code: 'BAD_USER_INPUT',
      reason: MediaRefusal.TOO_LARGE,
      status: 413,
    });
    const bigZip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(MEDIA_LIMITS.attachment)]);
    await expect(storeMedia(as('officer'), { bytes: bigZip, contentType: 'application/zip', filename: 'big.zip' })).rejects.toBeInstanceOf(
      MediaTooLarge,
    );

    const notAllowed = await refused(
      storeMedia(as('officer'), { bytes: Buffer.from('<svg/>'), contentType: 'image/svg+xml', filename: 'x.svg' }),
    );
    expect(notAllowed).toEqual({ code: 'BAD_USER_INPUT', reason: MediaRefusal.TYPE_NOT_ALLOWED, status: 400 });
    const exe = await refused(
      storeMedia(as('officer'), { bytes: Buffer.from('MZ\x90\x00'), contentType: 'application/octet-stream', filename: 'setup.exe' }),
    );
    expect(exe.reason).toBe(MediaRefusal.TYPE_NOT_ALLOWED);

    // A .png that is a JPEG, an HTML page called a PNG, a "PDF" that is not one.
    for (const [bytes, contentType, filename] of [
      [jpeg(), 'image/png', 'photo.png'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'image/png', 'x.png'],
      [Buffer.from('not a pdf at all'), 'application/pdf', 'x.pdf'],
    ] as const) {
      expect(await refused(storeMedia(as('officer'), { bytes, contentType, filename }))).toEqual({
        code: 'BAD_USER_INPUT',
        reason: MediaRefusal.CONTENT_MISMATCH,
        status: 400,
      });
    }
    expect((await refused(storeMedia(as('officer'), { bytes: Buffer.alloc(0), contentType: 'image/png', filename: 'e.png' }))).reason).toBe(
      MediaRefusal.EMPTY,
    );

    expect(await node.models.Media.countDocuments()).toBe(before);
    expect(await mediaChunkModel(connection).countDocuments()).toBe(chunksBefore);
  });

  it('lets only signed-in writers of this node (or admins above it) upload', async () => {
    const upload = { bytes: png(), contentType: 'image/png', filename: 'p.png' };
    expect((await refused(storeMedia(as(null), upload))).code).toBe('UNAUTHENTICATED');
    expect((await refused(storeMedia(as('partner'), upload))).code).toBe('FORBIDDEN');
    expect((await refused(storeMedia(as('officer', 'heshan'), upload))).code).toBe('FORBIDDEN');
    expect((await storeMedia(as('admin', 'laibin'), upload)).created).toBe(true);
  });

  it('reads only well-formed, known ids', async () => {
    expect((await refused(readMedia(node, '../etc/passwd'))).code).toBe('BAD_USER_INPUT');
    expect((await refused(readMedia(node, '0'.repeat(32)))).code).toBe('NOT_FOUND');
  });
});

describe('media policy', () => {
  it('infers a generic type from the name and resolves aliases', () => {
    expect(resolveContentType('application/octet-stream', '通知.DOCX')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(resolveContentType('image/jpg; charset=binary', 'x')).toBe('image/jpeg');
    expect(resolveContentType('text/html', 'x.txt')).toBeUndefined();
  });

  it('keeps a name that cannot mislead a download', () => {
    expect(cleanFilename('../../etc/passwd', 'text/plain')).toBe('passwd.txt');
    expect(cleanFilename('报告.exe', 'application/pdf')).toBe('报告.exe.pdf');
    expect(cleanFilename('', 'image/png')).toBe('file.png');
    expect(cleanFilename(`${'长'.repeat(300)}.pdf`, 'application/pdf')).toBe(`${'长'.repeat(196)}.pdf`);
  });
});
