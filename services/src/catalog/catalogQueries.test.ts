import { DomainError } from '@djnet/shared';
import { articleDoc, openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import type { ArticleDoc } from '../articles/articleModel';
import { channelResolvers } from '../channels/channelResolvers';
import { renameChannel } from '../channels/renameChannel';
import { retireChannel } from '../channels/retireChannel';
import { seedSharedChannels } from '../channels/syncChannelTree';
import type { RequestContext } from '../graphql/requestContext';
import { listArticles, searchArticles } from './catalogQueries';

async function errorOf(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return e;
  }
  throw new Error('expected a DomainError');
}

const day = (d: string) => new Date(`${d}T10:00:00+08:00`);

describe('catalog reads (Site.articles, Site.search)', () => {
  let city: ContentTestNode;
  const titlesOf = (page: { nodes: { title: string }[] }) => page.nodes.map((a) => a.title);

  beforeAll(async () => {
    city = await openContentTestNode({ code: 'laibin', tier: 'city' });
    await seedSharedChannels(city.node.models, new Date());
    const docs = [
      articleDoc('laibin', {
        title: '全市基层党建工作会议召开',
        channel: 'dangjian-jiceng',
        publishedAt: day('2024-03-01'),
        bodyText: '会议总结了去年工作。',
      }),
      articleDoc('laibin', {
        title: '农村党员冬训',
        channel: 'dangjian-jiceng-nongcun',
        publishedAt: day('2024-03-05'),
        bodyText: '各村党支部组织冬训，兴宾区率先完成。',
      }),
      articleDoc('laibin', {
        title: '社区服务',
        channel: 'dangjian-jiceng-shequ',
        publishedAt: day('2024-03-10'),
        bodyText: '城区社區黨建服務中心揭牌。',
      }),
      articleDoc('laibin', {
        title: '信息员培训',
        channel: 'dangjian-xinxiyuan',
        publishedAt: day('2024-04-01'),
        bodyText: '全市信息员参加培训。',
      }),
      articleDoc('laibin', { title: '图片：党建', channel: 'dangjian-tupian', publishedAt: day('2024-04-02'), bodyText: '图片新闻' }),
      articleDoc('laibin', { title: '草稿党建', channel: 'dangjian-jiceng', status: 'draft', bodyText: '党建' }),
    ];
    for (const d of await city.node.models.Article.insertMany(docs)) city.node.catalog.articleChanged(d.toObject() as ArticleDoc);
  });
  afterAll(() => city.close());

  it('lists a channel with everything below it, newest first, with a total', async () => {
    const page = await listArticles(city.node, { channel: 'dangjian-jiceng' });
    expect(titlesOf(page)).toEqual(['社区服务', '农村党员冬训', '全市基层党建工作会议召开']);
    expect(page.totalCount).toBe(3);
    expect((await listArticles(city.node, { channel: 'dangjian' })).totalCount).toBe(5);
    expect((await listArticles(city.node, {})).totalCount).toBe(5);
    expect(titlesOf(await listArticles(city.node, { channel: 'dangjian-jiceng-shequ' }))).toEqual(['社区服务']);
  });

  it('pages with an opaque cursor and refuses a bad cursor, a bad page size or an unknown channel', async () => {
    const first = await listArticles(city.node, { channel: 'dangjian', first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.pageInfo.endCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await listArticles(city.node, { channel: 'dangjian', first: 2, after: first.pageInfo.endCursor });
    const third = await listArticles(city.node, { channel: 'dangjian', first: 2, after: second.pageInfo.endCursor });
    expect([...titlesOf(first), ...titlesOf(second), ...titlesOf(third)]).toHaveLength(5);
    expect(third.pageInfo.hasNextPage).toBe(false);

    for (const after of ['not a cursor!', 'abc', Buffer.from('{"k":"s","t":1,"i":"x","f":1}').toString('base64url')]) {
      expect(await errorOf(listArticles(city.node, { after }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    for (const n of [0, 101, 1.5, -1]) expect((await errorOf(listArticles(city.node, { first: n }))).code).toBe('BAD_USER_INPUT');
    expect((await errorOf(listArticles(city.node, { channel: 'nowhere' }))).code).toBe('NOT_FOUND');
  });

  it('searches with snippets marking the match in the original (traditional) text', async () => {
    const page = await searchArticles(city.node, { query: '党建' });
    expect(page.totalCount).toBe(3);
    expect(page.hits.map((h) => h.article.title)).toEqual(['图片：党建', '全市基层党建工作会议召开', '社区服务']);
    expect(await page.hits[2]!.highlight()).toContain('<mark>黨建</mark>');
    expect(await page.hits[0]!.highlight()).toContain('<mark>党建</mark>');
    const hits = (await searchArticles(city.node, { query: '黨建', channel: 'dangjian-jiceng' })).hits.map((h) => h.article.title);
    expect(hits).toEqual(['全市基层党建工作会议召开', '社区服务']);
    expect((await searchArticles(city.node, { query: '兴宾区' })).hits.map((h) => h.article.title)).toEqual(['农村党员冬训']);
  });

  it('filters by date (whole days, China time) and refuses bad dates, empty queries and bad cursors', async () => {
    const march = await searchArticles(city.node, { query: '党建', from: '2024-03-01', to: '2024-03-31' });
    expect(march.hits.map((h) => h.article.title)).toEqual(['全市基层党建工作会议召开', '社区服务']);
    expect((await searchArticles(city.node, { query: '党建', to: '2024-03-10' })).totalCount).toBe(2);
    expect((await searchArticles(city.node, { query: '党建', from: '2024-04-02T10:00:00+08:00' })).totalCount).toBe(1);
    expect((await searchArticles(city.node, { query: '党建', to: '2024-04-02T09:59:59+08:00' })).totalCount).toBe(2);
    for (const from of ['2024-13-01', '2024-02-30', 'yesterday', '2024/03/01']) {
      expect(await errorOf(searchArticles(city.node, { query: '党建', from }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect((await errorOf(searchArticles(city.node, { query: '党建', from: '2024-05-01', to: '2024-04-01' }))).code).toBe('BAD_USER_INPUT');
    for (const query of ['', '   ', '，。！？']) {
      expect(await errorOf(searchArticles(city.node, { query }))).toMatchObject({ code: 'BAD_USER_INPUT', message: '请输入检索词' });
    }
    const listCursor = (await listArticles(city.node, { first: 1 })).pageInfo.endCursor!;
    expect((await errorOf(searchArticles(city.node, { query: '党建', after: listCursor }))).code).toBe('BAD_USER_INPUT');
    expect((await errorOf(searchArticles(city.node, { query: '党建', first: 0 }))).code).toBe('BAD_USER_INPUT');
    const page1 = await searchArticles(city.node, { query: '党建', first: 2 });
    const page2 = await searchArticles(city.node, { query: '党建', first: 2, after: page1.pageInfo.endCursor });
    expect(page2.hits.map((h) => h.article.title)).toEqual(['社区服务']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('a renamed channel keeps its articles by slug; a retired one leaves the channel list but its articles stay listed', async () => {
    const admin = city.as('admin');
    const ctx: RequestContext = { node: city.node, actor: null };
    const channels = channelResolvers.Site!.channels as (
      s: unknown,
      a: { includeRetired?: boolean },
      c: RequestContext,
    ) => Promise<{ slug: string; name: string; retired: boolean; level: string; origin: string }[]>;
    await renameChannel(admin, { slug: 'dangjian-xinxiyuan', name: '信息员之家' });
    expect(titlesOf(await listArticles(city.node, { channel: 'dangjian-xinxiyuan' }))).toEqual(['信息员培训']);
    expect((await channels({}, {}, ctx)).find((c) => c.slug === 'dangjian-xinxiyuan')).toMatchObject({
      name: '信息员之家',
      level: 'CATEGORY',
      origin: 'SHARED',
    });

    await retireChannel(admin, { slug: 'dangjian-jiceng' });
    const visible = await channels({}, {}, ctx);
    expect(visible.find((c) => c.slug === 'dangjian-jiceng')).toBeUndefined();
    expect(visible.find((c) => c.slug === 'dangjian-jiceng-nongcun')).toBeUndefined();
    expect(visible).toHaveLength(151 - 1 - 5);
    expect((await channels({}, { includeRetired: true }, ctx)).find((c) => c.slug === 'dangjian-jiceng-nongcun')).toMatchObject({
      retired: true,
    });
    expect(titlesOf(await listArticles(city.node, { channel: 'dangjian-jiceng' }))).toEqual([
      '社区服务',
      '农村党员冬训',
      '全市基层党建工作会议召开',
    ]);
    expect((await searchArticles(city.node, { query: '冬训' })).totalCount).toBe(1);
  });
});
