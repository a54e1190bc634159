import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { asActor } from '../../../tests/support/actors';
import { codeOf } from '../../../tests/support/expectations';
import { rotateNodeKey } from './rotateNodeKey';

describe('rotateNodeKey', () => {
  let net: InProcessNetwork;

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
    ]);
  });
  afterAll(async () => net?.stop());

  const directoryKeys = async (code: string) =>
    (await net.node('laibin').directory!.DirectoryEntry.findOne({ code }).lean())?.keys.map((k) => ({
      keyId: k.keyId,
      retired: !!k.retiredAt,
    })) ?? [];

  it('makes a new signing key, keeps the old one published (retired), and tells the city at once', async () => {
    const county = net.node('xingbin');
    const before = county.context.keyring.activeKeyId();
    const data = Buffer.from('signed before the rotation');
    const old = county.context.keyring.sign(data);

    const result = await rotateNodeKey(asActor(county, 'admin'));
    expect(result.keyId).not.toBe(before);
    expect(county.context.keyring.activeKeyId()).toBe(result.keyId);
    expect(result.announced).toBe(true);
    expect(result.keys.map((k) => [k.keyId, !!k.retiredAt])).toEqual([
      [before, true],
      [result.keyId, false],
    ]);
    // The city directory has both: what the old key signed still verifies through the network.
    expect(await directoryKeys('xingbin')).toEqual([
      { keyId: before, retired: true },
      { keyId: result.keyId, retired: false },
    ]);
    expect(await net.node('laibin').context.network.verifyFrom('xingbin', old.keyId, data, old.signature)).toBe(true);
    const fresh = county.context.keyring.sign(data);
    expect(fresh.keyId).toBe(result.keyId);
    expect(await net.node('laibin').context.network.verifyFrom('xingbin', fresh.keyId, data, fresh.signature)).toBe(true);
  });

  it('the city rotates its own key too (its directory is local)', async () => {
    const city = net.node('laibin');
    const before = city.context.keyring.activeKeyId();
    const result = await rotateNodeKey(asActor(city, 'admin'));
    expect(result.announced).toBe(true);
    expect((await directoryKeys('laibin')).map((k) => k.keyId)).toEqual([before, result.keyId]);
  });

  it('only an admin of the node itself may: not an editor, not the city admin, not anonymous', async () => {
    const county = net.node('xingbin');
    const active = county.context.keyring.activeKeyId();
    expect(await codeOf(rotateNodeKey(asActor(county, 'editor')))).toBe('FORBIDDEN');
    expect(await codeOf(rotateNodeKey(asActor(county, 'admin', { home: 'laibin' })))).toBe('FORBIDDEN');
    expect(await codeOf(rotateNodeKey(asActor(county, null)))).toBe('UNAUTHENTICATED');
    expect(county.context.keyring.activeKeyId()).toBe(active);
  });
});
