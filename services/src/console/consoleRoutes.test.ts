import { loadSensitiveWords, setSensitiveWords } from '../articles/sensitiveWordList';
import { createAccountDirect } from '../../../tests/support/accounts';
import { asActor } from '../../../tests/support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { eventually } from '../../../tests/support/testNetwork';
import { FormClient } from '../../../tests/support/formClient';
import { siteRuntimeOf } from '../site/siteRuntime';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The admin console over real HTTP on real nodes: login, writing, review with sensitive words, adoption, settings. */
describe('admin console', () => {
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
      { config: { syndicationPullSeconds: 1 }, configFor: (code) => ({ syndicationAutoAdopt: code === 'laibin' }) },
    );
    await createAccountDirect(town(), { username: 'wei', name: '韦信息员', role: 'officer' });
    await createAccountDirect(town(), { username: 'wang', name: '王编辑', role: 'editor', reviewLevel: 1 });
    await createAccountDirect(county(), { username: 'lijun', name: '李编辑', role: 'editor', reviewLevel: 2 });
    await createAccountDirect(county(), { username: 'xbadmin', name: '兴宾区管理员', role: 'admin' });
    await createAccountDirect(city(), { username: 'lbadmin', name: '市管理员', role: 'admin' });
    await setSensitiveWords(asActor(city(), 'admin'), ['违规词']);
    await eventually(
      () => loadSensitiveWords(town().context),
      (words) => words.includes('违规词'),
      30_000,
    );
  }, 120_000);
  afterAll(async () => net?.stop());

  it('sends a reader without a session to the login page; wrong passwords get a message by the field', async () => {
    const c = new FormClient(town().url);
    const first = await c.get('/admin/review');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/admin/login?next=%2Fadmin%2Freview');
    const empty = await c.post('/admin/login', { username: '', password: '' }, { csrf: false });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('id="f-username-error"');
    expect(empty.text).toContain('请输入用户名');
    expect(empty.text).toContain('请输入密码');
    const wrong = await c.post('/admin/login', { username: 'wei', password: 'nope' }, { csrf: false });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('aria-invalid="true"');
    expect(wrong.text).toContain('用户名或密码错误');
    expect(wrong.text).toContain('value="wei"');
    const ok = await c.post('/admin/login', { username: 'wei', password: 'dangjian2024', next: '/admin/review' }, { csrf: false });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/admin/review');
    const cookie = ok.headers.getSetCookie().find((s) => s.startsWith('djnet_admin='))!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin');
    // An officer has no review queue.
    expect((await c.get('/admin/review')).status).toBe(403);
    // An open redirect is not followed.
    const c2 = new FormClient(town().url);
    const evil = await c2.post(
      '/admin/login',
      { username: 'wei', password: 'dangjian2024', next: 'https://evil.example/' },
      { csrf: false },
    );
    expect(evil.location).toBe('/admin');
  });

  it('an admin of the county signs in to the township console with the county account; its password is checked there', async () => {
    const c = new FormClient(town().url);
    const form = await c.get('/admin/login');
    expect(form.text).toMatch(/<option value="xingbin"\s*>上级站点（xingbin）<\/option>/);
    expect(form.text).toMatch(/<option value="laibin"\s*>市级站点（laibin）<\/option>/);
    const wrong = await c.post('/admin/login', { home: 'xingbin', username: 'xbadmin', password: 'nope' }, { csrf: false });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('id="f-password-error"');
    // A township account is not a county account.
    expect((await c.post('/admin/login', { home: 'xingbin', username: 'wei', password: 'dangjian2024' }, { csrf: false })).status).toBe(
      401,
    );
    const nowhere = await c.post('/admin/login', { home: 'heshan', username: 'xbadmin', password: 'dangjian2024' }, { csrf: false });
    expect(nowhere.status).toBe(400);
    expect(nowhere.text).toContain('账号所属站点无效');
    // An editor above has no authority here (only admins above do): told so by the field, no session.
    const editorAbove = await c.post('/admin/login', { home: 'xingbin', username: 'lijun', password: 'dangjian2024' }, { csrf: false });
    expect(editorAbove.status).toBe(403);
    expect(editorAbove.text).toContain('id="f-home-error"');
    expect((await c.get('/admin')).status).toBe(303);

    const ok = await c.post('/admin/login', { home: 'xingbin', username: 'xbadmin', password: 'dangjian2024' }, { csrf: false });
    expect(ok.status).toBe(303);
    const dashboard = await c.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('兴宾区管理员');
    expect((await c.get('/admin/review')).status).toBe(200);
    // The city's admin too.
    const cityAdmin = new FormClient(town().url);
    expect(
      (await cityAdmin.post('/admin/login', { home: 'laibin', username: 'lbadmin', password: 'dangjian2024' }, { csrf: false })).status,
    ).toBe(303);
    expect((await cityAdmin.get('/admin/adoption')).status).toBe(200);
    // The city itself has no node above it to sign in with.
    expect((await new FormClient(city().url).get('/admin/login')).text).not.toContain('账号所属站点');
  });

  it('an officer writes: missing fields are marked, a form without its token is refused, a good one is submitted', async () => {
    const c = new FormClient(town().url);
    await c.login('wei');
    const form = await c.get('/admin/articles/new');
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<option value="dangjian"\s*>党建<\/option>/);
    const missing = await c.post('/admin/articles', { title: '', channel: '', body: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('id="f-title-error"');
    expect(missing.text).toContain('id="f-channel-error"');
    expect(missing.text).toContain('请修改以下内容');
    const retired = await c.post('/admin/articles', { title: '标题', channel: 'no_such_channel', body: '正文' });
    expect(retired.status).toBe(400);
    expect(retired.text).toContain('栏目不存在');
    expect(retired.text).toContain('id="f-channel-error"');
    const forged = await c.post('/admin/articles', { title: '伪造', channel: 'dangjian', body: '正文', _csrf: 'x' }, { csrf: false });
    expect(forged.status).toBe(403);
    const sent = await c.post('/admin/articles', {
      title: '凤凰镇<党建>工作动态',
      channel: 'dangjian',
      body: '第一段。\n\n第二段<script>。',
      action: 'submit',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/admin/articles?done=submitted');
    const mine = await c.get(sent.location!);
    expect(mine.text).toContain('稿件已提交审核');
    expect(mine.text).toContain('凤凰镇&lt;党建&gt;工作动态');
    expect(mine.text).toContain('待审核');
    const doc = await town().context.models.Article.findOne({ title: '凤凰镇<党建>工作动态' }).lean();
    expect(doc).toMatchObject({ status: 'submitted', body: '<p>第一段。</p>\n<p>第二段&lt;script&gt;。</p>' });
  });

  it('a cover picture is uploaded with the item: it needs a description, must be an image, and survives a form with errors', async () => {
    const c = new FormClient(town().url);
    await c.login('wei');
    await c.get('/admin/articles/new');
    const form = (fields: Record<string, string>, file?: { bytes: Buffer; type: string; name: string }) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.set(k, v);
      if (file) data.set('cover', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      return data;
    };
    const png = { bytes: PNG, type: 'image/png', name: '活动照片.png' };
    const noAlt = await c.postMultipart('/admin/articles', form({ title: '带图稿件', channel: 'dangjian', body: '正文。' }, png));
    expect(noAlt.status).toBe(400);
    expect(noAlt.text).toContain('id="f-coverAlt-error"');
    // The picture was kept: the form carries its id, so it need not be chosen again.
    const kept = /name="coverImageId" value="([0-9a-f]+)"/.exec(noAlt.text)?.[1];
    expect(kept).toBeTruthy();
    // The file's Chinese name is kept as sent (UTF-8), not read as Latin-1.
    expect(await town().context.models.Media.findById(kept, { filename: 1 }).lean()).toMatchObject({ filename: '活动照片.png' });
    const fake = await c.postMultipart(
      '/admin/articles',
      form(
        { title: '假图片', channel: 'dangjian', body: '正文。', coverAlt: '说明' },
        { bytes: Buffer.from('not a png'), type: 'image/png', name: 'x.png' },
      ),
    );
    expect(fake.status).toBe(400);
    expect(fake.text).toContain('id="f-cover-error"');
    const forged = await c.postMultipart('/admin/articles', form({ title: '伪造', channel: 'dangjian', body: '正文。', _csrf: 'nope' }));
    expect(forged.status).toBe(403);
    const sent = await c.postMultipart(
      '/admin/articles',
      form({ title: '带图稿件', channel: 'dangjian', body: '正文。', coverAlt: '党员志愿服务现场', coverImageId: kept!, action: 'submit' }),
    );
    expect(sent.status).toBe(303);
    const doc = await town().context.models.Article.findOne({ title: '带图稿件' }).lean();
    expect(doc).toMatchObject({ status: 'submitted', coverImageId: kept });
    expect(await town().context.models.Article.countDocuments({ title: '伪造' })).toBe(0);
  });

  it('the editor: its scripts are served by the node; a body picture is uploaded with a description, and the HTML body keeps it', async () => {
    const c = new FormClient(town().url);
    await c.login('wei');
    const page = await c.get('/admin/articles/new');
    expect(page.text).toContain('data-rich-editor');
    const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.some((src) => src.includes('quill'))).toBe(true);
    for (const src of [...scripts, /<link rel="stylesheet" href="(\/admin\/assets\/[^"]+)"/.exec(page.text)![1]!]) {
      const asset = await fetch(`${town().url}${src}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    const upload = (fields: Record<string, string>, file?: { bytes: Buffer; type: string; name: string }) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.set(k, v);
      if (file) data.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      return c.postMultipart('/admin/media', data);
    };
    const png = { bytes: PNG, type: 'image/png', name: '现场.png' };
    const noAlt = await upload({}, png);
    expect(noAlt.status).toBe(400);
    expect(JSON.parse(noAlt.text).error).toBe('请为图片写一句说明');
    expect((await upload({ alt: '说明' })).status).toBe(400);
    const fake = await upload({ alt: '说明' }, { bytes: Buffer.from('not a png'), type: 'image/png', name: 'x.png' });
    expect(fake.status).toBe(400);
    expect(JSON.parse(fake.text).error).toContain('文件内容与类型不符');
    expect((await upload({ alt: '说明', _csrf: 'forged' }, png)).status).toBe(403);
    const ok = await upload({ alt: '党员志愿服务现场' }, png);
    expect(ok.status).toBe(201);
    const { id, url } = JSON.parse(ok.text) as { id: string; url: string };
    expect(url).toBe(`/media/${id}`);

    // The editor posts its HTML in bodyHtml: sanitised, and a picture that is not this node's media is refused.
    const bodyHtml = `<p><strong>粗体</strong>段落</p><p><img src="${url}" alt="党员志愿服务现场"></p><script>alert(1)</script>`;
    const unsafe = await c.post('/admin/articles', {
      title: '富文本稿件',
      channel: 'dangjian',
      body: '粗体段落',
      bodyHtml,
      action: 'submit',
    });
    expect(unsafe.status).toBe(400);
    expect(unsafe.text).toContain('正文含有不允许的脚本');
    const missing = await c.post('/admin/articles', {
      title: '富文本稿件',
      channel: 'dangjian',
      body: '段落',
      bodyHtml: '<p>段落</p><p><img src="/media/ffffffffffffffffffffffffffffffff" alt="无"></p>',
      action: 'submit',
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('正文中的图片不存在');
    const sent = await c.post('/admin/articles', {
      title: '富文本稿件',
      channel: 'dangjian',
      body: '粗体段落',
      bodyHtml: bodyHtml.replace('<script>alert(1)</script>', ''),
      action: 'submit',
    });
    expect(sent.status).toBe(303);
    const doc = await town().context.models.Article.findOne({ title: '富文本稿件' }).lean();
    expect(doc?.body).toBe(`<p><strong>粗体</strong>段落</p><p><img src="${url}" alt="党员志愿服务现场" /></p>`);
  });

  it('the review queue highlights sensitive words; the last approval waits for them to be cleared; returning needs a reason', async () => {
    const officer = new FormClient(town().url);
    await officer.login('wei');
    await officer.post('/admin/articles', { title: '含违规词的稿件', channel: 'dangjian', body: '这里有违规词。', action: 'submit' });
    const doc = (await town().context.models.Article.findOne({ title: '含违规词的稿件' }).lean())!;
    const hex = String(doc._id);

    const editor = new FormClient(town().url);
    await editor.login('wang');
    const queue = await editor.get('/admin/review');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('含<mark class="hit">违规词</mark>的稿件');
    expect(queue.text).toContain('<mark class="hit">');
    const detail = await editor.get(`/admin/review/${hex}`);
    expect(detail.text).toContain('敏感词命中');
    expect(detail.text).toContain('这里有<mark class="hit">违规词</mark>');

    expect((await editor.post(`/admin/review/${hex}/start`, {})).status).toBe(303);
    const blocked = await editor.post(`/admin/review/${hex}/approve`, {});
    expect(blocked.status).toBe(409);
    expect(blocked.text).toContain('role="alert"');
    const noReason = await editor.post(`/admin/review/${hex}/return`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('id="f-reason-error"');
    expect((await editor.post(`/admin/review/${hex}/clear`, {})).status).toBe(303);
    const published = await editor.post(`/admin/review/${hex}/approve`, {});
    expect(published.location).toBe('/admin/review?done=published');
    expect((await town().context.models.Article.findById(hex).lean())!.status).toBe('published');
    expect((await editor.post('/admin/review/000000000000000000000000/approve', {})).status).toBe(404);
    expect((await editor.post(`/admin/review/${hex}/explode`, {})).status).toBe(404);
  });

  it("the county editor adopts from the queue (reasons required to reject); the city's policy leaves a sensitive item to its editors", async () => {
    const editor = new FormClient(county().url);
    await editor.login('lijun');
    const queue = await eventually(
      () => editor.get('/admin/adoption'),
      (r) => r.text.includes('含违规词的稿件') && r.text.includes('凤凰镇&lt;党建&gt;工作动态') === false,
      30_000,
    );
    expect(queue.text).toContain('来自：凤凰镇党建信息服务站');
    const id = /name="id" value="([^"]+)"/.exec(queue.text)![1]!;
    const noReason = await editor.post('/admin/adoption/reject', { id, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('请填写不采用的理由');
    const adopted = await editor.post('/admin/adoption/adopt', { id });
    expect(adopted.location).toBe('/admin/adoption?done=adopted');
    // The county's copy goes up; the city adopts automatically, but not an item hitting the sensitive-word list.
    const cityQueue = await eventually(
      () => city().syndication.models.InboundItem.find({ status: 'pending' }).lean(),
      (items) => items.some((i) => i.payload?.provenance.origin.id === id),
      30_000,
    );
    expect(cityQueue.find((i) => i.payload?.provenance.origin.id === id)!.note).toBeTruthy();
    expect((await editor.post('/admin/adoption/adopt', { id: 'xingbin_fenghuang:000000000000000000000000' })).status).toBe(404);
  });

  it('the city admin switches the mourning theme; other admins cannot', async () => {
    const admin = new FormClient(city().url);
    await admin.login('lbadmin');
    const settings = await admin.get('/admin/settings');
    expect(settings.text).toContain('开启灰色主题');
    const on = await admin.post('/admin/settings/mourning', { mourning: 'on' });
    expect(on.location).toBe('/admin/settings?done=mourning');
    expect(siteRuntimeOf(city().context)!.settings.get().mourning).toBe(true);
    await admin.post('/admin/settings/mourning', { mourning: 'off' });
    expect(siteRuntimeOf(city().context)!.settings.get().mourning).toBe(false);

    const countyAdmin = new FormClient(county().url);
    await countyAdmin.login('xbadmin');
    expect((await countyAdmin.get('/admin/settings')).status).toBe(404);
    expect((await countyAdmin.post('/admin/settings/mourning', { mourning: 'on' })).status).toBe(403);
    const out = await countyAdmin.post('/admin/logout', {});
    expect(out.location).toBe('/admin/login');
    expect((await countyAdmin.get('/admin')).status).toBe(303);
  });
});
