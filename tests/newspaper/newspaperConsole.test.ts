import JSZip from 'jszip';
import { chinaDay } from '../../services/src/newspaper/newspaperAccess';
import { createAccountDirect } from '../support/accounts';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually } from '../support/testNetwork';
import { FormClient } from '../support/formClient';

/**
 * The newspaper's console pages over real HTTP on real nodes, driven like a browser without JavaScript: the desk
 * publishes a call and plans, places and prints; a township officer submits and follows the status; a township
 * admin reports subscriptions; the desk sets quotas and sees the roll-up.
 */
describe('newspaper console pages', () => {
  let net: InProcessNetwork;
  const city = () => net.node('laibin');
  const town = () => net.node('xingbin_fenghuang');
  const year = Number(chinaDay(new Date()).slice(0, 4));
  const desk = () => new FormClient(city().url);

  beforeAll(async () => {
    net = await startInProcessNetwork(
      [
        { code: 'laibin', name: '来宾市党建网', tier: 'city' },
        { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
        { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
      ],
      { config: { syndicationPullSeconds: 1 } },
    );
    await createAccountDirect(city(), { username: 'desk', name: '报社编辑', role: 'editor', reviewLevel: 3 });
    await createAccountDirect(town(), { username: 'writer', name: '覃通讯员', role: 'correspondent' });
    await createAccountDirect(town(), { username: 'station', name: '站长', role: 'admin' });
  }, 120_000);
  afterAll(async () => net?.stop());

  it('from a call at the desk to a printed manuscript the correspondent sees as used', async () => {
    const editor = desk();
    await editor.login('desk');
    const home = await editor.get('/admin/newspaper');
    expect(home.status).toBe(200);
    expect(home.text).toContain('href="/admin/newspaper"');
    expect(home.text).toContain('发布征稿启事');
    const deadline = chinaDay(new Date(Date.now() + 10 * 86_400_000));
    const bad = await editor.post('/admin/newspaper/calls', { theme: '乡村振兴一线', deadline: '明天' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).toContain('截稿日期须为 YYYY-MM-DD');
    const made = await editor.post('/admin/newspaper/calls', {
      theme: '乡村振兴一线',
      sections: '党员故事，支部风采',
      deadline,
      body: '欢迎来稿',
    });
    expect(made.status).toBe(303);

    const writer = new FormClient(town().url);
    await writer.login('writer');
    const calls = await eventually(
      () => writer.get('/admin/newspaper'),
      (r) => r.text.includes('乡村振兴一线'),
    );
    expect(calls.text).toContain('党员故事、支部风采');
    expect(calls.text).not.toContain('发布征稿启事');
    const form = await writer.get('/admin/newspaper/submit');
    expect(form.status).toBe(200);
    expect(form.text).toContain('乡村振兴一线（截稿');
    const forged = await writer.post('/admin/newspaper/submit', { title: 'x', body: 'y', _csrf: 'forged' });
    expect(forged.status).toBe(403);
    const empty = await writer.post('/admin/newspaper/submit', { title: '只有标题', body: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('稿件正文不能为空');
    const sent = await writer.post('/admin/newspaper/submit', {
      title: '凤凰村党员带富记',
      body: '凤凰村党员带头种植砂糖橘，带动群众增收。\n\n村党支部组织技术培训三十余场。',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/admin/newspaper/mine?done=submitted');
    expect((await writer.get('/admin/newspaper/mine')).text).toContain('凤凰村党员带富记');

    // The desk: queue, plan an issue, place, print, download.
    const queue = await eventually(
      () => editor.get('/admin/newspaper/manuscripts'),
      (r) => r.text.includes('凤凰村党员带富记'),
    );
    expect(queue.text).toContain('凤凰镇党建信息服务站');
    expect(queue.text).toContain('经 兴宾区党建网');
    const badPlan = await editor.post('/admin/newspaper/issues', { number: '7', date: '2026-13-01', pages: '1|要闻|头条' });
    expect(badPlan.status).toBe(400);
    const plan = await editor.post('/admin/newspaper/issues', {
      number: '7',
      date: chinaDay(new Date()),
      pages: '1|要闻|头条,简讯\n2|村党员风采|党员故事',
    });
    expect(plan.status).toBe(303);
    const withSlots = await editor.get('/admin/newspaper/manuscripts');
    const id = /action="\/admin\/newspaper\/manuscripts\/([^"]+)\/place"/.exec(withSlots.text)![1]!;
    expect(withSlots.text).toContain('value="issue-7/2-1"');
    expect((await editor.post(`/admin/newspaper/manuscripts/${id}/place`, { slot: 'issue-7/2-1' })).status).toBe(303);
    const issues = await editor.get('/admin/newspaper/issues');
    expect(issues.text).toContain('第 2 版 村党员风采 · 党员故事：凤凰村党员带富记');
    expect((await editor.post('/admin/newspaper/issues/issue-7/print', {})).status).toBe(303);
    const docx = await editor.raw('/admin/newspaper/issues/issue-7/export.docx');
    expect(docx.status).toBe(200);
    const xml = await (await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()))).file('word/document.xml')!.async('string');
    expect(xml).toContain('凤凰村党员带富记');

    const mine = await eventually(
      () => writer.get('/admin/newspaper/mine'),
      (r) => r.text.includes('已见报'),
    );
    expect(mine.text).toContain('第 7 期 第 2 版');
  });

  it('subscription report at a township and the roll-up at the desk', async () => {
    const editor = desk();
    await editor.login('desk');
    const deadline = chinaDay(new Date(Date.now() + 30 * 86_400_000));
    const wrong = await editor.post('/admin/newspaper/distribution/quotas', { year: String(year), deadline, quotas: 'xingbin|abc' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('任务数须为非负整数');
    const set = await editor.post('/admin/newspaper/distribution/quotas', {
      year: String(year),
      deadline,
      remindDays: '10',
      quotas: 'xingbin|200\nxingbin_fenghuang|80',
    });
    expect(set.status).toBe(303);

    const station = new FormClient(town().url);
    await station.login('station');
    const page = await eventually(
      () => station.get(`/admin/newspaper/distribution?year=${year}`),
      (r) => r.text.includes(`征订截止 ${deadline}`),
    );
    expect(page.text).toContain('报送本站订阅数');
    expect(page.text).not.toContain('下达发行任务');
    const reported = await station.post('/admin/newspaper/distribution/report', {
      year: String(year),
      units: '凤凰镇党委|40\n凤凰村党支部|20',
    });
    expect(reported.status).toBe(303);

    const rollup = await eventually(
      () => editor.get(`/admin/newspaper/distribution?year=${year}`),
      (r) => r.text.includes('合计任务 200 份，已订 60 份'),
    );
    expect(rollup.text).toContain('完成率 30.0%');
    expect(rollup.text).toMatch(/<td>1<\/td>\s*<td>凤凰镇党建信息服务站<\/td>\s*<td>80<\/td>\s*<td>60<\/td>\s*<td>75.0%<\/td>/);
    const csv = await editor.get(`/admin/newspaper/distribution.csv?year=${year}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('乡镇,1,xingbin_fenghuang,凤凰镇党建信息服务站,xingbin,80,60,75.0%');
  });
});
