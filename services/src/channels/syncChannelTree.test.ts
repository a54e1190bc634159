import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from '../../../tests/support/expectations';
import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import type { ChannelDoc } from './channelModel';
import { listSharedChannels } from './channelTreeRoutes';
import { DEFAULT_CHANNEL_TREE, type ChannelTree } from './defaultChannelTree';
import { renameChannel } from './renameChannel';
import { reorderChannels } from './reorderChannels';
import { retireChannel } from './retireChannel';
import { createChannel } from './createChannel';
import { applySharedTree, parseSharedTree, seedSharedChannels, syncChannelTree, type SharedChannel } from './syncChannelTree';

function levels(docs: Pick<ChannelDoc, 'level'>[]) {
  return {
    subnetwork: docs.filter((c) => c.level === 'subnetwork').length,
    category: docs.filter((c) => c.level === 'category').length,
    subcategory: docs.filter((c) => c.level === 'subcategory').length,
  };
}

const strip = (docs: ChannelDoc[]) => docs.map(({ updatedAt: _u, ...rest }) => rest).sort((a, b) => a._id.localeCompare(b._id));

describe('the shared channel tree at the city', () => {
  let city: ContentTestNode;
  beforeAll(async () => {
    city = await openContentTestNode({ code: 'laibin', tier: 'city' });
  });
  afterAll(() => city.close());

  it('seeds 6 sub-networks, 55 categories and 90 sub-categories, all shared', async () => {
    expect(await seedSharedChannels(city.node.models, new Date())).toBe(151);
    const docs = await city.node.models.Channel.find({}).lean<ChannelDoc[]>();
    expect(levels(docs)).toEqual({ subnetwork: 6, category: 55, subcategory: 90 });
    expect(docs.every((c) => c.origin === 'shared' && !c.retired)).toBe(true);
    expect(docs.find((c) => c._id === 'dangjian-jiceng-nongcun')).toMatchObject({
      parentSlug: 'dangjian-jiceng',
      path: ['dangjian', 'dangjian-jiceng', 'dangjian-jiceng-nongcun'],
    });
  });

  it('a re-run keeps the renames, reorders and retirements made since', async () => {
    const admin = city.as('admin');
    await renameChannel(admin, { slug: 'dangshi', name: '党史学习教育' });
    await reorderChannels(admin, { parentSlug: null, slugs: ['rencai', 'dangjian', 'dangshi', 'jijian', 'xianfeng', 'yuanjiao'] });
    await retireChannel(admin, { slug: 'dangjian-tupian' });
    await createChannel(admin, { parentSlug: 'dangjian', slugSuffix: 'zhuanti', name: '市级专题' });
    const before = strip(await city.node.models.Channel.find({}).lean<ChannelDoc[]>());
    expect(await syncChannelTree(city.node).then((s) => s.stop())).toBeUndefined();
    expect(await seedSharedChannels(city.node.models, new Date())).toBe(0);
    expect(strip(await city.node.models.Channel.find({}).lean<ChannelDoc[]>())).toEqual(before);
  });

  it('a channel added to the default tree later goes after its existing siblings', async () => {
    const grown: ChannelTree = [
      ...DEFAULT_CHANNEL_TREE,
      {
        slug: 'wenhua',
        name: '文化',
        level: 'subnetwork',
        order: 7,
        children: [{ slug: 'wenhua-shuhua', name: '书画', level: 'category', order: 1, children: [] }],
      },
    ];
    expect(await seedSharedChannels(city.node.models, new Date(), grown)).toBe(2);
    const wenhua = await city.node.models.Channel.findById('wenhua').lean<ChannelDoc>();
    expect(wenhua?.order).toBe(7);
    expect((await city.node.models.Channel.findById('wenhua-shuhua').lean<ChannelDoc>())?.order).toBe(1);
  });

  it('lists the shared channels (not the city’s own) for the other nodes, parents first', async () => {
    const shared = await listSharedChannels(city.node.models);
    expect(shared.find((c) => c.slug === 'laibin-zhuanti')).toBeUndefined();
    expect(shared[0]).toMatchObject({ slug: 'rencai', parentSlug: null, order: 1 });
    expect(shared.find((c) => c.slug === 'dangjian-tupian')?.retired).toBe(true);
    expect(() => parseSharedTree(JSON.parse(JSON.stringify(shared)))).not.toThrow();
  });
});

/** A city that serves the shared tree once `up`, counting the requests it gets. */
async function fakeCity(tree: SharedChannel[]): Promise<{ url: string; up: boolean; requests: number; close(): Promise<void> }> {
  const state = { up: false, requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    if (!state.up || req.url !== '/directory/channel-tree') {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tree));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

describe('the shared channel tree at a county or township', () => {
  let city: ContentTestNode;
  let town: ContentTestNode;
  let tree: SharedChannel[];

  beforeAll(async () => {
    city = await openContentTestNode({ code: 'laibin', tier: 'city' });
    town = await openContentTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin', ancestors: ['xingbin', 'laibin'] });
    await seedSharedChannels(city.node.models, new Date());
    tree = await listSharedChannels(city.node.models);
  });
  afterAll(async () => {
    await city.close();
    await town.close();
  });

  it('takes the whole tree as shared channels, keeping its own, and a second run changes nothing', async () => {
    await town.node.models.Channel.create({
      _id: 'xingbin_fenghuang-minsheng',
      name: '民生实事',
      level: 'category',
      parentSlug: 'dangjian',
      order: 1,
      origin: 'local',
      retired: false,
      path: ['dangjian', 'xingbin_fenghuang-minsheng'],
      updatedAt: new Date(),
    });
    expect((await applySharedTree(town.node.models, tree, new Date())).changed).toBe(151);
    const docs = await town.node.models.Channel.find({ origin: 'shared' }).lean<ChannelDoc[]>();
    expect(levels(docs)).toEqual({ subnetwork: 6, category: 55, subcategory: 90 });
    expect(await town.node.models.Channel.findById('xingbin_fenghuang-minsheng').lean()).toMatchObject({
      origin: 'local',
      name: '民生实事',
    });
    expect((await applySharedTree(town.node.models, tree, new Date())).changed).toBe(0);
  });

  it('follows the city: renamed, reordered and retired channels; a channel the city dropped is retired; a local slug is never overwritten', async () => {
    const admin = city.as('admin');
    await renameChannel(admin, { slug: 'dangjian-lilun', name: '理论武装' });
    await retireChannel(admin, { slug: 'dangjian-tongzhi' });
    const changed = (await listSharedChannels(city.node.models)).filter((c) => c.slug !== 'rencai-zhengce');
    changed.push({
      slug: 'xingbin_fenghuang-minsheng',
      name: '冒名',
      level: 'category',
      parentSlug: 'dangjian',
      order: 99,
      retired: false,
      path: ['dangjian', 'xingbin_fenghuang-minsheng'],
    });
    const rencaiCategories = changed.filter((c) => c.parentSlug === 'rencai');
    expect(rencaiCategories.length).toBeGreaterThan(0);

    const result = await applySharedTree(town.node.models, changed, new Date());
    expect(result.conflicts).toEqual(['xingbin_fenghuang-minsheng']);
    const get = (slug: string) => town.node.models.Channel.findById(slug).lean<ChannelDoc>();
    expect((await get('dangjian-lilun'))?.name).toBe('理论武装');
    expect((await get('dangjian-tongzhi'))?.retired).toBe(true);
    expect((await get('rencai-zhengce'))?.retired).toBe(true);
    expect(await get('xingbin_fenghuang-minsheng')).toMatchObject({ origin: 'local', name: '民生实事' });
  });

  it('rejects a malformed tree without applying any of it', () => {
    const orphan = [{ slug: 'a-b', name: '孤儿', level: 'category', parentSlug: 'a', order: 1, retired: false, path: ['a', 'a-b'] }];
    expect(() => parseSharedTree(orphan)).toThrow(/上级/);
    expect(() => parseSharedTree([{ ...tree[0], level: 'category' }])).toThrow(/层级/);
    expect(() => parseSharedTree({ channels: [] })).toThrow(/格式/);
    expect(() => parseSharedTree([tree[0], tree[0]])).toThrow(/重复/);
  });

  it('fetches from the city over HTTP, retrying while the city is down, until stopped', async () => {
    // Two cities: the second one's node is never stopped, so its fetches show how long the stopped one had to fetch.
    const upstream = await fakeCity(tree);
    const control = await fakeCity(tree);
    const fresh = await openContentTestNode({ code: 'heshan', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    const other = await openContentTestNode({ code: 'wuxuan', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    try {
      fresh.node.config.cityUrl = upstream.url;
      other.node.config.cityUrl = control.url;
      control.up = true;
      const sync = await syncChannelTree(fresh.node, { intervalMs: 100, retryMs: 50 });
      // Read before anything else can run: the first fetch is made before syncChannelTree returns, the retry later.
      const requestsAtStart = upstream.requests;
      const controlSync = await syncChannelTree(other.node, { intervalMs: 100, retryMs: 50 });
      try {
        expect(requestsAtStart).toBe(1);
        expect(await fresh.node.models.Channel.countDocuments({})).toBe(0);
        await until(() => upstream.requests >= 3); // retried while the city is down
        upstream.up = true;
        await until(async () => (await fresh.node.models.Channel.countDocuments({ origin: 'shared' })) === 151);
        const fetched = upstream.requests;
        await until(() => upstream.requests >= fetched + 2); // and fetched again on its interval
        await sync.stop();
        const atStop = upstream.requests;
        const controlAtStop = control.requests;
        await until(() => control.requests >= controlAtStop + 5);
        expect(upstream.requests).toBe(atStop);
      } finally {
        await sync.stop();
        await controlSync.stop();
      }
    } finally {
      await fresh.close();
      await other.close();
      await upstream.close();
      await control.close();
    }
  });
});
