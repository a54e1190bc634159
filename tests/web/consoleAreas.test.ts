import { createAccountDirect } from '../support/accounts';
import { asActor } from '../support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { createOfficer } from '../../services/src/officers/createOfficer';
import { publishItem } from '../syndication/syndicationFixtures';
import { artifact, describeInBrowser, launchBrowser, logIn, seriousAxeViolations, type Browser } from './browser';

/**
 * The console's operations areas in real headless Chromium: the syndication status with a replay's progress, the
 * officers' ranking with its chart (drawn by the node: Vega-Lite SVG), an import and a month's recomputation with
 * their progress, the city's partner keys. Each passes axe-core
 * without serious or critical violations; screenshots are saved.
 */
describeInBrowser('console areas in the browser', () => {
  let net: InProcessNetwork;
  let browser: Browser;
  const city = () => net.node('laibin');
  const county = () => net.node('xingbin');

  beforeAll(async () => {
    net = await startInProcessNetwork(
      [
        { code: 'laibin', name: '来宾市党建网', tier: 'city' },
        { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
        { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
      ],
      { config: { syndicationPullSeconds: 1, syndicationAutoAdopt: true } },
    );
    await createAccountDirect(county(), { username: 'xb_admin', name: '兴宾管理员', role: 'admin' });
    await createAccountDirect(city(), { username: 'lb_admin', name: '市管理员', role: 'admin' });
    const admin = asActor(county(), 'admin');
    await createOfficer(admin, { name: '黄信息员', unit: '城东街道', kind: 'officer' });
    await createOfficer(admin, { name: '韦信息员', unit: '城西街道', kind: 'officer' });
    await publishItem(county(), { title: '兴宾区党建工作动态' }, '黄信息员');
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  it('syndication status, a replay with its progress, and the officers ranking pass axe-core', async () => {
    const page = await browser.page();
    await logIn(page, county().url, 'xb_admin');
    await page.click('nav >> text=同步状态');
    await page.waitForSelector('h1:has-text("同步状态")');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.selectOption('#f-edge', { index: 0 });
    await page.fill('#f-fromSeq', '1');
    await page.click('button:has-text("开始重放")');
    await page.waitForSelector('progress');
    await page.screenshot({ path: artifact('console-syndication.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.click('nav >> text=信息员');
    await page.click('a:has-text("本月排名与通报")');
    await page.waitForSelector('caption:has-text("信息员排名")');
    // The chart is an image drawn by the node, described for readers who cannot see it; the table has the figures.
    const chart = page.locator('figure img').first();
    expect(await chart.getAttribute('alt')).toContain('数据见下表');
    expect(await chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.locator('tbody th:has-text("黄信息员")').count()).toBe(1);
    await page.screenshot({ path: artifact('console-ranking.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('an import uploaded through the file input and a month recomputed, each with its progress, pass axe-core', async () => {
    const page = await browser.page();
    await logIn(page, county().url, 'xb_admin');
    await page.click('nav >> text=历史数据导入');
    await page.waitForSelector('h1:has-text("历史数据导入")');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setInputFiles('#f-file', {
      name: '兴宾旧站.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('title,date,channel,author,source,body\r\n兴宾区旧站稿件,2009-03-01,工作动态,,,兴宾区旧站的一篇稿件。\r\n'),
    });
    await page.click('button:has-text("开始导入")');
    await page.waitForSelector('#import-progress');
    // The page reloads itself until the import is done.
    await page.waitForSelector('.progress-row :text("已完成")', { timeout: 30_000 });
    expect(await page.locator('h2#job-title').textContent()).toBe('导入：兴宾旧站.csv');
    await page.screenshot({ path: artifact('console-import.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await county().context.models.Article.countDocuments({ title: '兴宾区旧站稿件', status: 'published' })).toBe(1);

    await page.click('nav >> text=信息员');
    await page.click('button:has-text("重新计算该月统计")');
    await page.waitForSelector('progress[id^="job-"]');
    await page.waitForSelector('td :text("已完成")', { timeout: 30_000 });
    await page.screenshot({ path: artifact('console-officer-jobs.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('the city’s partner keys: issue one (shown once), pass axe-core', async () => {
    const page = await browser.page();
    await logIn(page, city().url, 'lb_admin');
    await page.click('nav >> text=合作方密钥');
    await page.fill('#f-name', '来宾日报');
    await page.fill('#f-requestsPerMinute', '120');
    await page.click('button:has-text("签发密钥")');
    const key = await page.locator('#issued-key').textContent();
    expect(key?.length).toBeGreaterThan(20);
    await page.screenshot({ path: artifact('console-partners.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
