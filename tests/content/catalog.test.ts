import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { gql } from '../support/testNetwork';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { articleDoc } from './contentTestNode';

interface SearchResult {
  hits: { article: { id: string; title: string; status: string; channel: string }; score: number; highlight: string }[];
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/** Site.articles and Site.search over a county's own GraphQL endpoint, on articles stored as the workflow stores them. */
describe('published catalog over HTTP', () => {
  let net: InProcessNetwork;
  const url = () => net.node('xingbin').url;

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
    ]);
    const { context } = net.node('xingbin');
    const docs = await context.models.Article.insertMany([
      articleDoc('xingbin', {
        title: '兴宾区召开党建工作会议',
        channel: 'dangjian-gongzuo-dongtai-xianqu',
        bodyText: '会议部署全年工作。',
      }),
      articleDoc('xingbin', {
        title: '信息员队伍建设',
        channel: 'dangjian-xinxiyuan',
        bodyText: '各鄉鎮黨建信息員積極報送稿件。',
        summary: '加强队伍',
      }),
      articleDoc('xingbin', { title: '远教站点巡查', channel: 'yuanjiao-zhandian', bodyText: '站点设备运行良好。' }),
      articleDoc('xingbin', { title: '未发布的党建稿件', channel: 'dangjian-jiceng', bodyText: '党建 信息员 兴宾区', status: 'submitted' }),
    ]);
    for (const doc of docs) context.catalog.articleChanged(doc.toObject() as ArticleDoc);
  });
  afterAll(async () => net?.stop());

  it('lists published articles in a channel and below it, newest first', async () => {
    const res = await gql<{
      network: { xingbin: { articles: { nodes: { id: string; title: string; status: string }[]; totalCount: number } } };
    }>(
      url(),
      '{ network { xingbin { articles(channel: "dangjian", first: 10) { nodes { id title status } totalCount pageInfo { hasNextPage } } } } }',
    );
    expect(res.body.errors).toBeUndefined();
    const { nodes, totalCount } = res.body.data!.network.xingbin.articles;
    expect(nodes.map((n) => n.title)).toEqual(['信息员队伍建设', '兴宾区召开党建工作会议']);
    expect(totalCount).toBe(2);
    expect(nodes[0]!.id).toMatch(/^xingbin:/);
    expect(nodes[0]!.status).toBe('PUBLISHED');
  });

  it('searches in simplified or traditional form, title hits first, never an unpublished article', async () => {
    const search = async (query: string) => {
      const res = await gql<{ network: { xingbin: { search: SearchResult } } }>(
        url(),
        'query($q: String!) { network { xingbin { search(query: $q) { hits { article { id title status channel } score highlight } totalCount pageInfo { endCursor hasNextPage } } } } }',
        { q: query },
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.network.xingbin.search;
    };
    const simplified = await search('党建');
    expect(simplified.hits.map((h) => h.article.title)).toEqual(['兴宾区召开党建工作会议', '信息员队伍建设']);
    expect(simplified.hits[0]!.score).toBeGreaterThan(simplified.hits[1]!.score);
    expect(simplified.hits[1]!.highlight).toContain('<mark>黨建</mark>');
    expect((await search('黨建')).hits.map((h) => h.article.title)).toEqual(simplified.hits.map((h) => h.article.title));
    expect((await search('信息员')).totalCount).toBe(1);
    expect((await search('兴宾区')).hits.map((h) => h.article.title)).toEqual(['兴宾区召开党建工作会议']);
    expect((await search('未发布')).totalCount).toBe(0);
  });

  it('answers bad input with BAD_USER_INPUT', async () => {
    const empty = await gql(url(), '{ network { xingbin { search(query: "  ！") { totalCount } } } }');
    expect(empty.body.errors?.[0]).toMatchObject({ message: '请输入检索词', extensions: { code: 'BAD_USER_INPUT' } });
    const tooMany = await gql(url(), '{ network { xingbin { articles(first: 101) { totalCount } } } }');
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await gql(url(), '{ network { xingbin { articles(after: "garbage") { totalCount } } } }');
    expect(cursor.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const date = await gql(url(), '{ network { xingbin { search(query: "党建", from: "2024-02-30") { totalCount } } } }');
    expect(date.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
