import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { createChannel } from './createChannel';
import { seedSharedChannels } from './syncChannelTree';
import { codeOf } from '../../../tests/support/expectations';

describe('createChannel', () => {
  let county: ContentTestNode;
  let count: () => Promise<number>;

  beforeAll(async () => {
    county = await openContentTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    await seedSharedChannels(county.node.models, new Date());
    count = () => county.node.models.Channel.countDocuments({});
  });
  afterAll(() => county.close());

  it('creates a local category under a sub-network and a sub-category under a category, each after its local siblings', async () => {
    const admin = county.as('admin');
    const category = await createChannel(admin, { parentSlug: 'dangjian', slugSuffix: 'xiangcun', name: ' 乡村振兴 ' });
    expect(category).toMatchObject({
      _id: 'xingbin-xiangcun',
      name: '乡村振兴',
      level: 'category',
      parentSlug: 'dangjian',
      origin: 'local',
      retired: false,
      order: 1,
      path: ['dangjian', 'xingbin-xiangcun'],
    });
    const sub = await createChannel(admin, { parentSlug: 'dangjian-jiceng', slugSuffix: 'cunwu', name: '村务公开' });
    expect(sub).toMatchObject({ level: 'subcategory', path: ['dangjian', 'dangjian-jiceng', 'xingbin-cunwu'], order: 1 });
    const second = await createChannel(admin, { parentSlug: 'dangjian', slugSuffix: 'tese', name: '特色党建' });
    expect(second.order).toBe(2);
    expect(await county.node.models.Channel.findById('xingbin-tese').lean()).toMatchObject({ origin: 'local', name: '特色党建' });
  });

  it('lets an admin of a node above act, and no one else', async () => {
    await expect(
      createChannel(county.as('admin', 'laibin'), { parentSlug: 'dangshi', slugSuffix: 'hongse', name: '红色足迹' }),
    ).resolves.toMatchObject({
      _id: 'xingbin-hongse',
    });
    const before = await count();
    expect(await codeOf(createChannel(county.as(null), { parentSlug: 'dangshi', slugSuffix: 'a', name: '甲' }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(createChannel(county.as('editor'), { parentSlug: 'dangshi', slugSuffix: 'b', name: '乙' }))).toBe('FORBIDDEN');
    expect(await codeOf(createChannel(county.as('admin', 'heshan'), { parentSlug: 'dangshi', slugSuffix: 'c', name: '丙' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(createChannel(county.as('editor', 'laibin'), { parentSlug: 'dangshi', slugSuffix: 'd', name: '丁' }))).toBe(
      'FORBIDDEN',
    );
    expect(await count()).toBe(before);
  });

  it('refuses bad input, a missing or retired parent, a fourth level, a taken slug or sibling name, and changes nothing', async () => {
    const admin = county.as('admin');
    const before = await count();
    for (const slugSuffix of ['', 'Xiang', '1cun', 'xiang-cun', 'xiang_cun', '乡村', 'a'.repeat(31)]) {
      expect(await codeOf(createChannel(admin, { parentSlug: 'dangjian', slugSuffix, name: '测试' }))).toBe('BAD_USER_INPUT');
    }
    for (const name of ['', '   ', '很'.repeat(31), '换行\u0007']) {
      expect(await codeOf(createChannel(admin, { parentSlug: 'dangjian', slugSuffix: 'ok', name }))).toBe('BAD_USER_INPUT');
    }
    expect(await codeOf(createChannel(admin, { parentSlug: 'dangjian-jiceng-nongcun', slugSuffix: 'ok', name: '第四级' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(createChannel(admin, { parentSlug: 'nowhere', slugSuffix: 'ok', name: '无上级' }))).toBe('NOT_FOUND');
    expect(await codeOf(createChannel(admin, { parentSlug: 'dangjian', slugSuffix: 'xiangcun', name: '另一个名字' }))).toBe('CONFLICT');
    expect(await codeOf(createChannel(admin, { parentSlug: 'dangjian', slugSuffix: 'ok', name: '工作动态' }))).toBe('CONFLICT');
    await county.node.models.Channel.updateOne({ _id: 'dangjian-tongzhi' }, { $set: { retired: true } });
    expect(await codeOf(createChannel(admin, { parentSlug: 'dangjian-tongzhi', slugSuffix: 'ok', name: '停用下' }))).toBe('CONFLICT');
    await county.node.models.Channel.updateOne({ _id: 'dangjian-tongzhi' }, { $set: { retired: false } });
    expect(await count()).toBe(before);
  });
});
