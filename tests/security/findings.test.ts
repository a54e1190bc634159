import { globalArticleId } from '../../services/src/articles/articleIds';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually } from '../support/testNetwork';
import { publishItem } from '../syndication/syndicationFixtures';

/**
 * One regression test per finding of the attack run of 2026-12-07 (issue 18), against real nodes in this process.
 * Each failed before its fix. The broad, discovered suite is hostile.test.ts.
 */
const NODES = [
  { code: 'laibin', name: '来宾市党建网', tier: 'city' as const },
  { code: 'xingbin', name: '兴宾区党建网', tier: 'county' as const, parent: 'laibin' },
  { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
];

const SCRIPT_TITLE = '<script>alert(1)</script>凤凰镇党建动态';
const SCRIPT_SUMMARY = '<img src=x onerror=alert(2)>摘要';

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('security findings (issue 18)', () => {
  let net: InProcessNetwork;
  const url = (code: string) => net.node(code).url;

  beforeAll(async () => {
    net = await startInProcessNetwork(NODES, { config: { syndicationPullSeconds: 1, syndicationAutoAdopt: true } });
  }, 120_000);
  afterAll(async () => net?.stop());

  describe('1. feeds carry user text as text, and every response has the security headers', () => {
    it('a title and summary with markup are escaped in RSS and Atom, at the origin and at the city after adoption', async () => {
      const town = net.node('xingbin_fenghuang');
      const item = await publishItem(town, { title: SCRIPT_TITLE, summary: SCRIPT_SUMMARY, body: '<p>凤凰镇开展党建活动。</p>' });
      const originId = globalArticleId(town.config.code, item._id);
      await eventually(
        () => net.node('laibin').context.models.Article.countDocuments({ 'origin.id': originId }),
        (n) => n === 1,
        30_000,
      );
      for (const code of ['xingbin_fenghuang', 'laibin']) {
        for (const path of ['/feed.xml', '/atom.xml', '/channels/dangjian/feed.xml', '/channels/dangjian/atom.xml']) {
          const feed = await eventually(
            () => get(`${url(code)}${path}`),
            (f) => f.text.includes('凤凰镇党建动态'),
          );
          expect(feed.status).toBe(200);
          expect(feed.text).not.toMatch(/<script|<img/i);
          expect(feed.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;凤凰镇党建动态');
          expect(feed.headers.get('x-content-type-options')).toBe('nosniff');
          expect(feed.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        }
      }
    });

    it('JSON, plain text and error answers carry nosniff and a CSP too', async () => {
      for (const path of ['/healthz', '/site/latest.json', '/robots.txt', '/nope', '/sitemap.xml']) {
        const r = await get(`${url('xingbin')}${path}`);
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        expect(r.headers.get('content-security-policy')).toBeTruthy();
      }
    });
  });

  describe('5. body-parser errors are 413/415 on every route, never 500', () => {
    const forms = () => [
      `${url('xingbin_fenghuang')}/articles/000000000000000000000000/comment`,
      `${url('xingbin_fenghuang')}/messages`,
      `${url('xingbin_fenghuang')}/contests/x/enter`,
      `${url('xingbin_fenghuang')}/admin/login`,
      `${url('xingbin_fenghuang')}/admin/articles/new`,
    ];

    it('a form body over the limit is 413', async () => {
      const big = `body=${'a'.repeat(3 * 1024 * 1024)}`;
      for (const target of forms()) {
        const r = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
        expect({ target, status: r.status }).toEqual({ target, status: 413 });
        expect(await r.text()).not.toMatch(/PayloadTooLargeError|at .*\.js:\d+/);
      }
    });

    it('an unknown charset is 415', async () => {
      for (const target of forms()) {
        const r = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=foo' },
          body: 'body=x',
        });
        expect({ target, status: r.status }).toEqual({ target, status: 415 });
      }
    });
  });
});
