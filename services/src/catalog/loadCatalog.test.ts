import { articleDoc, openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import type { ArticleDoc } from '../articles/articleModel';
import { queryTerms } from '../search/chineseText';
import type { ArticleCatalog } from './articleCatalog';
import { loadCatalog, refreshCatalog } from './loadCatalog';
import { until } from '../../../tests/support/expectations';

describe('loadCatalog', () => {
  let county: ContentTestNode;
  let catalog: ArticleCatalog;
  const found = (q: string) =>
    catalog
      .search({ required: queryTerms(q).required, first: 100 })
      .items.map((i) => i.article.title)
      .sort();

  beforeAll(async () => {
    county = await openContentTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    const { Article } = county.node.models;
    await Article.insertMany([
      articleDoc('xingbin', {
        title: '凤凰镇召开党建工作推进会',
        channel: 'dangjian-gongzuo-dongtai',
        bodyText: '会议要求全镇信息员按月报送。',
      }),
      articleDoc('xingbin', { title: '鄉村振興專題', channel: 'dangjian-jiceng', bodyText: '興賓區各鄉鎮黨建工作紮實推進。' }),
      articleDoc('xingbin', { title: '草稿：三级三批', channel: 'dangjian-jiceng', bodyText: '党建 信息员 兴宾区', status: 'draft' }),
      articleDoc('xingbin', { title: '已撤稿：党建', channel: 'dangjian-jiceng', bodyText: '党建', status: 'retracted' }),
    ]);
    catalog = await loadCatalog(county.node.models, { refreshMs: 0 });
  });
  afterAll(async () => {
    catalog.stop();
    await county.close();
  });

  it('loads published articles only, without their bodies, and times the load', () => {
    expect(catalog.size).toBe(2);
    expect(catalog.stats().loadMs).toEqual(expect.any(Number));
    const listed = catalog.list({ first: 10 }).items.map((i) => i.article);
    expect(listed.map((a) => a.title)).toEqual(['鄉村振興專題', '凤凰镇召开党建工作推进会']);
    for (const a of listed) {
      expect(a).not.toHaveProperty('body');
      expect(a).not.toHaveProperty('bodyText');
      expect(a).toMatchObject({ _id: expect.anything(), node: 'xingbin', status: 'published', version: 1, tags: [], coverImageId: null });
    }
  });

  it('finds a word in simplified or traditional form, 信息员 and 兴宾区, and never a draft or retracted article', () => {
    expect(found('党建')).toEqual(['凤凰镇召开党建工作推进会', '鄉村振興專題'].sort());
    expect(found('黨建')).toEqual(found('党建'));
    expect(found('信息员')).toEqual(['凤凰镇召开党建工作推进会']);
    expect(found('兴宾区')).toEqual(['鄉村振興專題']);
    expect(found('三级三批')).toEqual([]);
  });

  it('serves the body text of hits for snippets, from memory or the database', async () => {
    const id = String(catalog.list({ first: 1 }).items[0]!.article._id);
    expect((await catalog.texts([id])).get(id)).toBe('興賓區各鄉鎮黨建工作紮實推進。');
    catalog.setTextBudget(0); // from the database now
    expect((await catalog.texts([id])).get(id)).toBe('興賓區各鄉鎮黨建工作紮實推進。');
    catalog.setTextBudget(2 ** 20);
  });

  it('picks up what another instance wrote: publish, edit, retract; and drops deleted articles on reconcile', async () => {
    const { Article } = county.node.models;
    const since = new Date(Date.now() - 1000);
    const later = new Date(Date.now() + 1000);
    const [draft, first] = await Promise.all([
      Article.findOne({ title: '草稿：三级三批' }).lean<ArticleDoc>(),
      Article.findOne({ title: '凤凰镇召开党建工作推进会' }).lean<ArticleDoc>(),
    ]);
    await Article.updateOne({ _id: draft!._id }, { $set: { status: 'published', publishedAt: later, updatedAt: later } });
    await Article.updateOne({ _id: first!._id }, { $set: { title: '凤凰镇党建推进会（更新）', version: 2, updatedAt: later } });
    expect(await refreshCatalog(catalog, county.node.models, since)).toBe(2);
    expect(found('三级三批')).toEqual(['草稿：三级三批']);
    expect(found('信息员')).toEqual(['凤凰镇党建推进会（更新）', '草稿：三级三批'].sort());
    expect(await refreshCatalog(catalog, county.node.models, since)).toBe(0);

    const evenLater = new Date(Date.now() + 2000);
    await Article.updateOne({ _id: draft!._id }, { $set: { status: 'retracted', updatedAt: evenLater } });
    expect(await refreshCatalog(catalog, county.node.models, since)).toBe(1);
    expect(found('三级三批')).toEqual([]);

    await Article.deleteOne({ _id: first!._id });
    expect(await refreshCatalog(catalog, county.node.models, new Date(Date.now() + 60_000))).toBe(0);
    expect(catalog.has(String(first!._id))).toBe(true);
    expect(await refreshCatalog(catalog, county.node.models, new Date(Date.now() + 60_000), true)).toBe(1);
    expect(catalog.has(String(first!._id))).toBe(false);
  });

  it('fetches the article when told of a change without its body text', async () => {
    const { Article } = county.node.models;
    const [created] = await Article.insertMany([
      articleDoc('xingbin', { title: '远教站点建设', channel: 'yuanjiao', bodyText: '远程教育站点' }),
    ]);
    const { bodyText: _drop, ...partial } = created!.toObject() as ArticleDoc;
    catalog.articleChanged(partial as ArticleDoc);
    await until(() => catalog.has(String(created!._id)), 5_000, 20);
    expect(found('远程教育')).toEqual(['远教站点建设']);
  });

  it('refreshes on a timer until stopped', async () => {
    const timed = await loadCatalog(county.node.models, { refreshMs: 50 });
    try {
      const before = timed.size;
      const [created] = await county.node.models.Article.insertMany([
        articleDoc('xingbin', { title: '人才工作动态', channel: 'rencai', bodyText: '人才', updatedAt: new Date() }),
      ]);
      await until(() => timed.has(String(created!._id)), 5_000, 20);
      expect(timed.size).toBe(before + 1);
    } finally {
      timed.stop();
    }
  });
});
