import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { eventually, gql } from '../../../tests/support/testNetwork';
import type { PublishedKey } from '../keys/nodeKeyring';

/** Nodes publish their keys with registration; the city serves them and verifies with them locally. */
describe('node keys in the directory', () => {
  let net: InProcessNetwork;

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
    ]);
  });
  afterAll(async () => net?.stop());

  const keysOf = async (code: string) => {
    const response = await fetch(`${net.node('laibin').url}/directory/keys/${code}`);
    return { status: response.status, body: (await response.json()) as { code: string; keys: PublishedKey[]; error?: { code: string } } };
  };

  it('GET /directory/keys/:code lists a node’s keys; unknown codes are a JSON 404', async () => {
    const county = net.node('xingbin').context;
    const { status, body } = await keysOf('xingbin');
    expect(status).toBe(200);
    expect(body).toEqual({ code: 'xingbin', keys: county.keyring.publishedKeys() });
    expect((await keysOf('laibin')).body.keys.map((k) => k.keyId)).toEqual([net.node('laibin').context.keyring.activeKeyId()]);
    for (const code of ['nowhere', 'Bad-Code']) {
      const missing = await keysOf(code);
      expect(missing.status).toBe(404);
      expect(missing.body.error?.code).toBe('NOT_FOUND');
    }
  });

  it('SiteInfo.publicKey is the active key; after a rotation the old key stays listed and the city still verifies it', async () => {
    const county = net.node('xingbin').context;
    const city = net.node('laibin').context;
    const data = Buffer.from('兴宾区党建网');
    const old = county.keyring.sign(data);
    expect(await city.network.verifyFrom('xingbin', old.keyId, data, old.signature)).toBe(true);

    const newKeyId = await county.keyring.rotate();
    const active = county.keyring.publishedKeys().find((k) => k.keyId === newKeyId)!;
    // Published with the next heartbeat (every 2 s in tests).
    await eventually(
      () => keysOf('xingbin'),
      (r) => r.body.keys.length === 2,
    );
    const { body } = await keysOf('xingbin');
    expect(body.keys.map((k) => [k.keyId, k.retiredAt !== null])).toEqual([
      [old.keyId, true],
      [newKeyId, false],
    ]);
    const site = await gql<{ site: { publicKey: string } }>(net.node('laibin').url, '{ site(code: "xingbin") { publicKey } }');
    expect(site.body.data?.site.publicKey).toBe(active.publicKeyPem);

    const fresh = county.keyring.sign(data);
    expect(await city.network.verifyFrom('xingbin', fresh.keyId, data, fresh.signature)).toBe(true);
    expect(await city.network.verifyFrom('xingbin', old.keyId, data, old.signature)).toBe(true);
    expect(await city.network.verifyFrom('xingbin', old.keyId, Buffer.from('改'), old.signature)).toBe(false);
  });
});
