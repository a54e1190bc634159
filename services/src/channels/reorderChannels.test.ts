import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { channelIndexOf } from './channelIndex';
import { createChannel } from './createChannel';
import { reorderChannels } from './reorderChannels';
import { retireChannel } from './retireChannel';
import { seedSharedChannels } from './syncChannelTree';
import { codeOf } from '../../../tests/support/expectations';

const SUBNETWORKS = ['dangjian', 'dangshi', 'jijian', 'xianfeng', 'yuanjiao', 'rencai'];

describe('reorderChannels', () => {
  let city: ContentTestNode;
  let county: ContentTestNode;
  const topOrder = async (n: ContentTestNode) => (await channelIndexOf(n.node.models)).children(null).map((c) => c._id);

  beforeAll(async () => {
    city = await openContentTestNode({ code: 'laibin', tier: 'city' });
    county = await openContentTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    for (const n of [city, county]) await seedSharedChannels(n.node.models, new Date());
    for (const [suffix, name] of [
      ['a', '甲栏目'],
      ['b', '乙栏目'],
      ['c', '丙栏目'],
    ]) {
      await createChannel(county.as('admin'), { parentSlug: 'dangjian', slugSuffix: suffix!, name: name! });
    }
  });
  afterAll(async () => {
    await city.close();
    await county.close();
  });

  it('the default tree has the six sub-networks in order', async () => {
    expect(await topOrder(city)).toEqual(SUBNETWORKS);
  });

  it('reorders the shared sub-networks at the city', async () => {
    const reversed = [...SUBNETWORKS].reverse();
    const result = await reorderChannels(city.as('admin'), { parentSlug: null, slugs: reversed });
    expect(result.map((c) => [c._id, c.order])).toEqual(reversed.map((s, i) => [s, i + 1]));
    expect(await topOrder(city)).toEqual(reversed);
  });

  it('refuses a list that is not exactly the siblings in use, and changes nothing', async () => {
    const admin = city.as('admin');
    const before = await topOrder(city);
    expect(await codeOf(reorderChannels(admin, { parentSlug: null, slugs: SUBNETWORKS.slice(1) }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(reorderChannels(admin, { parentSlug: null, slugs: [...SUBNETWORKS, 'dangjian-jiceng'] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(reorderChannels(admin, { parentSlug: null, slugs: [...SUBNETWORKS, 'dangjian'] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(reorderChannels(admin, { parentSlug: null, slugs: [] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(reorderChannels(admin, { parentSlug: 'nowhere', slugs: ['x'] }))).toBe('NOT_FOUND');
    expect(await codeOf(reorderChannels(city.as('editor'), { parentSlug: null, slugs: SUBNETWORKS }))).toBe('FORBIDDEN');
    expect(await topOrder(city)).toEqual(before);
  });

  it('leaves a retired sibling out of the list and after the others', async () => {
    await retireChannel(city.as('admin'), { slug: 'dangjian-jingyan' });
    const siblings = (await channelIndexOf(city.node.models))
      .children('dangjian')
      .filter((c) => !c.retired)
      .map((c) => c._id);
    const rotated = [...siblings.slice(1), siblings[0]!];
    await reorderChannels(city.as('admin'), { parentSlug: 'dangjian', slugs: rotated });
    const after = (await channelIndexOf(city.node.models)).children('dangjian').map((c) => c._id);
    expect(after).toEqual([...rotated, 'dangjian-jingyan']);
    expect(await codeOf(reorderChannels(city.as('admin'), { parentSlug: 'dangjian', slugs: [...rotated, 'dangjian-jingyan'] }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('on a county: reorders its own channels, never the shared ones, and never both in one list', async () => {
    const admin = county.as('admin');
    const result = await reorderChannels(admin, { parentSlug: 'dangjian', slugs: ['xingbin-c', 'xingbin-a', 'xingbin-b'] });
    expect(result.map((c) => c.order)).toEqual([1, 2, 3]);
    const children = (await channelIndexOf(county.node.models)).children('dangjian').map((c) => c._id);
    expect(children.slice(-3)).toEqual(['xingbin-c', 'xingbin-a', 'xingbin-b']);
    expect(children[0]).toBe('dangjian-gongzuo-dongtai');
    expect(await codeOf(reorderChannels(admin, { parentSlug: null, slugs: [...SUBNETWORKS].reverse() }))).toBe('FORBIDDEN');
    expect(await codeOf(reorderChannels(admin, { parentSlug: 'dangjian', slugs: ['xingbin-a', 'dangjian-lilun'] }))).toBe('BAD_USER_INPUT');
    expect(await topOrder(county)).toEqual(SUBNETWORKS);
  });
});
