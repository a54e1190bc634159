import { Types } from 'mongoose';
import type { ArticleDoc } from '../articles/articleModel';
import { queryTerms } from '../search/chineseText';
import { ArticleCatalog, type ListPosition, type SearchPosition } from './articleCatalog';

let minute = 0;
function article(fields: Partial<ArticleDoc> & { title: string }): ArticleDoc {
  const at = new Date(Date.UTC(2024, 4, 1) + ++minute * 60_000);
  return {
    _id: new Types.ObjectId(),
    node: 'xingbin',
    subtitle: null,
    author: null,
    officer: null,
    sourceUnit: null,
    channel: 'dangjian-gongzuo-dongtai',
    tags: [],
    summary: null,
    body: '<p>正文</p>',
    bodyText: '正文',
    coverImageId: null,
    attachmentIds: [],
    status: 'published',
    reviewLevel: null,
    reason: null,
    createdBy: 'acct_1',
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    version: 1,
    revision: 1,
    viewCount: 0,
    transitions: [],
    sensitiveHits: [],
    importKey: null,
    ...fields,
  };
}

const search = (
  catalog: ArticleCatalog,
  q: string,
  extra: { first?: number; after?: SearchPosition; from?: number; to?: number; channels?: Set<string> } = {},
) => catalog.search({ required: queryTerms(q).required, first: extra.first ?? 20, ...extra });
const titles = (page: { items: { article: { title: string } }[] }) => page.items.map((i) => i.article.title);

describe('ArticleCatalog', () => {
  it('keeps published articles only: publish, edit (a new version), retract', () => {
    const catalog = new ArticleCatalog();
    const draft = article({ title: '草稿：党建工作计划', status: 'draft', publishedAt: null });
    catalog.articleChanged(draft);
    expect(catalog.size).toBe(0);

    const published = { ...draft, status: 'published' as const, publishedAt: new Date(), updatedAt: new Date(Date.now() + 1) };
    catalog.articleChanged(published);
    expect(titles(search(catalog, '党建'))).toEqual(['草稿：党建工作计划']);

    const edited = { ...published, title: '乡村振兴工作计划', bodyText: '信息员报送', version: 2, updatedAt: new Date(Date.now() + 2) };
    catalog.articleChanged(edited);
    expect(catalog.size).toBe(1);
    expect(search(catalog, '党建').totalCount).toBe(0);
    expect(titles(search(catalog, '信息员'))).toEqual(['乡村振兴工作计划']);
    expect(catalog.list({ first: 10 }).items[0]!.article).not.toHaveProperty('bodyText');
    expect(catalog.list({ first: 10 }).items[0]!.article).not.toHaveProperty('body');

    catalog.articleChanged({ ...edited, status: 'retracted', updatedAt: new Date(Date.now() + 3) });
    expect(catalog.size).toBe(0);
    expect(search(catalog, '信息员').totalCount).toBe(0);
  });

  it('lists newest first, by channel set, in pages that neither repeat nor skip', () => {
    const catalog = new ArticleCatalog();
    const docs = Array.from({ length: 25 }, (_, i) => article({ title: `第${i}篇`, channel: i % 2 ? 'a' : 'b' }));
    for (const d of [...docs].reverse()) catalog.articleChanged(d);
    const all: string[] = [];
    let after: ListPosition | undefined;
    for (;;) {
      const page = catalog.list({ first: 7, after });
      expect(page.totalCount).toBe(25);
      all.push(...titles(page));
      if (!page.hasNextPage) break;
      after = page.items[page.items.length - 1]!.position;
    }
    expect(all).toEqual(docs.map((d) => d.title).reverse());
    const inA = catalog.list({ first: 100, channels: new Set(['a']) });
    expect(inA.totalCount).toBe(12);
    expect(inA.items.every((i) => i.article.channel === 'a')).toBe(true);
    expect(catalog.list({ first: 5, channels: new Set(['nowhere']) })).toEqual({ items: [], totalCount: 0, hasNextPage: false });
  });

  it('ranks title hits above summary and tag hits above body hits, newer first among equals', () => {
    const catalog = new ArticleCatalog();
    const body = article({ title: '工作简报', bodyText: '全区党建工作稳步推进' });
    const title = article({ title: '党建工作会议召开', bodyText: '会议召开' });
    const tag = article({ title: '一周要闻', tags: ['党建'], bodyText: '要闻' });
    const summary = article({ title: '情况通报', summary: '本期通报党建信息采用情况', bodyText: '通报' });
    const newerBody = article({ title: '基层动态', bodyText: '村级党建阵地建设' });
    for (const d of [body, title, tag, summary, newerBody]) catalog.articleChanged(d);
    const page = search(catalog, '党建');
    expect(titles(page)).toEqual(['党建工作会议召开', '情况通报', '一周要闻', '基层动态', '工作简报']);
    const scores = page.items.map((i) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores[0]).toBeGreaterThanOrEqual(10);
  });

  it('requires every term, filters by date range and channel, and pages search results by position', () => {
    const catalog = new ArticleCatalog();
    const docs = Array.from({ length: 30 }, (_, i) =>
      article({
        title: i % 3 === 0 ? `信息员培训第${i}期` : `第${i}期简报`,
        bodyText: i % 2 ? '兴宾区信息员队伍建设' : '兴宾区工作',
        channel: i % 5 ? 'x' : 'y',
      }),
    );
    for (const d of docs) catalog.articleChanged(d);
    expect(search(catalog, '兴宾区 信息员').totalCount).toBe(
      docs.filter((d) => d.title.includes('信息员') || d.bodyText.includes('信息员')).length,
    );
    expect(search(catalog, '兴宾区 不存在的词').totalCount).toBe(0);

    const seen: string[] = [];
    let after: SearchPosition | undefined;
    let pages = 0;
    for (;;) {
      const page = search(catalog, '信息员', { first: 4, after });
      seen.push(...titles(page));
      pages++;
      if (!page.hasNextPage) break;
      after = page.items[page.items.length - 1]!.position;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(search(catalog, '信息员').totalCount);
    expect(pages).toBeGreaterThan(1);
    expect(seen.slice(0, 10).every((t) => t.startsWith('信息员培训'))).toBe(true);

    const from = docs[10]!.publishedAt!.getTime();
    const to = docs[20]!.publishedAt!.getTime();
    const ranged = search(catalog, '兴宾区', { from, to, first: 100 });
    expect(ranged.totalCount).toBe(10);
    expect(search(catalog, '兴宾区', { channels: new Set(['y']) }).totalCount).toBe(6);
  });

  it('keeps body texts for snippets within its budget and reads the rest from its source', async () => {
    const reads: string[][] = [];
    const catalog = new ArticleCatalog({
      texts: async (ids) => {
        reads.push([...ids]);
        return new Map(ids.map((id) => [id, `库中正文 ${id}`]));
      },
      article: async () => null,
    });
    const a = article({ title: '甲', bodyText: '甲的正文' });
    const b = article({ title: '乙', bodyText: '乙的正文' });
    for (const d of [a, b]) catalog.articleChanged(d);
    const ids = [String(a._id), String(b._id)];
    expect([...(await catalog.texts(ids)).values()]).toEqual(['甲的正文', '乙的正文']);
    expect(reads).toEqual([]);
    expect(catalog.stats()).toMatchObject({ texts: 2, textBytes: 16 });

    // Room for one text of four characters: the least recently used goes, and is read back when needed.
    catalog.setTextBudget(8);
    expect(catalog.stats().texts).toBe(1);
    expect((await catalog.texts(ids)).get(ids[0]!)).toBe(`库中正文 ${ids[0]}`);
    expect(reads).toEqual([[ids[0]]]);

    catalog.setTextBudget(0);
    await catalog.texts(ids);
    expect(reads).toEqual([[ids[0]], ids]);
    expect(catalog.stats()).toMatchObject({ texts: 0, textBytes: 0 });

    catalog.setTextBudget(1000);
    catalog.articleChanged({ ...a, bodyText: '甲的新正文', version: 2, updatedAt: new Date(a.updatedAt.getTime() + 1) });
    expect((await catalog.texts([ids[0]!])).get(ids[0]!)).toBe('甲的新正文');
    catalog.articleChanged({ ...b, status: 'retracted', updatedAt: new Date(b.updatedAt.getTime() + 1) });
    expect(catalog.stats()).toMatchObject({ texts: 1, textBytes: 10 });
  });

  it('stays correct through compactions after many edits and retractions', () => {
    const catalog = new ArticleCatalog();
    const docs = Array.from({ length: 1500 }, (_, i) => article({ title: `简报${i}`, bodyText: i % 2 ? '党建' : '远教' }));
    for (const d of docs) catalog.articleChanged(d);
    for (const d of docs.slice(0, 1400))
      catalog.articleChanged({ ...d, status: 'retracted', updatedAt: new Date(d.updatedAt.getTime() + 1) });
    expect(catalog.stats().deadOrdinals).toBeLessThan(1400);
    expect(catalog.size).toBe(100);
    expect(search(catalog, '党建').totalCount).toBe(50);
    expect(search(catalog, '远教', { first: 100 }).items.every((i) => Number(i.article.title.slice(2)) >= 1400)).toBe(true);
  });
});
