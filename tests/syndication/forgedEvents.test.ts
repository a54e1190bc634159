import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { CURRENT_SCHEMA_LEVEL } from '../../shared/src';
import { issueRegistrationGrant } from '../../services/src';
import { nodeNamesForTest } from './syndicationFixtures';
import { nodeTypeDefs } from '../../services/src/graphql/nodeTypeDefs';
import { keyIdOf } from '../../services/src/keys/ed25519';
import { replayEdge } from '../../services/src/syndication/edgeCommands';
import { eventSigningBytes } from '../../services/src/syndication/eventSignature';
import type { SyndicationEvent, UnsignedEvent } from '../../services/src/syndication/syndicationTypes';
import { asActor } from '../support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { itemPayload } from '../support/syndicationNode';
import { eventually } from '../support/testNetwork';

const FAKE = 'xingbin_jia';

/**
 * A child node under our control (registered in the city directory with a key we hold) serves its up stream to
 * a real county: genuine events, a tampered one, a forged one, one claiming another sender — then the same
 * batch again. The county must reject exactly the bad ones, keep going, and change nothing on a redelivery.
 */
describe('forged, tampered and redelivered events', () => {
  let net: InProcessNetwork;
  let server: Server;
  let url: string;
  const events: SyndicationEvent[] = [];
  const requests: string[] = [];
  let ignoreAfter = false;
  const key = generateKeyPairSync('ed25519');
  const stranger = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(key.publicKey);

  const signWith = (privateKey: KeyObject, e: UnsignedEvent) =>
    ({ ...e, keyId, signature: sign(null, eventSigningBytes({ ...e, keyId }), privateKey).toString('base64url') }) as SyndicationEvent;
  const item = (n: number) => `${FAKE}:${new Types.ObjectId(String(n).padStart(24, '0')).toHexString()}`;
  const unsigned = (seq: number, kind: string, n: number, title: string, version = 1): UnsignedEvent => ({
    seq,
    stream: 'up',
    kind,
    key: `${item(n)}:${version}:${kind}`,
    itemId: item(n),
    version,
    origin: FAKE,
    to: null,
    createdAt: new Date().toISOString(),
    payload: JSON.parse(JSON.stringify(itemPayload(FAKE, title))) as Record<string, unknown>,
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname !== '/syndication/up') return void res.writeHead(404).end('{}');
      const after = ignoreAfter ? 0 : Number(u.searchParams.get('after') ?? 0);
      const page = events.filter((e) => e.seq > after);
      const head = events.at(-1)?.seq ?? 0;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: page, next: head, head }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    net = await startInProcessNetwork(nodeNamesForTest(['laibin', 'xingbin']), {
      config: { syndicationPullSeconds: 1 },
      configFor: (code) => ({ syndicationAutoAdopt: code === 'xingbin' }),
    });
    const token = await issueRegistrationGrant(net.node('laibin').directory!, 'laibin', {
      code: FAKE,
      tier: 'township',
      parent: 'xingbin',
      name: '假冒镇',
    });
    const response = await fetch(`${net.node('laibin').url}/directory/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        code: FAKE,
        name: '测试镇服务站',
        tier: 'township',
        parent: 'xingbin',
        url,
        schemaLevel: CURRENT_SCHEMA_LEVEL,
        sdlByLevel: { [String(CURRENT_SCHEMA_LEVEL)]: nodeTypeDefs(FAKE, CURRENT_SCHEMA_LEVEL, false) },
        publicKeys: [
          {
            keyId,
            publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
            createdAt: new Date().toISOString(),
            retiredAt: null,
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await net?.stop();
    await new Promise((r) => server?.close(r));
  });

  const county = () => net.node('xingbin');
  const edge = () => county().syndication.edge(FAKE, 'up');

  it('rejects, logs and counts tampered, forged and misattributed events, and applies the genuine ones', async () => {
    const tampered = signWith(key.privateKey, unsigned(2, 'published', 2, '原标题'));
    tampered.payload = { ...tampered.payload, title: '被篡改的标题' };
    const misattributed = unsigned(4, 'published', 4, '冒名的稿件');
    events.push(
      signWith(key.privateKey, unsigned(1, 'published', 1, '真稿件甲')),
      tampered,
      signWith(stranger.privateKey, unsigned(3, 'published', 3, '伪造的稿件')),
      signWith(key.privateKey, { ...misattributed, origin: 'heshan' }),
      signWith(key.privateKey, unsigned(5, 'updated', 1, '真稿件甲（修订）', 2)),
    );
    // The county learns its new child with its next heartbeat and pulls it.
    await eventually(
      async () => edge()?.state,
      (s) => s?.cursor === 5,
    );
    const { InboundItem, Rejection } = county().syndication.models;
    expect(await InboundItem.findById(item(1)).lean()).toMatchObject({
      version: 2,
      status: 'adopted',
      payload: { title: '真稿件甲（修订）' },
    });
    for (const n of [2, 3, 4]) expect(await InboundItem.findById(item(n)).lean()).toBeNull();
    const rejections = await Rejection.find({ peer: FAKE }).sort({ seq: 1 }).lean();
    expect(rejections.map((r) => r.seq)).toEqual([2, 3, 4]);
    expect(rejections[0]!.reason).toContain('签名无效');
    expect(edge()!.state).toMatchObject({ rejected: 3, failures: 0 });
    expect(edge()!.state.lastError).toContain('序号 4');
  });

  it('the same batch delivered twice changes nothing', async () => {
    const { InboundItem } = county().syndication.models;
    const before = await InboundItem.findById(item(1)).lean();
    // pendingEvents is drained by the relay in the background: compare the copies without it.
    const copies = () =>
      county()
        .context.models.Article.find({ syndicatedFrom: item(1) }, { pendingEvents: 0 })
        .lean();
    const copiesBefore = await copies();
    ignoreAfter = true; // the fake now sends the whole stream whatever the cursor
    await replayEdge(asActor(county(), 'admin'), FAKE, 'up', 1);
    await edge()!.pull();
    ignoreAfter = false;
    expect(await InboundItem.findById(item(1)).lean()).toEqual(before);
    expect(await copies()).toEqual(copiesBefore);
    expect(edge()!.state.cursor).toBe(5);
  });

  it('the edge keeps working after rejections: a poke brings the next genuine event at once', async () => {
    events.push(signWith(key.privateKey, unsigned(6, 'published', 6, '后续的真稿件')));
    const ts = Date.now();
    const data = Buffer.from(`djnet-peer-request:v1\n${FAKE}\nxingbin\npoke\n${ts}`, 'utf8');
    const poke = await fetch(`${county().url}/syndication/poke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `DJNode node=${FAKE},ts=${ts},key=${keyId},sig=${sign(null, data, key.privateKey).toString('base64url')}`,
      },
      body: JSON.stringify({ stream: 'up' }),
    });
    expect(poke.status).toBe(202);
    await eventually(
      () => county().syndication.models.InboundItem.findById(item(6)).lean(),
      (i) => !!i,
      3_000,
    );
    // A poke with a signature by someone else's key is refused.
    const forged = await fetch(`${county().url}/syndication/poke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `DJNode node=${FAKE},ts=${ts},key=${keyId},sig=${sign(null, data, stranger.privateKey).toString('base64url')}`,
      },
      body: JSON.stringify({ stream: 'up' }),
    });
    expect(forged.status).toBe(401);
    // And nobody but the parent may read the county's up stream.
    const read = await fetch(`${county().url}/syndication/up?after=0`, {
      headers: {
        authorization: `DJNode node=${FAKE},ts=${ts},key=${keyId},sig=${sign(null, Buffer.from(`djnet-peer-request:v1\n${FAKE}\nxingbin\nread:up\n${ts}`), key.privateKey).toString('base64url')}`,
      },
    });
    expect(read.status).toBe(403);
  });
});
