import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { channelIndexOf } from './channelIndex';
import { createChannel } from './createChannel';
import { retireChannel } from './retireChannel';
import { seedSharedChannels } from './syncChannelTree';
import { codeOf } from '../../../tests/support/expectations';

describe('retireChannel', () => {
  let city: ContentTestNode;
  let county: ContentTestNode;

  beforeAll(async () => {
    city = await openContentTestNode({ code: 'laibin', tier: 'city' });
    county = await openContentTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    for (const n of [city, county]) await seedSharedChannels(n.node.models, new Date());
    await createChannel(county.as('admin'), { parentSlug: 'dangjian-jiceng', slugSuffix: 'cunwu', name: '村务公开' });
  });
  afterAll(async () => {
    await city.close();
    await county.close();
  });

  it('retires a shared channel at the city; the channels below it count as retired too; twice is harmless', async () => {
    const retired = await retireChannel(city.as('admin'), { slug: 'dangjian-jiceng' });
    expect(retired).toMatchObject({ _id: 'dangjian-jiceng', retired: true });
    const index = await channelIndexOf(city.node.models);
    expect(index.isRetired('dangjian-jiceng')).toBe(true);
    expect(index.isRetired('dangjian-jiceng-nongcun')).toBe(true);
    expect(index.isRetired('dangjian')).toBe(false);
    expect((await city.node.models.Channel.findById('dangjian-jiceng-nongcun').lean())?.retired).toBe(false);
    await expect(retireChannel(city.as('admin'), { slug: 'dangjian-jiceng' })).resolves.toMatchObject({ retired: true });
  });

  it('retires a local channel on its node but not a shared one there', async () => {
    await expect(retireChannel(county.as('admin'), { slug: 'xingbin-cunwu' })).resolves.toMatchObject({ retired: true });
    expect(await codeOf(retireChannel(county.as('admin'), { slug: 'dangshi' }))).toBe('FORBIDDEN');
    expect(await codeOf(retireChannel(county.as('admin'), { slug: 'nowhere' }))).toBe('NOT_FOUND');
    expect(await codeOf(retireChannel(county.as('officer'), { slug: 'xingbin-cunwu' }))).toBe('FORBIDDEN');
    expect((await county.node.models.Channel.findById('dangshi').lean())?.retired).toBe(false);
  });
});
