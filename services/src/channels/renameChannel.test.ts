import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { createChannel } from './createChannel';
import { renameChannel } from './renameChannel';
import { seedSharedChannels } from './syncChannelTree';
import { codeOf } from '../../../tests/support/expectations';

describe('renameChannel', () => {
  let city: ContentTestNode;
  let county: ContentTestNode;
  const nameOf = async (n: ContentTestNode, slug: string) => (await n.node.models.Channel.findById(slug).lean())?.name;

  beforeAll(async () => {
    city = await openContentTestNode({ code: 'laibin', tier: 'city' });
    county = await openContentTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    for (const n of [city, county]) await seedSharedChannels(n.node.models, new Date());
    await createChannel(county.as('admin'), { parentSlug: 'dangjian', slugSuffix: 'xiangcun', name: '乡村振兴' });
  });
  afterAll(async () => {
    await city.close();
    await county.close();
  });

  it('renames a shared channel at the city, keeping its slug', async () => {
    const renamed = await renameChannel(city.as('admin'), { slug: 'dangjian-jiceng', name: '  基层组织建设 ' });
    expect(renamed).toMatchObject({ _id: 'dangjian-jiceng', name: '基层组织建设', origin: 'shared' });
    expect(await nameOf(city, 'dangjian-jiceng')).toBe('基层组织建设');
  });

  it('renames a local channel on its node, but not a shared one there', async () => {
    expect(await renameChannel(county.as('admin'), { slug: 'xingbin-xiangcun', name: '乡村振兴专栏' })).toMatchObject({
      name: '乡村振兴专栏',
    });
    expect(await codeOf(renameChannel(county.as('admin'), { slug: 'dangjian-jiceng', name: '改不了' }))).toBe('FORBIDDEN');
    expect(await codeOf(renameChannel(county.as('admin', 'laibin'), { slug: 'dangjian-jiceng', name: '市级也不在此改' }))).toBe(
      'FORBIDDEN',
    );
    expect(await nameOf(county, 'dangjian-jiceng')).toBe('基层党建');
  });

  it('refuses bad names, unknown channels, sibling name clashes and non-admins, changing nothing', async () => {
    const admin = city.as('admin');
    expect(await codeOf(renameChannel(admin, { slug: 'dangshi', name: '' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(renameChannel(admin, { slug: 'dangshi', name: '长'.repeat(31) }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(renameChannel(admin, { slug: 'nowhere', name: '无' }))).toBe('NOT_FOUND');
    expect(await codeOf(renameChannel(admin, { slug: 'dangshi', name: '纪检' }))).toBe('CONFLICT');
    expect(await codeOf(renameChannel(city.as('editor'), { slug: 'dangshi', name: '党史学习' }))).toBe('FORBIDDEN');
    expect(await codeOf(renameChannel(city.as(null), { slug: 'dangshi', name: '党史学习' }))).toBe('UNAUTHENTICATED');
    expect(await nameOf(city, 'dangshi')).toBe('党史');
    // Thirty characters is the limit, not over it.
    await expect(renameChannel(admin, { slug: 'dangshi', name: '党'.repeat(30) })).resolves.toMatchObject({ name: '党'.repeat(30) });
  });
});
