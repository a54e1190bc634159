import { createArticle } from '../articles/createArticle';
import { asActor } from '../../../tests/support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { publishItem } from '../../../tests/syndication/syndicationFixtures';
import { recordArticleViews } from './recordArticleViews';
import { siteRuntimeOf } from './siteRuntime';

describe('recordArticleViews', () => {
  let net: InProcessNetwork;
  beforeAll(async () => {
    net = await startInProcessNetwork([{ code: 'laibin', name: '来宾市党建网', tier: 'city' }]);
  }, 60_000);
  afterAll(async () => net?.stop());

  it('adds views to published articles only, ignoring malformed ids', async () => {
    const city = net.node('laibin');
    const a = await publishItem(city, { title: '阅读计数测试甲' });
    const draft = await createArticle(asActor(city, 'officer'), { title: '草稿', channel: 'dangjian', body: '<p>草稿</p>' });
    const updated = await recordArticleViews(
      city.context,
      new Map([
        [String(a._id), 3],
        [String(draft._id), 5],
        ['not-an-id', 2],
        ['0'.repeat(24), 1],
      ]),
    );
    expect(updated).toBe(1);
    const { Article } = city.context.models;
    expect((await Article.findById(a._id).lean())!.viewCount).toBe(3);
    expect((await Article.findById(draft._id).lean())!.viewCount).toBe(0);
    const after = await Article.findById(a._id).lean();
    expect(after!.revision).toBe(a.revision); // content and workflow untouched
  });

  it('article pages count views; the home page lists the most read', async () => {
    const city = net.node('laibin');
    const b = await publishItem(city, { title: '最多阅读测试乙' });
    for (let i = 0; i < 3; i++) expect((await fetch(`${city.url}/articles/${String(b._id)}`)).status).toBe(200);
    const views = siteRuntimeOf(city.context)!.views;
    await views.flush();
    expect((await city.context.models.Article.findById(b._id).lean())!.viewCount).toBe(3);
    const top = views.top(5, Date.now() + 3_600_000).map((a) => a.title);
    expect(top[0]).toBe('最多阅读测试乙');
  });
});
