import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createLogger, parseNodeConfig } from '@djnet/shared';
import { keyIdOf } from '../keys/ed25519';
import type { PublishedKey } from '../keys/nodeKeyring';
import { createNetworkView } from './directoryNetworkView';
import { KeyLookupFailed } from './networkView';

function newKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const published: PublishedKey = {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    createdAt: new Date().toISOString(),
    retiredAt: null,
  };
  return { published, sign: (data: Buffer) => sign(null, data, privateKey).toString('base64url') };
}

/** A stand-in for the city's `GET /directory/keys/:code`, counting requests. */
function fakeCity(keysByCode: Map<string, PublishedKey[]>) {
  const state = { requests: 0, down: false };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const code = decodeURIComponent(req.url!.replace('/directory/keys/', ''));
    if (state.down) return res.writeHead(503).end();
    const keys = keysByCode.get(code);
    res.writeHead(keys ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(keys ? { code, keys } : { error: {} }));
  });
  return { server, state };
}

const log = createLogger({ test: 'network-view' }, 'silent');
const data = Buffer.from('兴宾区 信息员 三级三批');

describe('directory network view', () => {
  const keysByCode = new Map<string, PublishedKey[]>();
  const { server, state } = fakeCity(keysByCode);
  let cityUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cityUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  const townshipInput = () => ({
    code: 'xingbin_fenghuang',
    name: '凤凰镇党建信息服务站',
    tier: 'township',
    parent: 'xingbin',
    port: 0,
    cityUrl,
    registrationToken: 'djreg_testtesttesttesttest',
  });
  const townshipConfig = () => parseNodeConfig(townshipInput());

  it('lists ancestors nearest first, once the city is known', () => {
    const town = createNetworkView(townshipConfig(), log);
    expect(town.ancestors()).toEqual(['xingbin']);
    expect(town.cityCode()).toBeNull();
    town.learnCity('laibin');
    expect(town.ancestors()).toEqual(['xingbin', 'laibin']);
    const county = createNetworkView(parseNodeConfig({ ...townshipInput(), code: 'xingbin', tier: 'county', parent: 'laibin' }), log);
    county.learnCity('laibin');
    expect(county.ancestors()).toEqual(['laibin']);
    const city = createNetworkView(parseNodeConfig({ code: 'laibin', name: '来宾市党建网', tier: 'city', port: 0 }), log);
    expect(city.cityCode()).toBe('laibin');
    expect(city.ancestors()).toEqual([]);
  });

  it('verifies with keys read from the city, cached, and re-read once for a new key id', async () => {
    let clock = 1_000_000;
    const view = createNetworkView(townshipConfig(), log, { keyTtlMs: 60_000, refetchIntervalMs: 5_000, now: () => clock });
    const first = newKey();
    keysByCode.set('xingbin', [first.published]);
    state.requests = 0;

    const signature = first.sign(data);
    expect(await view.verifyFrom('xingbin', first.published.keyId, data, signature)).toBe(true);
    expect(await view.verifyFrom('xingbin', first.published.keyId, Buffer.from('篡改'), signature)).toBe(false);
    await Promise.all([1, 2, 3].map(() => view.verifyFrom('xingbin', first.published.keyId, data, signature)));
    expect(state.requests).toBe(1);

    // The county rotates; its new key id is unknown here until a re-read, which happens at most every 5 s.
    const second = newKey();
    keysByCode.set('xingbin', [{ ...first.published, retiredAt: new Date().toISOString() }, second.published]);
    clock += 6_000;
    expect(await view.verifyFrom('xingbin', second.published.keyId, data, second.sign(data))).toBe(true);
    expect(state.requests).toBe(2);
    expect(await view.verifyFrom('xingbin', first.published.keyId, data, signature)).toBe(true);
    // Forged key ids do not make the township hammer the city.
    for (let i = 0; i < 5; i++) expect(await view.verifyFrom('xingbin', 'ffffffffffffffff', data, signature)).toBe(false);
    expect(state.requests).toBe(2);
    // After the TTL the keys are read again.
    clock += 61_000;
    await view.verifyFrom('xingbin', first.published.keyId, data, signature);
    expect(state.requests).toBe(3);
  });

  it('an unknown node has no keys; a key whose id does not match it is ignored', async () => {
    const view = createNetworkView(townshipConfig(), log);
    const k = newKey();
    expect(await view.verifyFrom('nowhere', k.published.keyId, data, k.sign(data))).toBe(false);
    const other = newKey();
    keysByCode.set('liar', [{ ...other.published, keyId: k.published.keyId }]);
    expect(await view.verifyFrom('liar', k.published.keyId, data, other.sign(data))).toBe(false);
  });

  it('a node listed before its keys are stored is not a forger: KeyLookupFailed until the keys are there', async () => {
    const view = createNetworkView(townshipConfig(), log, { refetchIntervalMs: 0 });
    const k = newKey();
    keysByCode.set('xincheng', []);
    await expect(view.verifyFrom('xincheng', k.published.keyId, data, k.sign(data))).rejects.toBeInstanceOf(KeyLookupFailed);
    keysByCode.set('xincheng', [k.published]);
    expect(await view.verifyFrom('xincheng', k.published.keyId, data, k.sign(data))).toBe(true);
    // Once it has keys, a signature by another key id is refused as before.
    const stranger = newKey();
    expect(await view.verifyFrom('xincheng', stranger.published.keyId, data, stranger.sign(data))).toBe(false);
  });

  it('with the city down: cached keys still verify; with nothing cached it says so (KeyLookupFailed)', async () => {
    let clock = 0;
    const view = createNetworkView(townshipConfig(), log, { keyTtlMs: 1_000, now: () => clock });
    const k = newKey();
    keysByCode.set('xiangzhou', [k.published]);
    expect(await view.verifyFrom('xiangzhou', k.published.keyId, data, k.sign(data))).toBe(true);
    state.down = true;
    try {
      clock += 10_000;
      expect(await view.verifyFrom('xiangzhou', k.published.keyId, data, k.sign(data))).toBe(true);
      await expect(view.verifyFrom('wuxuan', k.published.keyId, data, k.sign(data))).rejects.toBeInstanceOf(KeyLookupFailed);
      // A key id it has not seen (a rotation?) cannot be judged while the city is down: not refused as forged.
      const rotated = newKey();
      await expect(view.verifyFrom('xiangzhou', rotated.published.keyId, data, rotated.sign(data))).rejects.toBeInstanceOf(KeyLookupFailed);
    } finally {
      state.down = false;
    }
  });
});
