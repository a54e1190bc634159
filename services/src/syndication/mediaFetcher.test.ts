import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openSyndicationTestNode, type SyndicationTestNode } from '../../../tests/support/syndicationNode';
import { eventually } from '../../../tests/support/testNetwork';
import { mediaIdOf } from '../media/mediaPolicy';
import type { MediaFetchDoc } from './syndicationModels';
import type { MediaRef } from './syndicationTypes';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** How the sending node answers each request for the file, in order (the last repeats). */
type Answer = 'reset' | 'unavailable' | 'file';

/**
 * The fetcher against a real HTTP server standing in for the node that holds the file: a failed fetch is retried
 * on its own (a reset connection at once, an error answer after the backoff), and the file is stored under the
 * id the item refers to.
 */
describe('media fetcher', () => {
  let t: SyndicationTestNode;
  let server: Server;
  let answers: Answer[] = [];
  let requests = 0;
  let base = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = answers[Math.min(requests, answers.length - 1)] ?? 'file';
      requests++;
      if (answer === 'reset') req.socket.destroy();
      else if (answer === 'unavailable') res.writeHead(503).end('稍后再试');
      else res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await openSyndicationTestNode(
      { code: 'laibin', tier: 'city' },
      { media: { retryMs: 200, maxDelayMs: 1_000, scanMs: 60_000, timeoutMs: 5_000 } },
    );
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server?.close(resolve));
  });
  beforeEach(async () => {
    requests = 0;
    await t.node.models.Media.deleteMany({});
    await t.connection.collection('media_fetches').deleteMany({});
  });

  const sha256 = createHash('sha256').update(PNG).digest('hex');
  const ref = (urls: string[]): MediaRef => ({
    id: mediaIdOf(sha256),
    sha256,
    contentType: 'image/png',
    filename: '推进会现场.png',
    size: PNG.length,
    alt: '推进会现场',
    urls,
  });
  const job = () => t.connection.collection<MediaFetchDoc>('media_fetches').findOne({ _id: mediaIdOf(sha256) });
  const stored = () => t.node.models.Media.findById(mediaIdOf(sha256), { data: 0 }).lean();

  it('asks again at once when the connection is reset before any answer', async () => {
    answers = ['reset', 'file'];
    await t.syndication.media.enqueue([ref([`${base}/media/a`])]);
    await t.syndication.media.idle();
    expect(await stored()).toMatchObject({ sha256, alt: '推进会现场' });
    expect(await job()).toMatchObject({ done: true, attempts: 1 });
    expect(requests).toBe(2);
  });

  it('retries after the backoff, not at the next scan, when the holder answers with an error', async () => {
    answers = ['unavailable', 'unavailable', 'file'];
    await t.syndication.media.enqueue([ref([`${base}/media/a`])]);
    await t.syndication.media.idle();
    expect(await stored()).toBeNull();
    expect(await job()).toMatchObject({ done: false, attempts: 1, lastError: expect.stringContaining('HTTP 503') });
    // The scan runs once a minute here: only the timed retries can bring the file within the wait.
    // The file is stored before its job is marked done: wait for the job, then look at both.
    await eventually(job, (j) => j?.done === true, 10_000);
    expect(await stored()).toMatchObject({ sha256, alt: '推进会现场' });
    expect(await job()).toMatchObject({ done: true, attempts: 3 });
    expect(requests).toBe(3);
  });

  it('keeps a file whose bytes do not match the hash out, and records why', async () => {
    answers = ['file'];
    const wrong = { ...ref([`${base}/media/a`]), sha256: '0'.repeat(64) };
    await t.syndication.media.enqueue([wrong]);
    await t.syndication.media.idle();
    expect(await stored()).toBeNull();
    expect(await job()).toMatchObject({ done: false, attempts: 1, lastError: expect.stringContaining('内容与哈希不符') });
  });
});
