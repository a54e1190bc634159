import { globalArticleId } from '../../services/src/articles/articleIds';
import { approveArticle } from '../../services/src/articles/approveArticle';
import { createArticle } from '../../services/src/articles/createArticle';
import { startReview } from '../../services/src/articles/startReview';
import { submitArticle } from '../../services/src/articles/submitArticle';
import { storeMediaAs } from '../../services/src/media/storeMedia';
import { setMourningMode } from '../../services/src/site/setMourningMode';
import { asActor } from '../support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually } from '../support/testNetwork';
import { publishItem } from '../syndication/syndicationFixtures';
import { artifact, describeInBrowser, launchBrowser, seriousAxeViolations, type Browser } from './browser';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The public pages in real headless Chromium: they render, pass axe-core without serious issues, work by keyboard and at 200% zoom. */
describeInBrowser('public pages in the browser', () => {
  let net: InProcessNetwork;
  let browser: Browser;
  let copyId = '';
  let townId = '';

  beforeAll(async () => {
    net = await startInProcessNetwork(
      [
        { code: 'laibin', name: '来宾市党建网', tier: 'city' },
        { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
        { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
      ],
      { config: { syndicationPullSeconds: 1, syndicationAutoAdopt: true } },
    );
    const town = net.node('xingbin_fenghuang');
    const { doc: photo } = await storeMediaAs(
      town.context,
      { bytes: PNG, contentType: 'image/png', filename: '活动照片.png', alt: '党员志愿服务活动现场' },
      'test',
    );
    const { doc: pdf } = await storeMediaAs(town.context, { bytes: PDF, contentType: 'application/pdf', filename: '活动方案.pdf' }, 'test');
    const officer = asActor(town, 'officer', { name: '韦信息员' });
    const editor = asActor(town, 'admin', { name: '王编辑' });
    const draft = await createArticle(officer, {
      title: '凤凰镇开展党员志愿服务活动',
      summary: '凤凰镇组织党员开展志愿服务。',
      channel: 'dangjian',
      body: '<p>凤凰镇组织党员深入村屯开展志愿服务，信息员及时报送。</p>',
      coverImageId: photo._id,
      attachmentIds: [pdf._id],
    });
    const itemId = globalArticleId('xingbin_fenghuang', draft._id);
    await submitArticle(officer, itemId);
    await startReview(editor, itemId);
    await approveArticle(editor, itemId);
    for (let i = 1; i <= 3; i++) await publishItem(net.node('laibin'), { title: `来宾市党建工作要闻第${i}期` });
    const [copy] = await eventually(
      () => net.node('laibin').context.models.Article.find({ 'origin.id': itemId }).lean(),
      (c) => c.length === 1,
      30_000,
    );
    copyId = String(copy!._id);
    townId = String(draft._id);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  const portal = () => net.node('laibin').url;

  it('the portal home page renders, passes axe and starts with a skip link', async () => {
    const page = await browser.page();
    await page.goto(`${portal()}/`);
    await page.waitForSelector('text=凤凰镇开展党员志愿服务活动');
    expect(await page.title()).toBe('来宾市党建网');
    expect(await page.locator('main#main').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.screenshot({ path: artifact('home.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it('a channel page renders and passes axe', async () => {
    const page = await browser.page();
    await page.goto(`${portal()}/channels/dangjian`);
    expect(await page.locator('h1').textContent()).toBe('党建');
    expect(await page.locator('main .list li').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: artifact('channel.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it('an article page shows provenance, the cover with its alt text and the attachment, and passes axe', async () => {
    const page = await browser.page();
    await page.goto(`${portal()}/articles/${copyId}`);
    expect(await page.locator('h1').textContent()).toBe('凤凰镇开展党员志愿服务活动');
    expect(await page.locator('.provenance').textContent()).toBe('来源：凤凰镇 → 兴宾区');
    await page.screenshot({ path: artifact('article-portal.png'), fullPage: true });
    // Pictures and attachments are served by the node holding them (the township's own page here).
    await page.goto(`${net.node('xingbin_fenghuang').url}/articles/${townId}`);
    expect(await page.locator('img.cover').getAttribute('alt')).toBe('党员志愿服务活动现场');
    expect(await page.locator('img.cover').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    expect(await page.locator('.attachments a').textContent()).toBe('活动方案.pdf');
    await page.screenshot({ path: artifact('article.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it('at 200% zoom (640 CSS pixels wide) nothing scrolls sideways; the elderly mode and the mourning theme apply', async () => {
    const page = await browser.page();
    await page.setViewportSize({ width: 640, height: 900 });
    await page.goto(`${portal()}/articles/${copyId}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.click('text=适老模式（大字）');
    await page.waitForSelector('html.elder');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('22px');
    expect(page.url()).toBe(`${portal()}/articles/${copyId}`);
    await page.screenshot({ path: artifact('article-elder-200pct.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The city's one switch for national mourning days greys every page.
    await setMourningMode(asActor(net.node('laibin'), 'admin'), true);
    try {
      await page.goto(`${portal()}/`);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).filter)).toBe('grayscale(1)');
      await page.screenshot({ path: artifact('home-mourning.png') });
    } finally {
      await setMourningMode(asActor(net.node('laibin'), 'admin'), false);
    }
    await page.close();
  });

  it('search works from the header form without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${portal()}/`);
    await page.fill('#site-search-q', '志愿服务');
    await page.press('#site-search-q', 'Enter');
    await page.waitForSelector('.search-hit');
    expect(await page.locator('.search-hit a').first().textContent()).toBe('凤凰镇开展党员志愿服务活动');
    await context.close();
  });
});
