import { createContest } from '../../services/src/readers/createContest';
import { createTopic } from '../../services/src/readers/createTopic';
import { createAccountDirect, loginToken } from '../support/accounts';
import { asActor } from '../support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { publishItem } from '../syndication/syndicationFixtures';
import { artifact, describeInBrowser, launchBrowser, seriousAxeViolations, type Browser } from '../web/browser';

/**
 * The readers' pages in headless Chromium: no serious axe-core violations, and the proof-of-work script
 * (the only script, served by the node) solves the challenge so a reader submits without answering the sum.
 */
describeInBrowser('readers’ pages in the browser', () => {
  let net: InProcessNetwork;
  let browser: Browser;
  let articleId = '';
  let token = '';
  const city = () => net.node('laibin');

  beforeAll(async () => {
    net = await startInProcessNetwork([{ code: 'laibin', name: '来宾市党建网', tier: 'city' }]);
    const item = await publishItem(city(), { title: '来宾市开展“三级三批”党建活动' });
    articleId = String(item._id);
    const editor = asActor(city(), 'admin');
    await createTopic(editor, {
      slug: 'sanji',
      title: '“三级三批”专题',
      description: '全市“三级三批”党建活动。',
      startsAt: '2020-01-01',
      rule: { channels: ['dangjian'], tags: [], picks: [] },
      sections: [{ slug: 'dongtai', title: '工作动态', rule: { channels: ['dangjian'], tags: [], picks: [] } }],
      pages: [{ slug: 'about', title: '活动简介', body: '活动简介正文。' }],
    });
    await createAccountDirect(city(), { username: 'stats_admin', name: '统计管理员', role: 'admin' });
    token = await loginToken(city(), 'stats_admin');
    await createContest(editor, {
      slug: 'zhengwen',
      title: '网络征文',
      rules: '围绕主题写作。',
      categories: [{ key: 'essay', name: '散文' }],
      identityFields: [{ key: 'phone', label: '手机号', required: true, identifies: true }],
      criteria: [{ key: 'all', name: '综合', max: 100 }],
      judges: ['stats_admin'],
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      topic: 'sanji',
    });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  it('pass axe-core without serious violations', async () => {
    const page = await browser.page();
    await browser.context.addCookies([{ name: 'djnet_admin', value: encodeURIComponent(token), url: city().url }]);
    for (const path of [
      '/topics',
      '/topics/sanji',
      '/topics/sanji/sections/dongtai',
      '/topics/sanji/pages/about',
      '/contests/zhengwen',
      '/contests/zhengwen/enter',
      `/articles/${articleId}`,
      `/articles/${articleId}/comment`,
      '/messages',
      '/messages/new',
      '/most-read',
      '/admin/readers/comments',
      '/admin/readers/topics',
      '/admin/readers/contests',
      '/admin/readers/contests/zhengwen',
      '/admin/readers/stats',
    ]) {
      const response = await page.goto(`${city().url}${path}`);
      expect(response?.status()).toBe(200);
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) throw new Error(`${path}: ${JSON.stringify(violations, null, 2)}`);
    }
    await page.goto(`${city().url}/admin/readers/stats`);
    await page.screenshot({ path: artifact('readers-stats.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('the first-party script solves the challenge: a comment goes in without answering the sum', async () => {
    const page = await browser.page();
    await page.goto(`${city().url}/articles/${articleId}/comment`);
    await page.waitForFunction(() => (document.querySelector('input[name=pow_work]') as HTMLInputElement).value !== '', undefined, {
      timeout: 30_000,
    });
    expect(await page.isHidden('.pow-sum')).toBe(true);
    await page.fill('#f-nickname', '读者');
    await page.fill('#f-body', '浏览器里写的评论，无需回答算术题。');
    await Promise.all([page.waitForURL(/sent=1/), page.click('form[data-pow] button[type=submit]')]);
    expect(await page.textContent('[role=status]')).toContain('评论已提交');
    const stored = await city().context.models.Comment.findOne({ nickname: '读者' }).lean();
    expect(stored).toMatchObject({ status: 'pending', kind: 'comment', article: articleId });
    await page.close();
  }, 60_000);
});
