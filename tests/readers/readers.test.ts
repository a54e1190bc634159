import { createHash } from 'node:crypto';
import { approveArticle } from '../../services/src/articles/approveArticle';
import { globalArticleId } from '../../services/src/articles/articleIds';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { createArticle } from '../../services/src/articles/createArticle';
import { catalogOf } from '../../services/src/catalog/catalogQueries';
import { storeInheritedSensitiveWords } from '../../services/src/articles/sensitiveWordList';
import { startReview } from '../../services/src/articles/startReview';
import { submitArticle } from '../../services/src/articles/submitArticle';
import { computeFigures } from '../../services/src/officers/officerFigures';
import { createOfficer } from '../../services/src/officers/createOfficer';
import { monthOf, parsePeriod } from '../../services/src/officers/months';
import { DEFAULT_RULES } from '../../services/src/officers/scoringRules';
import { createTopic } from '../../services/src/readers/createTopic';
import { solveChallenge } from '../../services/src/readers/proofOfWork';
import type { CommentDoc } from '../../services/src/readers/readersModels';
import { readersOf } from '../../services/src/readers/readersRuntime';
import { VISITS_PURPOSE } from '../../services/src/readers/visitStats';
import { peerAuthorization } from '../../services/src/syndication/peerAuth';
import type { RunningNode } from '../../services/src';
import { bearer, createAccountDirect, loginToken } from '../support/accounts';
import { asActor } from '../support/actors';
import { codeOf } from '../support/expectations';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually, gql } from '../support/testNetwork';
import { copiesAt, nodeNamesForTest, SHARED_CHANNEL } from '../syndication/syndicationFixtures';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** Publishes an item at a node as its staff would (officer reports, admins sign the levels, one each), with tags. */
async function publish(node: RunningNode, title: string, tags: string[] = []): Promise<{ doc: ArticleDoc; id: string }> {
  const officer = asActor(node, 'officer', { name: '李信息员' });
  // 三审制: each level is signed by a different person.
  const admin = () => asActor(node, 'admin', { name: '王编辑' });
  const draft = await createArticle(officer, {
    title,
    channel: SHARED_CHANNEL,
    tags,
    body: `<p>${title}：党建引领乡村振兴，信息员及时报送。</p>`,
  });
  const id = globalArticleId(node.config.code, draft._id);
  await submitArticle(officer, id);
  await startReview(admin(), id);
  let doc = await approveArticle(admin(), id);
  while (doc.status !== 'published') doc = await approveArticle(admin(), id);
  return { doc, id };
}

/** A form's proof-of-work token, read from the page the reader gets. */
async function challengeOf(url: string, ip: string): Promise<string> {
  const page = await fetch(url, { headers: { 'user-agent': BROWSER, 'x-forwarded-for': ip } });
  expect(page.status).toBe(200);
  const token = /name="pow_token" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error(`no challenge on ${url}`);
  return token;
}

/** Posts a readers' form the way the page's script does: a fresh challenge solved, from a given address. */
async function postForm(url: string, fields: Record<string, string>, ip: string, options: { formUrl?: string; work?: boolean } = {}) {
  const token = await challengeOf(options.formUrl ?? url, ip);
  const body = new URLSearchParams({ ...fields, pow_token: token, pow_work: options.work === false ? '' : solveChallenge(token, 14) });
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER, 'x-forwarded-for': ip },
    body,
  });
}

/**
 * Readers' features across a real network in this process (real databases, HTTP, tokens, syndication with
 * automatic adoption): a city, two counties and a township.
 */
describe('readers: topics, contests, comments, visit statistics (in-process network, real database)', () => {
  let net: InProcessNetwork;
  const node = (code: string) => net.node(code);
  const city = () => node('laibin');
  const town = () => node('xingbin_fenghuang');
  const tokens: Record<string, string> = {};
  const topicSlug = 'sanji-sanpi';

  beforeAll(async () => {
    net = await startInProcessNetwork(nodeNamesForTest(['laibin', 'xingbin', 'heshan', 'xingbin_fenghuang']), {
      config: { syndicationPullSeconds: 1, syndicationAutoAdopt: true },
    });
    for (const [code, username, role] of [
      ['laibin', 'city_admin', 'admin'],
      ['laibin', 'judge_wei', 'editor'],
      ['laibin', 'judge_qin', 'editor'],
      ['laibin', 'city_officer', 'officer'],
      ['xingbin_fenghuang', 'fh_admin', 'admin'],
    ] as const) {
      await createAccountDirect(node(code), { username, name: username, role, reviewLevel: 3 });
      tokens[username] = await loginToken(node(code), username);
    }
  }, 120_000);
  afterAll(async () => net?.stop());

  it('a city topic lists items adopted from two different counties, with their provenance', async () => {
    const fromXingbin = await publish(node('xingbin'), '兴宾区开展“三级三批”党建活动', ['三级三批']);
    const fromHeshan = await publish(node('heshan'), '合山市推进“三级三批”信息员培训', ['三级三批']);
    const unrelated = await publish(node('heshan'), '合山市召开党史学习教育会议', ['党史']);
    for (const item of [fromXingbin, fromHeshan, unrelated]) {
      await eventually(
        () => copiesAt(city(), item.id),
        (copies) =>
          copies.length === 1 &&
          copies[0]!.status === 'published' &&
          catalogOf(city().context).signatureOf(String(copies[0]!._id)) !== undefined,
        30_000,
      );
    }
    // A township cannot create topics; a bad slug is bad input.
    expect(await codeOf(createTopic(asActor(town(), 'admin'), { slug: 'x-topic', title: '乡镇专题', startsAt: '2020-01-01' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(createTopic(asActor(city(), 'editor'), { slug: 'Bad Slug', title: '专题', startsAt: '2020-01-01' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(createTopic(asActor(city(), 'officer'), { slug: 'abc', title: '专题', startsAt: '2020-01-01' }))).toBe('FORBIDDEN');

    const created = await gql<{ laibin: { readers: { createTopic: { slug: string } } } }>(
      city().url,
      'mutation($input: TopicInput!) { laibin { readers { createTopic(input: $input) { slug } } } }',
      {
        input: {
          slug: topicSlug,
          title: '“三级三批”专题',
          description: '全市各县区“三级三批”党建活动报道',
          startsAt: '2020-01-01',
          rule: { tags: ['三级三批'] },
          sections: [{ slug: 'dangshi', title: '党史学习', rule: { tags: ['党史'] } }],
          pages: [{ slug: 'about', title: '活动简介', body: '第一段。\n\n第二段<b>不是标签</b>。' }],
        },
      },
      bearer(tokens.city_admin!),
    );
    expect(created.body.errors).toBeUndefined();
    const again = await gql(
      city().url,
      'mutation($input: TopicInput!) { laibin { readers { createTopic(input: $input) { slug } } } }',
      { input: { slug: topicSlug, title: '重复', startsAt: '2020-01-01' } },
      bearer(tokens.city_admin!),
    );
    expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const topic = await gql<{
      network: {
        laibin: {
          readers: {
            topic: { items: { title: string; origin: string; provenance: string[] }[]; sections: { items: { title: string }[] }[] };
          };
        };
      };
    }>(
      city().url,
      `{ network { laibin { readers { topic(slug: "${topicSlug}") { items { title origin provenance } sections { items { title } } } } } } }`,
    );
    expect(topic.body.errors).toBeUndefined();
    const items = topic.body.data!.network.laibin.readers.topic.items;
    expect(items.map((i) => i.origin).sort()).toEqual(['heshan', 'xingbin']);
    expect(items.map((i) => i.title).sort()).toEqual([fromHeshan.doc.title, fromXingbin.doc.title].sort());
    expect(topic.body.data!.network.laibin.readers.topic.sections[0]!.items.map((i) => i.title)).toEqual([unrelated.doc.title]);

    const page = await fetch(`${city().url}/topics/${topicSlug}`, { headers: { 'user-agent': BROWSER } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain(fromXingbin.doc.title);
    expect(text).toContain(fromHeshan.doc.title);
    expect(text).not.toContain(unrelated.doc.title);
    expect(text).toContain('兴宾区 ·');
    expect(text).toContain('合山市 ·');
    // The elder mode switch works on the readers' pages too.
    const switched = await fetch(`${city().url}/topics/${topicSlug}?elder=1`, { redirect: 'manual' });
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe(`/topics/${topicSlug}`);
    expect(await (await fetch(`${city().url}/topics/${topicSlug}`, { headers: { cookie: 'djnet_elder=1' } })).text()).toContain(
      'class="elder"',
    );
    const about = await (await fetch(`${city().url}/topics/${topicSlug}/pages/about`)).text();
    expect(about).toContain('第二段&lt;b&gt;不是标签&lt;/b&gt;');
    expect((await fetch(`${city().url}/topics/no-such-topic`)).status).toBe(404);
    // The home page lists the active topic.
    await eventually(
      async () => (await fetch(`${city().url}/`)).text(),
      (home) => home.includes(`href="/topics/${topicSlug}"`),
    );
  }, 90_000);

  it('an item a topic lists scores its officer at the origin: the report travels down through the county', async () => {
    // The township's officer (the item's 信息员) and an item of the topic's tag, adopted by the county, then the city.
    await createOfficer(asActor(town(), 'admin'), { name: '李信息员', unit: '凤凰镇党委', kind: 'officer' });
    const item = await publish(town(), '凤凰镇“三级三批”活动进村入户', ['三级三批']);
    const [cityCopy] = await eventually(
      () => copiesAt(city(), item.id),
      (copies) => copies.length === 1 && catalogOf(city().context).signatureOf(String(copies[0]!._id)) !== undefined,
      30_000,
    );
    const features = readersOf(city().context)!.features;
    features.run();
    await features.idle();
    expect((await city().context.models.Article.findById(cityCopy!._id).lean())!.features).toEqual([
      expect.objectContaining({ node: 'laibin', topicId: topicSlug, topic: '“三级三批”专题' }),
    ]);
    // At the origin (two hops down) and on the county's copy on the way.
    const origin = await eventually(
      () => town().context.models.Article.findById(item.doc._id).lean(),
      (a) => (a?.features ?? []).some((f) => f.node === 'laibin' && f.topicId === topicSlug),
      30_000,
    );
    expect(origin!.features).toHaveLength(1);
    expect((await copiesAt(node('xingbin'), item.id))[0]!.features).toEqual([
      expect.objectContaining({ node: 'laibin', topicId: topicSlug }),
    ]);
    // The county's own item listed on the city topic is recorded at the county.
    const countyOwn = await node('xingbin').context.models.Article.findOne({ title: '兴宾区开展“三级三批”党建活动' }).lean();
    await eventually(
      () => node('xingbin').context.models.Article.findById(countyOwn!._id).lean(),
      (a) => (a?.features ?? []).some((f) => f.node === 'laibin'),
      30_000,
    );

    // The officer's month counts the topic, with the rule's points.
    const month = monthOf(town().context.now());
    const rows = await computeFigures(town().context, parsePeriod(month), undefined, { live: true });
    const li = rows.find((r) => r.name === '李信息员')!;
    expect(li.figures).toMatchObject({ topic: 1, points: expect.objectContaining({ topic: DEFAULT_RULES.points.topic }) });

    // Listed once: running again records nothing new, and nothing more travels down.
    features.run();
    await features.idle();
    expect((await city().context.models.Article.findById(cityCopy!._id).lean())!.features).toHaveLength(1);
    expect((await town().context.models.Article.findById(item.doc._id).lean())!.features).toHaveLength(1);
  }, 90_000);

  it('a contest takes entries, refuses a second entry from the same person when configured, and publishes results from judges’ scores', async () => {
    const now = Date.now();
    const create = await gql<{ laibin: { readers: { createContest: { slug: string; status: string } } } }>(
      city().url,
      'mutation($input: ContestInput!) { laibin { readers { createContest(input: $input) { slug status } } } }',
      {
        input: {
          slug: 'zhengwen-2026',
          title: '“我身边的优秀共产党员”网络征文',
          rules: '围绕主题写作，文责自负。',
          categories: [
            { key: 'essay', name: '散文' },
            { key: 'poem', name: '诗歌' },
          ],
          identityFields: [
            { key: 'phone', label: '手机号', required: true, identifies: true },
            { key: 'unit', label: '工作单位', required: false },
          ],
          criteria: [
            { key: 'theme', name: '主题思想', max: 40 },
            { key: 'writing', name: '文字表达', max: 60 },
          ],
          prizes: [
            { name: '一等奖', count: 1 },
            { name: '二等奖', count: 1 },
          ],
          judges: ['judge_wei', 'judge_qin'],
          startsAt: new Date(now - 3_600_000).toISOString(),
          endsAt: new Date(now + 86_400_000).toISOString(),
          topic: topicSlug,
        },
      },
      bearer(tokens.city_admin!),
    );
    expect(create.body.errors).toBeUndefined();
    expect(create.body.data!.laibin.readers.createContest.status).toBe('OPEN');
    const noJudge = await gql(
      city().url,
      'mutation($input: ContestInput!) { laibin { readers { createContest(input: $input) { slug } } } }',
      {
        input: {
          slug: 'bad-contest',
          title: '无评委',
          categories: [{ key: 'a', name: '甲' }],
          criteria: [{ key: 'c', name: '分', max: 10 }],
          judges: ['nobody'],
          startsAt: '2026-01-01',
          endsAt: '2027-01-01',
          identityFields: [{ key: 'phone', label: '手机', identifies: true }],
        },
      },
      bearer(tokens.city_admin!),
    );
    expect(noJudge.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const enter = (fields: Record<string, string>, ip: string) => postForm(`${city().url}/contests/zhengwen-2026/enter`, fields, ip);
    const body = '我身边的这位共产党员，几十年如一日扎根基层，带领群众发展产业、修路架桥，用实际行动践行了初心使命。'.repeat(2);
    const first = await enter(
      { category: 'essay', title: '扎根基层的老支书', author: '韦文', 'identity.phone': '13800000001', body },
      '10.1.0.1',
    );
    expect(first.status).toBe(303);
    // The same person (the phone written differently), same category: refused, however it is spelled.
    const second = await enter(
      { category: 'essay', title: '再投一篇', author: '韦文', 'identity.phone': '138 0000 0001', body },
      '10.1.0.2',
    );
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('每人每个类别限投一篇');
    // Same person, another category; other people: taken.
    expect(
      (await enter({ category: 'poem', title: '党旗颂', author: '韦文', 'identity.phone': '13800000001', body }, '10.1.0.3')).status,
    ).toBe(303);
    expect(
      (await enter({ category: 'essay', title: '山村里的党员先锋', author: '覃明', 'identity.phone': '13900000002', body }, '10.1.0.4'))
        .status,
    ).toBe(303);
    expect(
      (await enter({ category: 'essay', title: '第三篇散文', author: '蓝月', 'identity.phone': '13700000003', body }, '10.1.0.5')).status,
    ).toBe(303);
    // A required identity field missing, a body too short, an unknown category: 400 with the message.
    const missing = await enter({ category: 'essay', title: '缺少手机', author: '某人', body }, '10.1.0.6');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('手机号：不能为空');
    expect((await enter({ category: 'novel', title: '小说', author: '某人', 'identity.phone': '1', body }, '10.1.0.7')).status).toBe(400);
    // Without a solved challenge or the sum's answer: refused.
    const unproven = await postForm(
      `${city().url}/contests/zhengwen-2026/enter`,
      { category: 'essay', title: '机器投稿', author: 'bot', 'identity.phone': '1', body },
      '10.1.0.8',
      { work: false },
    );
    expect(unproven.status).toBe(400);
    expect(await unproven.text()).toContain('请回答验证问题');

    // A signed-in officer enters through the API: known by the account, whatever phone is given.
    const officerEntry = (phone: string, token?: string) =>
      gql<{ laibin: { readers: { submitContestEntry: { id: string; category: string } } } }>(
        city().url,
        'mutation($input: ContestEntryInput!) { laibin { readers { submitContestEntry(contest: "zhengwen-2026", input: $input) { id category } } } }',
        { input: { category: 'essay', title: '信息员的一天', author: '李信息员', body, identity: [{ key: 'phone', value: phone }] } },
        token ? bearer(token) : {},
      );
    expect((await officerEntry('13300000001', tokens.city_officer!)).body.errors).toBeUndefined();
    expect((await officerEntry('13300000002', tokens.city_officer!)).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await officerEntry('13300000003')).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const entries = await gql<{ network: { laibin: { readers: { contestEntries: { id: string; title: string; identity: string }[] } } } }>(
      city().url,
      '{ network { laibin { readers { contestEntries(contest: "zhengwen-2026") { id title identity } } } } }',
      {},
      bearer(tokens.judge_wei!),
    );
    expect(entries.body.errors).toBeUndefined();
    const list = entries.body.data!.network.laibin.readers.contestEntries;
    expect(list).toHaveLength(5);
    expect(JSON.parse(list[0]!.identity)).toMatchObject({ phone: '13800000001' });
    const idOf = (title: string) => list.find((e) => e.title === title)!.id;
    // Identity is not for the public or other staff.
    const anonymous = await gql(city().url, '{ network { laibin { readers { contestEntries(contest: "zhengwen-2026") { id } } } } }');
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const officer = await gql(
      city().url,
      '{ network { laibin { readers { contestEntries(contest: "zhengwen-2026") { id } } } } }',
      {},
      bearer(tokens.city_officer!),
    );
    expect(officer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const score = (token: string, entry: string, theme: number, writing: number) =>
      gql<{ laibin: { readers: { scoreContestEntry: { total: number } } } }>(
        city().url,
        'mutation($e: ID!, $s: [CriterionScoreInput!]!) { laibin { readers { scoreContestEntry(entry: $e, scores: $s) { total } } } }',
        {
          e: entry,
          s: [
            { criterion: 'theme', score: theme },
            { criterion: 'writing', score: writing },
          ],
        },
        bearer(token),
      );
    // Not a judge; over the criterion's maximum: refused.
    expect((await score(tokens.city_officer!, idOf('扎根基层的老支书'), 30, 50)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await score(tokens.judge_wei!, idOf('扎根基层的老支书'), 41, 50)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Essay: 老支书 (30+50, 36+52 → 84), 山村 (38+55, 40+56 → 94.5), 第三篇 (20+30 by one judge → 50). Poem: 党旗颂 (35+45 → 80).
    for (const [token, title, a, b] of [
      [tokens.judge_wei!, '扎根基层的老支书', 20, 20],
      [tokens.judge_wei!, '扎根基层的老支书', 30, 50], // scoring again replaces the judge's own score
      [tokens.judge_qin!, '扎根基层的老支书', 36, 52],
      [tokens.judge_wei!, '山村里的党员先锋', 38, 55],
      [tokens.judge_qin!, '山村里的党员先锋', 40, 56],
      [tokens.judge_qin!, '第三篇散文', 20, 30],
      [tokens.judge_wei!, '党旗颂', 35, 45],
    ] as const) {
      const r = await score(token, idOf(title), a, b);
      expect(r.body.errors).toBeUndefined();
    }
    const published = await gql<{
      laibin: {
        readers: {
          publishContestResults: {
            status: string;
            results: { title: string; score: number; rank: number; prize: string | null; category: string }[];
          };
        };
      };
    }>(
      city().url,
      'mutation { laibin { readers { publishContestResults(contest: "zhengwen-2026") { status results { category title score rank prize } } } } }',
      {},
      bearer(tokens.city_admin!),
    );
    expect(published.body.errors).toBeUndefined();
    const results = published.body.data!.laibin.readers.publishContestResults;
    expect(results.status).toBe('PUBLISHED');
    expect(results.results).toEqual([
      { category: 'essay', title: '山村里的党员先锋', score: 94.5, rank: 1, prize: '一等奖' },
      { category: 'essay', title: '扎根基层的老支书', score: 84, rank: 2, prize: '二等奖' },
      { category: 'essay', title: '第三篇散文', score: 50, rank: 3, prize: null },
      { category: 'poem', title: '党旗颂', score: 80, rank: 1, prize: '一等奖' },
    ]);
    // Closed now: no more entries, no more scores; the results and the winners' entries are public, on the topic page too.
    expect(
      (await enter({ category: 'poem', title: '迟到的诗', author: '黄', 'identity.phone': '13600000009', body }, '10.1.0.9')).status,
    ).toBe(400);
    expect((await score(tokens.judge_qin!, idOf('党旗颂'), 1, 1)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const topicPage = await (await fetch(`${city().url}/topics/${topicSlug}`)).text();
    expect(topicPage).toContain('山村里的党员先锋');
    expect(topicPage).toContain('党旗颂');
    expect(topicPage).not.toContain('第三篇散文');
    expect(topicPage).not.toContain('13800000001');
    expect((await fetch(`${city().url}/contests/zhengwen-2026/entries/${encodeURIComponent(idOf('山村里的党员先锋'))}`)).status).toBe(200);
    expect((await fetch(`${city().url}/contests/zhengwen-2026/entries/${encodeURIComponent(idOf('第三篇散文'))}`)).status).toBe(404);
  }, 90_000);

  it('holds a comment with a sensitive word for a moderator, shows approved comments without personal data', async () => {
    await storeInheritedSensitiveWords(town().context, ['法轮']);
    const { doc } = await publish(town(), '凤凰镇开展主题党日活动');
    const articleId = String(doc._id);
    await eventually(
      async () => catalogOf(town().context).signatureOf(articleId),
      (s) => s !== undefined,
    );
    const url = `${town().url}/articles/${articleId}/comment`;
    const held = await postForm(url, { nickname: '老党员', body: '文章写得好，但里面提到法轮的说法不对' }, '10.2.0.1');
    expect(held.status).toBe(303);
    const clean = await postForm(url, { nickname: '凤凰镇村民', body: '支持！主题党日活动办得好。' }, '10.2.0.2');
    expect(clean.status).toBe(303);
    const stored = await town().context.models.Comment.find({ article: articleId }).lean<CommentDoc[]>();
    const heldDoc = stored.find((c) => c.nickname === '老党员')!;
    const cleanDoc = stored.find((c) => c.nickname === '凤凰镇村民')!;
    expect(heldDoc).toMatchObject({ status: 'pending', sensitiveWords: ['法轮'] });
    expect(cleanDoc).toMatchObject({ status: 'pending', sensitiveWords: [] });
    expect(JSON.stringify(stored)).not.toContain('10.2.0.');

    // Nothing public until moderated.
    const before = await (await fetch(`${town().url}/articles/${articleId}`, { headers: { 'user-agent': BROWSER } })).text();
    expect(before).toContain('暂无评论');
    const moderate = (id: string, decision: string, confirm?: boolean) =>
      gql<{ xingbin_fenghuang: { readers: { moderateComment: { status: string } } } }>(
        town().url,
        'mutation($id: ID!, $d: ModerationDecision!, $c: Boolean) { xingbin_fenghuang { readers { moderateComment(id: $id, decision: $d, confirmSensitive: $c) { status } } } }',
        { id, d: decision, c: confirm ?? null },
        bearer(tokens.fh_admin!),
      );
    const queue = await gql<{ network: { xingbin_fenghuang: { readers: { commentQueue: { id: string; sensitiveWords: string[] }[] } } } }>(
      town().url,
      '{ network { xingbin_fenghuang { readers { commentQueue { id sensitiveWords } } } } }',
      {},
      bearer(tokens.fh_admin!),
    );
    expect(queue.body.data!.network.xingbin_fenghuang.readers.commentQueue.map((c) => c.id).sort()).toEqual(
      [heldDoc._id, cleanDoc._id].sort(),
    );
    // The held one needs the moderator to confirm the words.
    expect((await moderate(heldDoc._id, 'APPROVE')).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await moderate(heldDoc._id, 'REJECT')).body.data!.xingbin_fenghuang.readers.moderateComment.status).toBe('REJECTED');
    expect((await moderate(cleanDoc._id, 'APPROVE')).body.data!.xingbin_fenghuang.readers.moderateComment.status).toBe('APPROVED');
    expect((await moderate(cleanDoc._id, 'APPROVE')).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const anonymous = await gql(
      town().url,
      `mutation { xingbin_fenghuang { readers { moderateComment(id: "${cleanDoc._id}", decision: REJECT) { status } } } }`,
    );
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const after = await eventually(
      async () => (await fetch(`${town().url}/articles/${articleId}`, { headers: { 'user-agent': BROWSER } })).text(),
      (t) => t.includes('支持！主题党日活动办得好。'),
    );
    expect(after).toContain('凤凰镇村民');
    expect(after).not.toContain('法轮的说法');

    // A message with a contact: public with the node's reply, never the contact.
    const message = await postForm(
      `${town().url}/messages`,
      { subject: '村道路灯', body: '村口路灯坏了很久，请帮忙反映。', nickname: '村民甲', contact: '13511112222' },
      '10.2.0.3',
      { formUrl: `${town().url}/messages/new` },
    );
    expect(message.status).toBe(303);
    const msg = (await town().context.models.Comment.findOne({ kind: 'message' }).lean<CommentDoc>())!;
    const reply = await gql(
      town().url,
      'mutation($id: ID!) { xingbin_fenghuang { readers { replyToMessage(id: $id, reply: "已转镇建设办，本周内修复。") { status reply } } } }',
      { id: msg._id },
      bearer(tokens.fh_admin!),
    );
    expect(reply.body.errors).toBeUndefined();
    const board = await (await fetch(`${town().url}/messages`)).text();
    expect(board).toContain('已转镇建设办，本周内修复。');
    expect(board).toContain('村口路灯坏了很久');
    expect(board).not.toContain('13511112222');
  }, 60_000);

  it('serves the console pages: a topic created by form (with its token), the judges’ page, the moderation queue', async () => {
    const cookie = (token: string) => ({ cookie: `djnet_admin=${encodeURIComponent(token)}` });
    const csrf = (token: string) => createHash('sha256').update(`djnet-console-csrf:${token}`).digest('base64url');
    const form = (token: string, fields: Record<string, string>) => ({
      method: 'POST',
      redirect: 'manual' as const,
      headers: { ...cookie(token), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf(token), ...fields }),
    });
    const topics = await fetch(`${city().url}/admin/readers/topics`, { headers: cookie(tokens.city_admin!) });
    expect(topics.status).toBe(200);
    expect(await topics.text()).toContain('新建专题');
    const fields = {
      slug: 'dangshi-xuexi',
      title: '党史学习教育专题',
      startsAt: '2020-01-01',
      tags: '党史',
      sections: 'renwu|先锋人物||先锋',
    };
    expect((await fetch(`${city().url}/admin/readers/topics`, form(tokens.city_admin!, { ...fields, _csrf: 'forged' }))).status).toBe(403);
    const made = await fetch(`${city().url}/admin/readers/topics`, form(tokens.city_admin!, fields));
    expect(made.status).toBe(303);
    expect(await city().context.models.Topic.findById('dangshi-xuexi').lean()).toMatchObject({
      rule: { tags: ['党史'] },
      sections: [{ slug: 'renwu' }],
    });
    const invalid = await fetch(`${city().url}/admin/readers/topics`, form(tokens.city_admin!, { ...fields, slug: 'Bad' }));
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('aria-invalid="true"');
    // The judge sees the entries with the identity the organiser asked for; an officer may not.
    const judgePage = await fetch(`${city().url}/admin/readers/contests/zhengwen-2026`, { headers: cookie(tokens.judge_qin!) });
    expect(judgePage.status).toBe(200);
    expect(await judgePage.text()).toContain('手机号：13800000001');
    expect((await fetch(`${city().url}/admin/readers/contests/zhengwen-2026`, { headers: cookie(tokens.city_officer!) })).status).toBe(403);
    const queue = await fetch(`${town().url}/admin/readers/comments?status=rejected`, { headers: cookie(tokens.fh_admin!) });
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain('含敏感词，已暂扣');
    expect((await fetch(`${town().url}/admin/readers/comments`, { redirect: 'manual' })).status).toBe(303);
  }, 60_000);

  it('throttles a flood of comments from one address, and not the others', async () => {
    const { doc } = await publish(town(), '凤凰镇党员志愿服务队进村入户');
    const articleId = String(doc._id);
    await eventually(
      async () => catalogOf(town().context).signatureOf(articleId),
      (s) => s !== undefined,
    );
    const url = `${town().url}/articles/${articleId}/comment`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postForm(url, { body: `刷屏评论第 ${i} 条` }, '10.3.0.1')).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429, 429]);
    const refused = await postForm(url, { body: '再来一条' }, '10.3.0.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('提交过于频繁');
    expect((await postForm(url, { body: '另一位读者的评论' }, '10.3.0.2')).status).toBe(303);
    expect(await town().context.models.Comment.countDocuments({ article: articleId })).toBe(6);
    // A challenge is good once: replaying a solved one is refused.
    const token = await challengeOf(url, '10.3.0.3');
    const form = { body: '重放', pow_token: token, pow_work: solveChallenge(token, 14) };
    const post = () =>
      fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.3.0.3' },
        body: new URLSearchParams(form),
      });
    expect((await post()).status).toBe(303);
    const replay = await post();
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('该验证已使用');
    // Without script: the sum's answer works instead of the work.
    const token2 = await challengeOf(url, '10.3.0.4');
    const answer = readersOf(town().context)!.pow.answerOf(token2);
    const bySum = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.3.0.4' },
      body: new URLSearchParams({ body: '不用脚本也能评论', pow_token: token2, pow_sum: answer }),
    });
    expect(bySum.status).toBe(303);
  }, 60_000);

  it('counts page views at a township (robots excluded) and the city sees them in its roll-up', async () => {
    const { doc } = await publish(town(), '凤凰镇召开党建工作推进会');
    const articleId = String(doc._id);
    await eventually(
      async () => catalogOf(town().context).signatureOf(articleId),
      (s) => s !== undefined,
    );
    const view = (ip: string, ua = BROWSER) =>
      fetch(`${town().url}/articles/${articleId}`, { headers: { 'user-agent': ua, 'x-forwarded-for': ip } });
    const visits = readersOf(town().context)!.visits;
    await visits.flush();
    const before = await town()
      .context.models.VisitDay.find({ scope: `article:${articleId}` })
      .lean();
    expect(before).toEqual([]);
    for (const ip of ['10.4.0.1', '10.4.0.1', '10.4.0.2']) expect((await view(ip)).status).toBe(200);
    expect((await view('10.4.0.3', 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)')).status).toBe(
      200,
    );
    expect((await view('10.4.0.4', 'curl/8.5.0')).status).toBe(200);
    await visits.flush();
    const stored = await town()
      .context.models.VisitDay.find({ scope: `article:${articleId}` })
      .lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ pv: 3, uv: 2 });
    expect(JSON.stringify(await town().context.models.VisitDay.find({}).lean())).not.toContain('10.4.0');
    const ownTown = await town().context.models.VisitDay.findOne({ scope: 'node' }).lean();

    const stats = await gql<{
      network: {
        laibin: {
          readers: {
            visitStats: {
              totals: { node: string; pv: number; uv: number; subtreePv: number }[];
              sources: { node: string; stale: boolean }[];
            };
          };
        };
      };
    }>(
      city().url,
      '{ network { laibin { readers { visitStats(scope: NETWORK) { totals { node pv uv subtreePv } sources { node stale } } } } } }',
      {},
      bearer(tokens.city_admin!),
    );
    expect(stats.body.errors).toBeUndefined();
    const { totals, sources } = stats.body.data!.network.laibin.readers.visitStats;
    const townTotal = totals.find((t) => t.node === 'xingbin_fenghuang')!;
    expect(townTotal.pv).toBe(ownTown!.pv);
    expect(townTotal.pv).toBeGreaterThanOrEqual(3);

    expect(totals.find((t) => t.node === 'xingbin')!.subtreePv).toBeGreaterThanOrEqual(townTotal.pv);
    expect(totals.find((t) => t.node === 'laibin')!.subtreePv).toBeGreaterThanOrEqual(townTotal.pv);
    expect(sources.map((s) => s.node).sort()).toEqual(['heshan', 'laibin', 'xingbin', 'xingbin_fenghuang']);
    expect(sources.every((s) => !s.stale)).toBe(true);
    // Staff only; and the township answers its parent only.
    const anonymous = await gql(city().url, '{ network { laibin { readers { visitStats { from } } } } }');
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${town().url}/readers/visits`)).status).toBe(401);
    const fromHeshan = await fetch(`${town().url}/readers/visits`, {
      headers: { authorization: peerAuthorization(node('heshan').context, 'xingbin_fenghuang', VISITS_PURPOSE) },
    });
    expect(fromHeshan.status).toBe(403);

    // A county that cannot be reached: the city still answers, with that county's last answer marked stale.
    const heshan = node('heshan');
    net.nodes.delete('heshan');
    await heshan.stop();
    const withoutHeshan = await gql<{
      network: {
        laibin: { readers: { visitStats: { totals: { node: string; pv: number }[]; sources: { node: string; stale: boolean }[] } } };
      };
    }>(
      city().url,
      '{ network { laibin { readers { visitStats(scope: NETWORK) { totals { node pv } sources { node stale } } } } } }',
      {},
      bearer(tokens.city_admin!),
    );
    expect(withoutHeshan.body.errors).toBeUndefined();
    const after = withoutHeshan.body.data!.network.laibin.readers.visitStats;
    expect(after.sources.find((x) => x.node === 'heshan')).toMatchObject({ stale: true });
    expect(after.sources.find((x) => x.node === 'xingbin_fenghuang')).toMatchObject({ stale: false });
    expect(after.totals.find((t) => t.node === 'xingbin_fenghuang')!.pv).toBeGreaterThanOrEqual(townTotal.pv);

    // The console's statistics page renders the roll-up for the city's admin (session cookie).
    const page = await fetch(`${city().url}/admin/readers/stats?scope=network`, {
      headers: { cookie: `djnet_admin=${encodeURIComponent(tokens.city_admin!)}` },
    });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('凤凰镇党建信息服务站（xingbin_fenghuang）');
  }, 60_000);
});
