import { createAccountDirect } from '../../../tests/support/accounts';
import { FormClient } from '../../../tests/support/formClient';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { eventually } from '../../../tests/support/testNetwork';
import { publishItem } from '../../../tests/syndication/syndicationFixtures';
import { hashPartnerKey } from '@djnet/shared';
import { partnerKeyModel } from '../partners/partnerKeyModel';
import { monthOf } from '../officers/months';

/** The console's operations areas over real HTTP on real nodes: syndication status, replays and policy; partner keys. */
describe('admin console: syndication status and partner keys', () => {
  let net: InProcessNetwork;
  const town = () => net.node('xingbin_fenghuang');
  const county = () => net.node('xingbin');
  const city = () => net.node('laibin');

  beforeAll(async () => {
    net = await startInProcessNetwork(
      [
        { code: 'laibin', name: '来宾市党建网', tier: 'city' },
        { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
        { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
      ],
      { config: { syndicationPullSeconds: 1 } },
    );
    await createAccountDirect(county(), { username: 'xb_admin', name: '兴宾管理员', role: 'admin' });
    await createAccountDirect(county(), { username: 'xb_editor', name: '兴宾编辑', role: 'editor', reviewLevel: 1 });
    await createAccountDirect(county(), { username: 'xb_officer', name: '兴宾信息员', role: 'officer' });
    await createAccountDirect(city(), { username: 'lb_admin', name: '市管理员', role: 'admin' });
    await createAccountDirect(city(), { username: 'lb_editor', name: '市编辑', role: 'editor', reviewLevel: 1 });
  }, 120_000);
  afterAll(async () => net?.stop());

  it('editors see every edge; only admins replay (with progress) and change the adoption policy; bad input is refused', async () => {
    await publishItem(town(), { title: '凤凰镇同步状态测试稿件' });
    // The county holds the township's item (adopted or queued, by its default policy).
    await eventually(
      () => county().syndication.models.InboundItem.countDocuments({ 'payload.title': '凤凰镇同步状态测试稿件' }),
      (n) => n === 1,
    );
    const anonymous = new FormClient(county().url);
    expect((await anonymous.get('/admin/syndication')).status).toBe(303);

    const editor = new FormClient(county().url);
    await editor.login('xb_editor');
    const page = await editor.get('/admin/syndication');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<th scope="row">xingbin_fenghuang</th>');
    expect(page.text).toContain('<th scope="row">laibin</th>');
    expect(page.text).not.toContain('开始重放');
    expect((await editor.post('/admin/syndication/replay', { edge: 'xingbin_fenghuang:UP', fromSeq: '1' })).status).toBe(403);

    const officer = new FormClient(county().url);
    await officer.login('xb_officer');
    expect((await officer.get('/admin/syndication')).status).toBe(403);

    const admin = new FormClient(county().url);
    await admin.login('xb_admin');
    expect((await admin.get('/admin/syndication')).text).toContain('开始重放');
    const badSeq = await admin.post('/admin/syndication/replay', { edge: 'xingbin_fenghuang:UP', fromSeq: '0' });
    expect(badSeq.status).toBe(400);
    expect(badSeq.text).toContain('起始序号须为正整数');
    const badEdge = await admin.post('/admin/syndication/replay', { edge: 'nowhere:UP', fromSeq: '1' });
    expect(badEdge.status).toBe(400);
    expect(badEdge.text).toContain('没有这条同步通道');
    expect((await admin.post('/admin/syndication/replay', { edge: 'xingbin_fenghuang:UP', fromSeq: '1' }, { csrf: false })).status).toBe(
      403,
    );

    const started = await admin.post('/admin/syndication/replay', { edge: 'xingbin_fenghuang:UP', fromSeq: '1' });
    expect(started.status).toBe(303);
    const progress = await eventually(
      () => admin.get('/admin/syndication'),
      (r) => r.text.includes('已完成'),
    );
    expect(progress.text).toContain('<progress');
    expect(progress.text).toContain('重放进度（自 #1');
    // Nothing was applied twice by the replay.
    expect(await county().syndication.models.InboundItem.countDocuments({ 'payload.title': '凤凰镇同步状态测试稿件' })).toBe(1);

    const edge = () => county().syndication.edge('xingbin_fenghuang', 'up')!;
    const before = edge().view().autoAdopt ?? county().config.syndicationAutoAdopt;
    const toggled = await admin.post('/admin/syndication/policy', { peer: 'xingbin_fenghuang', autoAdopt: String(!before) });
    expect(toggled.status).toBe(303);
    expect(edge().view().autoAdopt).toBe(!before);
    expect((await admin.post('/admin/syndication/policy', { peer: 'xingbin_fenghuang', autoAdopt: 'maybe' })).status).toBe(400);
    expect((await admin.post('/admin/syndication/policy', { peer: 'nowhere', autoAdopt: 'true' })).status).toBe(404);
  });

  it('officers: the register, registering one (errors by the field), reminders, and the ranking with its table', async () => {
    const admin = new FormClient(county().url);
    await admin.login('xb_admin');
    expect((await admin.get('/admin')).text).toContain('href="/admin/officers"');
    const noName = await admin.post('/admin/officers', { name: '', unit: '城东街道', kind: 'officer' });
    expect(noName.status).toBe(400);
    expect(noName.text).toContain('id="f-name-error"');
    const badMail = await admin.post('/admin/officers', { name: '黄信息员', unit: '城东街道', kind: 'officer', email: 'not-an-email' });
    expect(badMail.status).toBe(400);
    expect(badMail.text).toContain('id="f-email-error"');
    const made = await admin.post('/admin/officers', { name: '黄信息员', unit: '城东街道', kind: 'officer', phone: '0772-1234567' });
    expect(made.status).toBe(201);
    expect(made.text).toMatch(/<th scope="row">\s*黄信息员\s*<\/th>/);
    expect(await county().context.models.Officer.countDocuments({ name: '黄信息员', unit: '城东街道' })).toBe(1);

    // The officer was registered today (the node's clock), so this month is the one they count in.
    const month = monthOf(county().context.now());
    const reminded = await admin.post('/admin/officers/reminders', { month });
    expect(reminded.status).toBe(200);
    expect(reminded.text).toMatch(new RegExp(`${month} 未完成定额 \\d+ 人，本次发送催报 \\d+ 条`));
    expect((await admin.post('/admin/officers/reminders', { month: '十一月' })).status).toBe(400);

    // Recomputing a month runs in the background; the register shows its progress from the run record.
    expect((await admin.get('/admin/officers')).text).toContain('重新计算该月统计');
    const badMonth = await admin.post('/admin/officers/recompute', { month: '2026' });
    expect(badMonth.status).toBe(400);
    expect(badMonth.text).toContain('月份格式应为 YYYY-MM');
    expect((await admin.post('/admin/officers/recompute', { month }, { csrf: false })).status).toBe(403);
    const recompute = await admin.post('/admin/officers/recompute', { month });
    expect(recompute.status).toBe(303);
    const finished = await eventually(
      () => admin.get('/admin/officers'),
      (r) => /已完成（\d+ 人/.test(r.text),
    );
    expect(finished.text).toMatch(new RegExp(`<progress id="job-${month}" max="\\d+" value="\\d+">100%</progress>`));
    expect(finished.text).toContain(`<th scope="row">${month}</th>`);
    const officerId = (await county().context.models.Officer.findOne({ name: '黄信息员' }).lean())!._id;
    expect(await county().context.models.OfficerMonth.countDocuments({ officerId, month })).toBe(1);

    const ranking = await admin.get(`/admin/officers/ranking?period=${month}&scope=network`);
    expect(ranking.status).toBe(200);
    expect(ranking.text).toMatch(new RegExp(`<caption>\\s*信息员排名（${month}）\\s*</caption>`));
    expect(ranking.text).toMatch(/<th scope="row">\s*黄信息员\s*<\/th>/);
    expect((await admin.get('/admin/officers/ranking?period=2026-13')).status).toBe(400);

    const officer = new FormClient(county().url);
    await officer.login('xb_officer');
    expect((await officer.get('/admin/officers')).status).toBe(403);
    const editor = new FormClient(county().url);
    await editor.login('xb_editor');
    const seen = await editor.get('/admin/officers');
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('登记信息员');
    expect((await editor.post('/admin/officers', { name: '赵信息员', unit: '城西街道', kind: 'officer' })).status).toBe(403);
    expect(seen.text).not.toContain('重新计算该月统计');
    expect((await editor.post('/admin/officers/recompute', { month })).status).toBe(403);
  });

  it('an admin imports an old-site export in the background, sees its progress and report; bad uploads are refused', async () => {
    const csv =
      'title,date,channel,author,source,body\r\n' +
      '兴宾区开展农村党建示范点建设,2008-06-01,工作动态,李华,兴宾区委组织部,兴宾区在各村开展党建示范点建设。\r\n' +
      '兴宾区召开老干部座谈会,2008年7月2日,旧版栏目,,,兴宾区召开老干部座谈会，听取意见建议。\r\n' +
      ',2008-09-01,工作动态,,,没有标题的记录\r\n';
    const upload = (name: string, body: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      form.set('file', new Blob([body], { type: 'text/csv' }), name);
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return form;
    };
    const admin = new FormClient(county().url);
    await admin.login('xb_admin');
    expect((await admin.get('/admin')).text).toContain('href="/admin/import"');
    const form = await admin.get('/admin/import');
    expect(form.status).toBe(200);
    expect(form.text).toContain('enctype="multipart/form-data"');

    const noFile = new FormData();
    const missing = await admin.postMultipart('/admin/import', noFile);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('id="f-file-error"');
    expect(missing.text).toContain('请选择要导入的文件');
    const exe = await admin.postMultipart('/admin/import', upload('旧网站.exe', 'MZ'));
    expect(exe.status).toBe(400);
    expect(exe.text).toContain('只能导入 CSV、JSON 或 HTML 文件');
    const badChannel = await admin.postMultipart('/admin/import', upload('export.csv', csv, { defaultChannel: 'no-such-channel' }));
    expect(badChannel.status).toBe(400);
    expect(badChannel.text).toContain('id="f-defaultChannel-error"');
    expect((await admin.postMultipart('/admin/import', upload('export.csv', csv, { _csrf: 'forged' }))).status).toBe(403);
    expect(await county().context.models.Article.countDocuments({ title: '兴宾区开展农村党建示范点建设' })).toBe(0);

    const started = await admin.postMultipart('/admin/import', upload('旧站导出.csv', csv));
    expect(started.status).toBe(303);
    const finished = await eventually(
      () => admin.get('/admin/import'),
      (r) => r.text.includes('已完成'),
    );
    expect(finished.text).toMatch(/<progress id="import-progress" max="3" value="3">100%<\/progress>/);
    expect(finished.text).toContain('共 3 条：导入 2 条，跳过 1 条');
    // The record without a title is listed with the reason it was skipped.
    expect(finished.text).toContain('旧站导出.csv:4');
    expect(await county().context.models.Article.findOne({ title: '兴宾区开展农村党建示范点建设' }).lean()).toMatchObject({
      status: 'published',
      author: '李华',
    });

    // The same export again: nothing new.
    await admin.postMultipart('/admin/import', upload('旧站导出.csv', csv));
    const again = await eventually(
      () => admin.get('/admin/import'),
      (r) => r.text.includes('已完成'),
    );
    expect(again.text).toContain('共 3 条：导入 0 条，跳过 3 条');
    expect(await county().context.models.Article.countDocuments({ title: '兴宾区召开老干部座谈会' })).toBe(1);

    const editor = new FormClient(county().url);
    await editor.login('xb_editor');
    expect((await editor.get('/admin')).text).not.toContain('href="/admin/import"');
    expect((await editor.get('/admin/import')).status).toBe(403);
    expect((await editor.postMultipart('/admin/import', upload('export.csv', csv))).status).toBe(403);
  });

  it('the city admin issues a partner key (shown once), sees it listed and revokes it; others cannot', async () => {
    const admin = new FormClient(city().url);
    await admin.login('lb_admin');
    expect((await admin.get('/admin')).text).toContain('href="/admin/partners"');

    const noName = await admin.post('/admin/partners', { name: '', requestsPerMinute: '100' });
    expect(noName.status).toBe(400);
    expect(noName.text).toContain('id="f-name-error"');
    const badOrigin = await admin.post('/admin/partners', { name: '来宾日报', allowedOrigins: 'ftp://example.cn/path' });
    expect(badOrigin.status).toBe(400);
    expect(badOrigin.text).toContain('id="f-allowedOrigins-error"');
    const badRate = await admin.post('/admin/partners', { name: '来宾日报', requestsPerMinute: '很多' });
    expect(badRate.status).toBe(400);
    expect(badRate.text).toContain('每分钟请求数须为整数');

    const issued = await admin.post('/admin/partners', {
      name: '来宾日报',
      contact: '新媒体部',
      requestsPerMinute: '120',
      allowedOrigins: 'https://news.example.cn\n',
      allowListOnly: '1',
    });
    expect(issued.status).toBe(201);
    const key = /<code id="issued-key">([^<]+)<\/code>/.exec(issued.text)?.[1];
    expect(key).toBeTruthy();
    const keys = partnerKeyModel(city().connection);
    const stored = await keys.findOne({ name: '来宾日报' }).lean();
    expect(stored).toMatchObject({
      keyHash: hashPartnerKey(key!),
      requestsPerMinute: 120,
      allowedOrigins: ['https://news.example.cn'],
      allowListOnly: true,
    });
    // Listed by its prefix only, never again in full.
    const listing = await admin.get('/admin/partners');
    expect(listing.text).toContain(`${key!.slice(0, 10)}…`);
    expect(listing.text).not.toContain(key!);

    const revoked = await admin.post(`/admin/partners/${stored!._id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect((await keys.findById(stored!._id).lean())?.revokedAt).toBeInstanceOf(Date);
    expect((await admin.get('/admin/partners?done=revoked')).text).toContain('已撤销（');
    expect((await admin.post('/admin/partners/no-such-key/revoke', {})).status).toBe(404);

    const editor = new FormClient(city().url);
    await editor.login('lb_editor');
    expect((await editor.get('/admin')).text).not.toContain('href="/admin/partners"');
    expect((await editor.get('/admin/partners')).status).toBe(403);
    // Partner keys live at the city only.
    const countyAdmin = new FormClient(county().url);
    await countyAdmin.login('xb_admin');
    expect((await countyAdmin.get('/admin/partners')).status).toBe(404);
  });
});
