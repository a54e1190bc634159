import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { createAccountDirect, loginToken } from '../support/accounts';
import { eventually, gql } from '../support/testNetwork';
import { syncChannelTree } from '../../services/src/channels/syncChannelTree';

interface ChannelRow {
  slug: string;
  name: string;
  level: string;
  origin: string;
  retired: boolean;
  parentSlug: string | null;
  path: string[];
  order: number;
}

const countLevels = (rows: { level: string }[]) => {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.level] = (out[r.level] ?? 0) + 1;
  return out;
};

const CHANNEL_FIELDS = 'slug name level origin retired parentSlug path order';

/** The shared channel tree over HTTP: seeded at the city, fetched by a county and a township, served by GraphQL. */
describe('channel tree across nodes', () => {
  let net: InProcessNetwork;
  const channelsAt = async (code: string, includeRetired = false) => {
    const res = await gql<{ network: Record<string, { channels: ChannelRow[] }> }>(
      net.node(code).url,
      `query($r: Boolean) { network { ${code} { channels(includeRetired: $r) { ${CHANNEL_FIELDS} } } } }`,
      { r: includeRetired },
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.network[code]!.channels;
  };

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
  });
  afterAll(async () => net?.stop());

  it('the city serves its shared tree: 6 sub-networks, 55 categories, 90 sub-categories', async () => {
    const response = await fetch(`${net.node('laibin').url}/directory/channel-tree`);
    expect(response.status).toBe(200);
    const tree = (await response.json()) as ChannelRow[];
    expect(countLevels(tree)).toEqual({ subnetwork: 6, category: 55, subcategory: 90 });
    const channels = await channelsAt('laibin');
    expect(countLevels(channels)).toEqual({ SUBNETWORK: 6, CATEGORY: 55, SUBCATEGORY: 90 });
    expect(channels[0]).toMatchObject({
      slug: 'dangjian',
      name: '党建',
      level: 'SUBNETWORK',
      origin: 'SHARED',
      parentSlug: null,
      path: ['dangjian'],
      order: 1,
    });
  });

  it('a township has the same tree after sync, as shared channels', async () => {
    const channels = await channelsAt('xingbin_fenghuang');
    expect(countLevels(channels)).toEqual({ SUBNETWORK: 6, CATEGORY: 55, SUBCATEGORY: 90 });
    expect(channels.every((c) => c.origin === 'SHARED')).toBe(true);
    expect((await channelsAt('xingbin')).map((c) => c.slug)).toEqual(channels.map((c) => c.slug));
    const one = await gql<{ network: Record<string, { channel: ChannelRow | null; none: ChannelRow | null }> }>(
      net.node('xingbin_fenghuang').url,
      `{ network { xingbin_fenghuang { channel(slug: "dangjian-jiceng-nongcun") { ${CHANNEL_FIELDS} } none: channel(slug: "nope") { slug } } } }`,
    );
    expect(one.body.data!.network.xingbin_fenghuang).toEqual({
      channel: {
        slug: 'dangjian-jiceng-nongcun',
        name: '农村党建',
        level: 'SUBCATEGORY',
        origin: 'SHARED',
        retired: false,
        parentSlug: 'dangjian-jiceng',
        path: ['dangjian', 'dangjian-jiceng', 'dangjian-jiceng-nongcun'],
        order: 1,
      },
      none: null,
    });
  });

  it('admins change channels through GraphQL: the city its shared tree (which flows down), a township only its own', async () => {
    const city = net.node('laibin');
    const town = net.node('xingbin_fenghuang');
    await createAccountDirect(city, { username: 'lb_admin', name: '市管理员', role: 'admin' });
    await createAccountDirect(town, { username: 'fh_admin', name: '镇管理员', role: 'admin' });
    const cityToken = await loginToken(city, 'lb_admin');
    const townToken = await loginToken(town, 'fh_admin');
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });

    const renamed = await gql<{ laibin: { renameChannel: ChannelRow } }>(
      city.url,
      'mutation { laibin { renameChannel(slug: "dangjian-lilun", name: "理论武装") { slug name origin } } }',
      {},
      auth(cityToken),
    );
    expect(renamed.body.errors).toBeUndefined();
    expect(renamed.body.data!.laibin.renameChannel).toEqual({ slug: 'dangjian-lilun', name: '理论武装', origin: 'SHARED' });
    const retired = await gql(city.url, 'mutation { laibin { retireChannel(slug: "dangjian-tupian") { retired } } }', {}, auth(cityToken));
    expect(retired.body.errors).toBeUndefined();

    const created = await gql<{ xingbin_fenghuang: { createChannel: ChannelRow } }>(
      town.url,
      `mutation { xingbin_fenghuang { createChannel(parentSlug: "dangjian", slugSuffix: "minsheng", name: "民生实事") { ${CHANNEL_FIELDS} } } }`,
      {},
      auth(townToken),
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data!.xingbin_fenghuang.createChannel).toMatchObject({
      slug: 'xingbin_fenghuang-minsheng',
      level: 'CATEGORY',
      origin: 'LOCAL',
      path: ['dangjian', 'xingbin_fenghuang-minsheng'],
    });
    const refused = await gql(
      town.url,
      'mutation { xingbin_fenghuang { renameChannel(slug: "dangjian-lilun", name: "镇里改名") { name } } }',
      {},
      auth(townToken),
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(
      town.url,
      'mutation { xingbin_fenghuang { retireChannel(slug: "xingbin_fenghuang-minsheng") { retired } } }',
    );
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // The township fetches again (on its 10-minute timer in production). The tree also comes down by syndication at
    // the same time, so fetch until the township holds the city's current tree.
    await eventually(
      async () => {
        (await syncChannelTree(town.context)).stop();
        return channelsAt('xingbin_fenghuang', true);
      },
      (all) =>
        all.find((c) => c.slug === 'dangjian-tupian')?.retired === true &&
        all.find((c) => c.slug === 'dangjian-lilun')?.name === '理论武装',
    );
    const townChannels = await channelsAt('xingbin_fenghuang');
    expect(townChannels.find((c) => c.slug === 'dangjian-lilun')?.name).toBe('理论武装');
    expect(townChannels.find((c) => c.slug === 'dangjian-tupian')).toBeUndefined();
    expect((await channelsAt('xingbin_fenghuang', true)).find((c) => c.slug === 'dangjian-tupian')?.retired).toBe(true);
    expect(townChannels.find((c) => c.slug === 'xingbin_fenghuang-minsheng')).toMatchObject({ origin: 'LOCAL', name: '民生实事' });
    expect(townChannels.filter((c) => c.origin === 'SHARED')).toHaveLength(150);
  });
});
