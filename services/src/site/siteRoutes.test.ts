import { gunzipSync } from 'node:zlib';
import { globalArticleId } from '../articles/articleIds';
import { createArticle } from '../articles/createArticle';
import { publishNotice } from '../syndication/notices/publishNotice';
import { asActor } from '../../../tests/support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { eventually } from '../../../tests/support/testNetwork';
import { publishItem } from '../../../tests/syndication/syndicationFixtures';
import { CSS_PATH } from './siteRoutes';
import { forgetNotices } from './siteContent';
import { siteRuntimeOf } from './siteRuntime';

const NODES = [
  { code: 'laibin', name: '来宾市党建网', tier: 'city' as const },
  { code: 'xingbin', name: '兴宾区党建网', tier: 'county' as const, parent: 'laibin' },
  { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
];

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The public sites on real nodes: pages, provenance, feeds, sitemap, caching, modes, bad input. */
describe('public sites', () => {
  let net: InProcessNetwork;
  const url = (code: string) => net.node(code).url;
  let townItemId = '';
  let cityCopyId = '';

  beforeAll(async () => {
    net = await startInProcessNetwork(NODES, {
      config: { syndicationPullSeconds: 1, syndicationAutoAdopt: true },
      logLevel: process.env.SITE_TEST_LOG ?? 'silent',
    });
    const town = net.node('xingbin_fenghuang');
    const item = await publishItem(town, { title: '凤凰镇开展“三级三批”党建活动', summary: '凤凰镇党建引领乡村振兴。' }, '韦信息员');
    townItemId = String(item._id);
    const copies = await eventually(
      () =>
        net
          .node('laibin')
          .context.models.Article.find({ 'origin.id': globalArticleId('xingbin_fenghuang', item._id) })
          .lean(),
      (c) => c.length === 1 && net.node('laibin').context.catalog !== undefined,
      30_000,
    );
    cityCopyId = String(copies[0]!._id);
  }, 120_000);
  afterAll(async () => net?.stop());

  it('the portal home page lists an item from a township with its provenance', async () => {
    const page = await eventually(
      () => get(`${url('laibin')}/`),
      (p) => p.text.includes('凤凰镇开展'),
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(page.text).toContain('<html lang="zh-CN"');
    expect(page.text).toContain('<title>来宾市党建网</title>');
    expect(page.text).toContain('href="#main"');
    expect(page.text).toContain(`<link rel="canonical" href="${url('laibin')}/" />`);
    expect(page.text).toContain('来源：凤凰镇 → 兴宾区');
    expect(page.text).toContain(`/articles/${cityCopyId}`);
    expect(page.text).toContain(CSS_PATH);
    expect(page.text).toContain('网群地图');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'none'");
  });

  it('an article page shows the body, the provenance line and the canonical link; unknown ids are a 404 page', async () => {
    const page = await get(`${url('laibin')}/articles/${cityCopyId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>凤凰镇开展“三级三批”党建活动</h1>');
    expect(page.text).toContain('来源：凤凰镇 → 兴宾区');
    expect(page.text).toContain('信息员及时报送');
    expect(page.text).toContain(`<link rel="canonical" href="${url('laibin')}/articles/${cityCopyId}" />`);
    expect(page.text).toContain('<meta name="description" content="凤凰镇党建引领乡村振兴。" />');

    const own = await get(`${url('xingbin_fenghuang')}/articles/${townItemId}`);
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('来源：');

    for (const bad of ['000000000000000000000000', 'not-an-id', '%3Cscript%3E']) {
      const missing = await get(`${url('laibin')}/articles/${bad}`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/text\/html/);
      expect(missing.text).toContain('该信息不存在或已撤回');
      expect(missing.text).not.toContain('<script>');
    }
  });

  it('a draft is not public', async () => {
    const town = net.node('xingbin_fenghuang');
    const draft = await createArticle(asActor(town, 'officer'), { title: '未发布的草稿', channel: 'dangjian', body: '<p>草稿</p>' });
    expect((await get(`${url('xingbin_fenghuang')}/articles/${String(draft._id)}`)).status).toBe(404);
  });

  it('channel pages paginate and refuse bad page numbers with a 4xx page', async () => {
    const county = net.node('xingbin');
    for (let i = 1; i <= 21; i++) await publishItem(county, { title: `兴宾区党建动态第${i}期`, channel: 'dangjian' });
    const first = await get(`${url('xingbin')}/channels/dangjian`);
    expect(first.status).toBe(200);
    expect(first.text).toContain('<h1>党建</h1>');
    expect(first.text).toContain('aria-label="分页"');
    expect(first.text).toContain('href="/channels/dangjian?page=2"');
    const second = await get(`${url('xingbin')}/channels/dangjian?page=2`);
    expect(second.status).toBe(200);
    expect(second.text).toContain('<span aria-current="page">2</span>');
    expect((await get(`${url('xingbin')}/channels/dangjian?page=99`)).status).toBe(404);
    const bad = await get(`${url('xingbin')}/channels/dangjian?page=abc`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('页码应为正整数');
    expect((await get(`${url('xingbin')}/channels/no_such_channel`)).status).toBe(404);
  });

  it('search finds items from the catalog; an over-long query gets a message by the field', async () => {
    const found = await get(`${url('xingbin_fenghuang')}/search?q=${encodeURIComponent('三级三批')}`);
    expect(found.status).toBe(200);
    expect(found.text).toContain('找到 1 条');
    expect(found.text).toContain('<mark>');
    const empty = await get(`${url('xingbin_fenghuang')}/search`);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('站内搜索');
    const long = await get(`${url('xingbin_fenghuang')}/search?q=${'党'.repeat(300)}`);
    expect(long.status).toBe(200);
    expect(long.text).toContain('aria-invalid="true"');
    expect(long.text).toContain('检索词过长');
    const badCursor = await get(`${url('xingbin_fenghuang')}/search?q=党建&after=%%%`);
    expect(badCursor.status).toBe(200);
    expect(badCursor.text).toContain('无效的分页游标');
  });

  it('the network map shows the tiers, each node with its link and latest update', async () => {
    const map = await get(`${url('laibin')}/network`);
    expect(map.status).toBe(200);
    expect(map.text).toContain('龙头');
    expect(map.text).toContain('骨干');
    expect(map.text).toContain('节点');
    expect(map.text).toContain(`href="${url('xingbin_fenghuang')}/"`);
    expect(map.text).toContain('凤凰镇党建信息服务站');
    expect(map.text).toContain(`门户采用：<a href="/articles/${cityCopyId}">`);
    // Each node's own newest item is read from the node in the background, then shown with a link to its site.
    await siteRuntimeOf(net.node('laibin').context)!.networkLatest!.settled();
    await eventually(
      () => get(`${url('laibin')}/network`),
      (p) => p.text.includes(`本站最新：<a href="${url('xingbin_fenghuang')}/articles/${townItemId}">`),
    );
    const latestJson = (await (await fetch(`${url('xingbin_fenghuang')}/site/latest.json`)).json()) as {
      code: string;
      latest: { id: string };
    };
    expect(latestJson).toMatchObject({ code: 'xingbin_fenghuang', latest: { id: townItemId } });
    // Only the portal has a map.
    expect((await get(`${url('xingbin')}/network`)).status).toBe(404);
  });

  it('feeds (RSS and Atom, per node and per channel) and the sitemap', async () => {
    const rss = await get(`${url('laibin')}/feed.xml`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toMatch(/application\/rss\+xml/);
    expect(rss.text).toContain('<rss');
    expect(rss.text).toContain('兴宾区党建动态');
    expect(rss.text).toContain('<description><![CDATA[来源：兴宾区]]></description>');
    const atom = await get(`${url('laibin')}/channels/dangjian/atom.xml`);
    expect(atom.status).toBe(200);
    expect(atom.text).toContain('<feed');
    expect(atom.text).toContain('兴宾区党建动态');
    expect((await get(`${url('laibin')}/channels/nope/feed.xml`)).status).toBe(404);
    const sitemap = await get(`${url('laibin')}/sitemap.xml`);
    expect(sitemap.text).toContain('<urlset');
    expect(sitemap.text).toContain(`<loc>${url('laibin')}/articles/${cityCopyId}</loc>`);
    expect(sitemap.text).toContain(`<loc>${url('laibin')}/channels/dangjian</loc>`);
    const robots = await get(`${url('laibin')}/robots.txt`);
    expect(robots.text).toContain(`Sitemap: ${url('laibin')}/sitemap.xml`);
  });

  it('caches: ETag and 304, Cache-Control, gzip; the stylesheet is immutable', async () => {
    const first = await get(`${url('xingbin')}/`);
    expect(first.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.headers.get('vary')).toMatch(/Accept-Encoding/);
    // The same data gives the same ETag (syndication may still be changing the page: ask until it holds still).
    const again = await eventually(
      async () => {
        const etag = (await get(`${url('xingbin')}/`)).headers.get('etag')!;
        // fetch() adds `Cache-Control: no-cache` to a conditional request unless one is given (a forced reload).
        return get(`${url('xingbin')}/`, { 'if-none-match': etag, 'cache-control': 'max-age=0' });
      },
      (r) => r.status === 304,
    );
    expect(again.text).toBe('');

    const gz = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      const { request } = require('node:http') as typeof import('node:http');
      request(`${url('xingbin')}/`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toContain('兴宾区党建网');

    const css = await get(`${url('xingbin')}${CSS_PATH}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(css.headers.get('cache-control')).toContain('immutable');
  });

  it('the elderly-friendly mode is a cookie switched by a link, without script', async () => {
    const switched = await get(`${url('xingbin')}/channels/dangjian?page=2&elder=1`);
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/channels/dangjian?page=2');
    expect(switched.headers.get('set-cookie')).toMatch(/djnet_elder=1; Path=\//);
    const elder = await get(`${url('xingbin')}/`, { cookie: 'djnet_elder=1' });
    expect(elder.text).toMatch(/<html lang="zh-CN"\s+class="elder">/);
    expect(elder.text).toContain('标准模式');
    expect(elder.headers.get('cache-control')).toBe('private, max-age=60');
  });

  it('content is escaped: a title with markup shows as text', async () => {
    const town = net.node('xingbin_fenghuang');
    const item = await publishItem(town, { title: '<img src=x onerror=alert(1)>标题', body: '<p>正文</p>' });
    const page = await get(`${url('xingbin_fenghuang')}/articles/${String(item._id)}`);
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;标题');
    expect(page.text).not.toContain('<img src=x');
  });

  it("notices from the city show on every node's home page and have their own page", async () => {
    const city = net.node('laibin');
    const notice = await publishNotice(asActor(city, 'editor'), {
      title: '关于报送七一活动信息的通知',
      body: '<p>请各站于月底前报送。</p>',
    });
    forgetNotices(city.context);
    // Pages may be served up to a second behind their data (the page cache's freshness window).
    const home = await eventually(
      () => get(`${url('laibin')}/`),
      (p) => p.text.includes('关于报送七一活动信息的通知'),
    );
    expect(home.text).toContain('关于报送七一活动信息的通知');
    const page = await get(`${url('laibin')}/notices/${notice._id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('请各站于月底前报送');
    expect((await get(`${url('laibin')}/notices/laibin:000000000000000000000000`)).status).toBe(404);
  });
});
