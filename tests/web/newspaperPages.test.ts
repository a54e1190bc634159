import { chinaDay } from '../../services/src/newspaper/newspaperAccess';
import { createAccountDirect } from '../support/accounts';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually } from '../support/testNetwork';
import { nodeNamesForTest } from '../syndication/syndicationFixtures';
import { artifact, describeInBrowser, launchBrowser, logIn, seriousAxeViolations, type Browser } from './browser';

/**
 * The newspaper desk's console pages (《桂中日报·村党员版》) in real headless Chromium: the desk publishes a call (a
 * wrong date first, shown by its field), a township correspondent sees it and submits a manuscript, the desk sees it
 * in its queue; every page — the call form with its error, the queue, issues, distribution, the correspondent's
 * pages, the station's subscription report — passes axe-core without serious or critical violations.
 */
describeInBrowser('newspaper pages in the browser', () => {
  let net: InProcessNetwork;
  let browser: Browser;
  const city = () => net.node('laibin');
  const town = () => net.node('xingbin_fenghuang');

  beforeAll(async () => {
    net = await startInProcessNetwork(nodeNamesForTest(['laibin', 'xingbin', 'xingbin_fenghuang']), {
      config: { syndicationPullSeconds: 1 },
    });
    await createAccountDirect(city(), { username: 'desk', name: '报社编辑', role: 'editor', reviewLevel: 3 });
    await createAccountDirect(town(), { username: 'writer', name: '覃通讯员', role: 'correspondent' });
    await createAccountDirect(town(), { username: 'station', name: '站长', role: 'admin' });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  it('the desk, a correspondent and a station work through the pages, each passing axe-core', async () => {
    const deskContext = await browser.newContext();
    const desk = await deskContext.newPage();
    await logIn(desk, city().url, 'desk');
    await desk.click('nav >> text=报纸');
    await desk.fill('#f-theme', '乡村振兴一线');
    await desk.fill('#f-deadline', '明天');
    await desk.click('button:has-text("发布并下发")');
    await desk.waitForSelector('#f-deadline[aria-invalid="true"]');
    expect(await desk.locator('#f-deadline-error').textContent()).toContain('截稿日期须为 YYYY-MM-DD');
    expect(await seriousAxeViolations(desk)).toEqual([]);
    await desk.fill('#f-deadline', chinaDay(new Date(Date.now() + 10 * 86_400_000)));
    await desk.fill('#f-body', '欢迎各站点信息员、通讯员踊跃投稿。');
    await desk.click('button:has-text("发布并下发")');
    await desk.waitForSelector('text=乡村振兴一线');
    await desk.screenshot({ path: artifact('newspaper-desk.png'), fullPage: true });
    expect(await seriousAxeViolations(desk)).toEqual([]);

    // The correspondent at the township sees the call (it flowed down) and submits a manuscript.
    const writerContext = await browser.newContext();
    const writer = await writerContext.newPage();
    await logIn(writer, town().url, 'writer');
    await eventually(
      async () => {
        await writer.goto(`${town().url}/admin/newspaper`);
        return writer.content();
      },
      (html) => html.includes('乡村振兴一线'),
      30_000,
    );
    expect(await seriousAxeViolations(writer)).toEqual([]);
    await writer.goto(`${town().url}/admin/newspaper/submit`);
    expect(await seriousAxeViolations(writer)).toEqual([]);
    await writer.fill('#f-title', '凤凰村党员带富记');
    await writer.fill('#f-body', '凤凰村党员覃某带领乡亲种植砂糖橘，户均增收两万元。\n\n村党支部搭建产销平台。');
    await writer.click('button:has-text("投稿")');
    await writer.goto(`${town().url}/admin/newspaper/mine`);
    await writer.waitForSelector('text=凤凰村党员带富记');
    await writer.screenshot({ path: artifact('newspaper-mine.png'), fullPage: true });
    expect(await seriousAxeViolations(writer)).toEqual([]);

    // The desk's queue (the manuscript arrives through the county), issues and distribution.
    await eventually(
      async () => {
        await desk.goto(`${city().url}/admin/newspaper/manuscripts`);
        return desk.content();
      },
      (html) => html.includes('凤凰村党员带富记'),
      30_000,
    );
    await desk.screenshot({ path: artifact('newspaper-queue.png'), fullPage: true });
    expect(await seriousAxeViolations(desk)).toEqual([]);
    for (const path of ['/admin/newspaper/issues', '/admin/newspaper/distribution']) {
      await desk.goto(`${city().url}${path}`);
      expect(await seriousAxeViolations(desk)).toEqual([]);
    }

    // The station reports its subscriptions on its own page.
    const stationContext = await browser.newContext();
    const station = await stationContext.newPage();
    await logIn(station, town().url, 'station');
    await station.goto(`${town().url}/admin/newspaper/distribution`);
    expect(await seriousAxeViolations(station)).toEqual([]);
    await Promise.all([deskContext.close(), writerContext.close(), stationContext.close()]);
  }, 120_000);
});
