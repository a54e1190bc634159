import { asActor } from '../../../tests/support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { NETWORK_SETTINGS_PATH } from './networkSettings';
import { setMourningMode } from './setMourningMode';
import { siteRuntimeOf } from './siteRuntime';
import { codeOf } from '../../../tests/support/expectations';

const homeHtml = async (url: string) => (await fetch(`${url}/`)).text();

/** The one switch of the grey theme for national mourning days: set at the city, followed by every node. */
describe('setMourningMode', () => {
  let net: InProcessNetwork;
  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
  }, 60_000);
  afterAll(async () => net?.stop());

  it('the city admin turns it on: the portal at once, the other nodes at their next read of the city', async () => {
    const city = net.node('laibin');
    const town = net.node('xingbin_fenghuang');
    expect(await homeHtml(city.url)).not.toContain('mourning');

    const settings = await setMourningMode(asActor(city, 'admin'), true);
    expect(settings.mourning).toBe(true);
    expect(await homeHtml(city.url)).toMatch(/<html lang="zh-CN"\s+class="mourning">/);
    const published = (await (await fetch(`${city.url}${NETWORK_SETTINGS_PATH}`)).json()) as { mourning: boolean };
    expect(published.mourning).toBe(true);

    // A township reads the city's settings every minute; here the read is made at once.
    expect(await siteRuntimeOf(town.context)!.settings.refresh()).toBe(true);
    expect(await homeHtml(town.url)).toContain('class="mourning"');
    // Stored at the city: a restart keeps it.
    expect(await city.context.connection.collection('site_settings').findOne({ _id: 'network' as never })).toMatchObject({
      mourning: true,
    });

    await setMourningMode(asActor(city, 'admin'), false);
    await siteRuntimeOf(town.context)!.settings.refresh();
    expect(await homeHtml(town.url)).not.toContain('mourning');
    expect(await homeHtml(city.url)).not.toContain('mourning');
  });

  it('only the city admin may switch it', async () => {
    const city = net.node('laibin');
    expect(await codeOf(setMourningMode(asActor(city, null), true))).toBe('UNAUTHENTICATED');
    expect(await codeOf(setMourningMode(asActor(city, 'editor'), true))).toBe('FORBIDDEN');
    expect(await codeOf(setMourningMode(asActor(net.node('xingbin'), 'admin'), true))).toBe('FORBIDDEN');
    expect(await codeOf(setMourningMode(asActor(city, 'admin', { home: 'xingbin' }), true))).toBe('FORBIDDEN');
    expect(siteRuntimeOf(city.context)!.settings.get().mourning).toBe(false);
  });

  it('a node keeps the last settings it read while the city cannot be reached', async () => {
    const county = net.node('xingbin');
    const state = siteRuntimeOf(county.context)!.settings;
    state.set({ mourning: true, updatedAt: new Date().toISOString() });
    const saved = county.context.config.cityUrl;
    (county.context.config as { cityUrl?: string }).cityUrl = 'http://127.0.0.1:9';
    try {
      expect(await state.refresh()).toBe(false);
      expect(state.get().mourning).toBe(true);
    } finally {
      (county.context.config as { cityUrl?: string }).cityUrl = saved;
    }
    expect(await state.refresh()).toBe(true);
    expect(state.get().mourning).toBe(false);
  });
});
