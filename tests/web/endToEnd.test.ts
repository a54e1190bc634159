import type { Page } from 'playwright-core';
import { loadSensitiveWords, setSensitiveWords } from '../../services/src/articles/sensitiveWordList';
import { createAccountDirect } from '../support/accounts';
import { asActor } from '../support/actors';
import { eventually } from '../support/testNetwork';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { artifact, describeInBrowser, launchBrowser, logIn, seriousAxeViolations, type Browser } from './browser';

const TITLE = '凤凰镇召开“三级三批”党建工作推进会';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * The path of an item through the network, clicked through in real headless Chromium: an officer writes and
 * submits at a township, the township editor publishes, the county editor adopts, the county→city edge adopts by
 * policy, and the item is on the portal's home page and network map with its provenance.
 */
describeInBrowser('an item from a township to the city portal, in the browser', () => {
  let net: InProcessNetwork;
  let browser: Browser;
  const town = () => net.node('xingbin_fenghuang');
  const county = () => net.node('xingbin');
  const city = () => net.node('laibin');

  beforeAll(async () => {
    net = await startInProcessNetwork(
      [
        { code: 'laibin', name: '来宾市党建网', tier: 'city' },
        { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
        { code: 'heshan', name: '合山市党建网', tier: 'county', parent: 'laibin' },
        { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
      ],
      { config: { syndicationPullSeconds: 1 }, configFor: (code) => ({ syndicationAutoAdopt: code === 'laibin' }) },
    );
    await createAccountDirect(town(), { username: 'weixy', name: '韦信息员', role: 'officer' });
    await createAccountDirect(town(), { username: 'wangbj', name: '王编辑', role: 'editor', reviewLevel: 1 });
    await createAccountDirect(county(), { username: 'libj', name: '李编辑', role: 'editor', reviewLevel: 2 });
    // The city's sensitive-word list reaches the township (a second item will hit it in review).
    await setSensitiveWords(asActor(city(), 'admin'), ['违规词']);
    await eventually(
      () => loadSensitiveWords(town().context),
      (words) => words.includes('违规词'),
      60_000,
    );
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  /** Reloads until the selector shows (the item is travelling between nodes). */
  async function reloadUntil(page: Page, url: string, selector: string) {
    for (;;) {
      await page.goto(url);
      if ((await page.locator(selector).count()) > 0) return;
      await page.waitForTimeout(500);
    }
  }

  it('officer writes and submits, editor publishes, county adopts, the portal shows it with provenance', async () => {
    // 1. The officer writes and submits at the township; an empty title is refused next to the field first.
    const officer = await browser.newContext();
    const o = await officer.newPage();
    await logIn(o, town().url, 'weixy');
    await o.click('nav >> text=写稿');
    await o.selectOption('#f-channel', 'dangjian');
    // The rich-text editor (Quill, served by the node) takes the textarea's place; a paragraph in bold, a picture.
    await o.waitForSelector('.ql-editor');
    expect(await o.locator('#f-body').isHidden()).toBe(true);
    await o.click('.ql-editor');
    await o.keyboard.type('凤凰镇党委召开推进会，部署“三级三批”党建工作。');
    await o.keyboard.press('Enter');
    await o.click('button.ql-bold');
    await o.keyboard.type('各村党支部书记参加会议。');
    await o.keyboard.press('Enter');
    o.once('dialog', (d) => void d.accept('推进会现场'));
    const [chooser] = await Promise.all([o.waitForEvent('filechooser'), o.click('button.ql-image')]);
    await chooser.setFiles({ name: '推进会.png', mimeType: 'image/png', buffer: PNG });
    await o.waitForSelector('.ql-editor img[alt="推进会现场"]');
    await o.click('button:has-text("提交审核")');
    expect(await o.locator('#f-title-error').textContent()).toBe('请填写标题');
    expect(await o.locator('#f-title').getAttribute('aria-invalid')).toBe('true');
    // What was written comes back into the editor with the errors.
    await o.waitForSelector('.ql-editor strong:has-text("各村党支部书记参加会议。")');
    expect(await o.locator('.ql-editor img[alt="推进会现场"]').count()).toBe(1);
    await o.screenshot({ path: artifact('write-errors.png'), fullPage: true });
    expect(await seriousAxeViolations(o)).toEqual([]);
    await o.fill('#f-title', TITLE);
    await o.click('button:has-text("提交审核")');
    await o.waitForSelector('text=稿件已提交审核');
    expect(await o.locator(`td:has-text("${TITLE}")`).count()).toBe(1);
    // A second item whose text hits the sensitive-word list: it waits in review with the hit marked.
    await o.click('nav >> text=写稿');
    await o.fill('#f-title', '含违规词的待审稿件');
    await o.selectOption('#f-channel', 'dangjian');
    await o.click('.ql-editor');
    await o.keyboard.type('这篇稿件含有违规词，需要审核人确认。');
    await o.click('button:has-text("提交审核")');
    await o.waitForSelector('text=稿件已提交审核');
    await officer.close();

    // 2. The township editor reviews and publishes (one review level at a township).
    const editorContext = await browser.newContext();
    const e = await editorContext.newPage();
    await logIn(e, town().url, 'wangbj');
    await e.click('nav >> text=审核队列');
    await e.waitForSelector(`a:has-text("${TITLE}")`);
    expect(await e.locator('tbody mark.hit').first().textContent()).toBe('违规词');
    await e.screenshot({ path: artifact('review-queue.png'), fullPage: true });
    expect(await seriousAxeViolations(e)).toEqual([]);
    await e.click('a:has-text("含违规词的待审稿件")');
    expect(await e.locator('.hits mark.hit').first().textContent()).toBe('违规词');
    await e.screenshot({ path: artifact('review-hits.png'), fullPage: true });
    await e.click('nav >> text=审核队列');
    await e.click(`a:has-text("${TITLE}")`);
    await e.click('button:has-text("开始审核")');
    await e.click('button:has-text("审核通过并发布")');
    await e.waitForSelector('text=稿件已审核通过并发布');
    await editorContext.close();

    // 3. The county editor adopts it from the adoption queue.
    const countyContext = await browser.newContext();
    const c = await countyContext.newPage();
    await logIn(c, county().url, 'libj');
    await reloadUntil(c, `${county().url}/admin/adoption`, `h2:has-text("${TITLE}")`);
    expect(await c.locator('text=来自：凤凰镇党建信息服务站').count()).toBe(1);
    await c.click('button:has-text("采用")');
    await c.waitForSelector('text=已采用');
    await countyContext.close();

    // 4. The city adopts by its edge policy; the portal's home page and network map show it with provenance.
    const reader = await browser.page();
    await reloadUntil(reader, `${city().url}/`, `a:has-text("${TITLE}")`);
    await reader.screenshot({ path: artifact('e2e-home.png'), fullPage: true });
    await reader.click(`main a:has-text("${TITLE}")`);
    expect(await reader.locator('h1').textContent()).toBe(TITLE);
    expect(await reader.locator('.provenance').textContent()).toBe('来源：凤凰镇 → 兴宾区');
    expect(await reader.locator('.article-body p').first().textContent()).toBe('凤凰镇党委召开推进会，部署“三级三批”党建工作。');
    expect(await reader.locator('.article-body strong').first().textContent()).toBe('各村党支部书记参加会议。');
    // The body's picture travelled with the item (fetched by the county, then the city) and is served here.
    const picture = reader.locator('.article-body img[alt="推进会现场"]');
    const src = await picture.getAttribute('src');
    expect(src).toMatch(/^\/media\/[0-9a-f]+$/);
    await eventually(
      () => fetch(`${city().url}${src}`).then((r) => r.status),
      (status) => status === 200,
      30_000,
    ).catch(async (e: Error) => {
      // What each node knows of the picture's fetch, to tell a slow hop from a lost reference.
      const fetches = await Promise.all(
        [town(), county(), city()].map(async (n) => [n.config.code, await n.connection.collection('media_fetches').find({}).toArray()]),
      );
      // And whether the item reached each node naming the picture at all.
      const named = await Promise.all(
        [county(), city()].map(async (n) => [
          n.config.code,
          await n.connection
            .collection('inbound_items')
            .find({ 'payload.title': TITLE }, { projection: { 'payload.bodyImages': 1, status: 1 } })
            .toArray(),
        ]),
      );
      throw new Error(`${e.message}; media fetches: ${JSON.stringify(fetches)}; received: ${JSON.stringify(named)}`);
    });
    await reader.screenshot({ path: artifact('e2e-article.png'), fullPage: true });
    expect(await seriousAxeViolations(reader)).toEqual([]);

    await reader.click('nav >> text=网群地图');
    const townEntry = reader.locator('li', { has: reader.locator('a.node-name:has-text("凤凰镇党建信息服务站")') }).last();
    expect(await townEntry.locator('.latest a').first().textContent()).toBe(TITLE);
    const countyEntry = reader.locator('li', { has: reader.locator('a.node-name:has-text("兴宾区党建网")') }).last();
    expect(await countyEntry.locator('.latest a').first().textContent()).toBe(TITLE);
    expect(await reader.locator('a.node-name:has-text("合山市党建网")').count()).toBe(1);
    await reader.screenshot({ path: artifact('e2e-network-map.png'), fullPage: true });
    expect(await seriousAxeViolations(reader)).toEqual([]);
    await reader.close();
  }, 300_000);
});
