import JSZip from 'jszip';
import { approveArticle } from '../../services/src/articles/approveArticle';
import { globalArticleId } from '../../services/src/articles/articleIds';
import { createArticle } from '../../services/src/articles/createArticle';
import { startReview } from '../../services/src/articles/startReview';
import { submitArticle } from '../../services/src/articles/submitArticle';
import { storeMedia } from '../../services/src/media/storeMedia';
import { chinaDay } from '../../services/src/newspaper/newspaperAccess';
import { monthOf } from '../../services/src/officers/months';
import { bearer, createAccountDirect, loginToken } from '../support/accounts';
import { asActor } from '../support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually, gql } from '../support/testNetwork';
import { SHARED_CHANNEL } from '../syndication/syndicationFixtures';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const NODES = [
  { code: 'laibin', name: '来宾市党建网', tier: 'city' as const },
  { code: 'xingbin', name: '兴宾区党建网', tier: 'county' as const, parent: 'laibin' },
  { code: 'xiangzhou', name: '象州县党建网', tier: 'county' as const, parent: 'laibin' },
  { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
  { code: 'xingbin_sanwu', name: '三五镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
];

interface Manuscript {
  id: string;
  title: string;
  status: string;
  reason: string | null;
  originNode: string;
  wordCount: number;
  hops: { node: string }[];
  sourceArticleId: string | null;
  images: { url: string }[];
  placement: { number: number; page: number; slotId: string } | null;
  printedAt: string | null;
  duplicates: { kind: string; id: string }[];
}
const MANUSCRIPT_FIELDS =
  'id title status reason originNode wordCount hops { node } sourceArticleId images { url } placement { number page slotId } printedAt duplicates { kind id }';

type Gql = Awaited<ReturnType<typeof gql>>;
const errorCode = (r: Gql) => r.body.errors?.[0]?.extensions?.code;

/**
 * The newspaper desk across a real network in this process (1 city, 2 counties, 2 townships; real databases, HTTP,
 * tokens and syndication): calls go down, manuscripts come up through the county, the desk plans and prints an
 * issue, the officer scores at the origin, subscriptions roll up.
 */
describe('newspaper desk across the network (in-process nodes, real database and HTTP)', () => {
  let net: InProcessNetwork;
  const tokens: Record<string, string> = {};
  let officerAccountId: string;
  let officerId: string;
  let callId: string;
  let firstId: string;
  const year = Number(chinaDay(new Date()).slice(0, 4));
  const node = (code: string) => net.node(code);
  const town = () => node('xingbin_fenghuang');

  beforeAll(async () => {
    net = await startInProcessNetwork(NODES, { config: { syndicationPullSeconds: 1 } });
    const accounts: [string, string, 'admin' | 'editor' | 'officer' | 'correspondent'][] = [
      ['laibin', 'desk_editor', 'editor'],
      ['laibin', 'city_correspondent', 'correspondent'],
      ['xingbin', 'county_admin', 'admin'],
      ['xingbin', 'county_editor', 'editor'],
      ['xiangzhou', 'xz_admin', 'admin'],
      ['xingbin_fenghuang', 'fh_admin', 'admin'],
      ['xingbin_fenghuang', 'fh_officer', 'officer'],
      ['xingbin_sanwu', 'sw_admin', 'admin'],
    ];
    for (const [code, username, role] of accounts) {
      const account = await createAccountDirect(node(code), {
        username,
        name: username === 'fh_officer' ? '韦信息员' : username,
        role,
        reviewLevel: 3,
      });
      if (username === 'fh_officer') officerAccountId = account._id;
      tokens[username] = await loginToken(node(code), username);
    }
    const created = await gql<{ xingbin_fenghuang: { createOfficer: { id: string } } }>(
      town().url,
      'mutation($input: OfficerInput!) { xingbin_fenghuang { createOfficer(input: $input) { id } } }',
      { input: { name: '韦信息员', unit: '凤凰镇党委', accountId: officerAccountId } },
      bearer(tokens.fh_admin!),
    );
    expect(created.body.errors).toBeUndefined();
    officerId = created.body.data!.xingbin_fenghuang.createOfficer.id;
  }, 180_000);
  afterAll(async () => net?.stop());

  const query = <T>(code: string, fields: string, token: string, variables: Record<string, unknown> = {}, args = '') =>
    gql<{ network: Record<string, { newspaper: T }> }>(
      node(code).url,
      `query${args} { network { ${code} { newspaper { ${fields} } } } }`,
      variables,
      bearer(token),
    );
  const mutate = <T>(code: string, field: string, token: string, variables: Record<string, unknown> = {}, args = '') =>
    gql<Record<string, { newspaper: T }>>(
      node(code).url,
      `mutation${args} { ${code} { newspaper { ${field} } } }`,
      variables,
      bearer(token),
    );
  const ok = <T>(r: { body: { data?: T; errors?: unknown[] } }): T => {
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    return r.body.data!;
  };
  const deskQueue = async () =>
    ok(await query<{ manuscripts: Manuscript[] }>('laibin', `manuscripts { ${MANUSCRIPT_FIELDS} }`, tokens.desk_editor!)).network.laibin!
      .newspaper.manuscripts;
  const atOrigin = async (id: string) =>
    ok(
      await query<{ myManuscripts: Manuscript[] }>('xingbin_fenghuang', `myManuscripts { ${MANUSCRIPT_FIELDS} }`, tokens.fh_officer!),
    ).network.xingbin_fenghuang!.newspaper.myManuscripts.find((m) => m.id === id);

  it('a call made at the city reaches the townships through their county', async () => {
    const deadline = chinaDay(new Date(Date.now() + 20 * 86_400_000));
    const r = await mutate<{ publishCall: { id: string; open: boolean } }>(
      'laibin',
      'publishCall(input: $input) { id open sections }',
      tokens.desk_editor!,
      {
        input: {
          theme: '喜迎建党节·基层党建新气象',
          sections: ['支部风采', '党员故事'],
          deadline,
          minWords: 300,
          maxWords: 1500,
          body: '<p>欢迎投稿</p>',
        },
      },
      '($input: NewspaperCallInput!)',
    );
    const call = ok(r).laibin!.newspaper.publishCall;
    expect(call.open).toBe(true);
    callId = call.id;
    const seen = await eventually(
      () =>
        query<{ calls: { id: string; theme: string; deadline: string; sections: string[] }[] }>(
          'xingbin_fenghuang',
          'calls(openOnly: true) { id theme deadline sections }',
          tokens.fh_officer!,
        ),
      (x) => (x.body.data?.network.xingbin_fenghuang?.newspaper.calls ?? []).some((c) => c.id === callId),
    );
    expect(seen.body.data!.network.xingbin_fenghuang!.newspaper.calls.find((c) => c.id === callId)).toEqual({
      id: callId,
      theme: '喜迎建党节·基层党建新气象',
      deadline,
      sections: ['支部风采', '党员故事'],
    });
    // And the other county's side has it too; bad input and other tiers are refused with clear codes.
    await eventually(
      () => query<{ calls: { id: string }[] }>('xiangzhou', 'calls { id }', tokens.xz_admin!),
      (x) => (x.body.data?.network.xiangzhou?.newspaper.calls ?? []).some((c) => c.id === callId),
    );
    const badDate = await mutate(
      'laibin',
      'publishCall(input: $input) { id }',
      tokens.desk_editor!,
      { input: { theme: '主题', deadline: '2026-02-30' } },
      '($input: NewspaperCallInput!)',
    );
    expect(errorCode(badDate)).toBe('BAD_USER_INPUT');
    const notDesk = await mutate(
      'xingbin',
      'publishCall(input: $input) { id }',
      tokens.county_admin!,
      { input: { theme: '主题', deadline } },
      '($input: NewspaperCallInput!)',
    );
    expect(errorCode(notDesk)).toBe('FORBIDDEN');
    const anonymous = await gql(town().url, '{ network { xingbin_fenghuang { newspaper { calls { id } } } } }');
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('a township officer’s manuscript from an article is screened by the county, placed, printed, scores and shows as used at the origin', async () => {
    // The county screens its townships' manuscripts first (by its policy).
    ok(await mutate('xingbin', 'setPolicy(screenManuscripts: true) { screenManuscripts }', tokens.county_admin!));
    // The officer's article, published at the station.
    const officer = asActor(town(), 'officer', { id: officerAccountId, name: '韦信息员' });
    const admin = asActor(town(), 'admin', { name: '王编辑' });
    const cover = await storeMedia(officer, { bytes: PNG, contentType: 'image/png', filename: 'cover.png', alt: '主题党日现场' });
    const draft = await createArticle(officer, {
      title: '凤凰镇“三级三批”党建工作见成效',
      channel: SHARED_CHANNEL,
      coverImageId: cover.doc._id,
      body: '<p>凤凰镇坚持党建引领，三级三批培训信息员。</p><p>全镇各支部开展主题党日活动，群众反响良好。</p>',
    });
    const articleId = globalArticleId('xingbin_fenghuang', draft._id);
    await submitArticle(officer, articleId);
    await startReview(admin, articleId);
    let item = await approveArticle(admin, articleId);
    while (item.status !== 'published') item = await approveArticle(admin, articleId);

    const submitted = await mutate<{ submitManuscript: Manuscript }>(
      'xingbin_fenghuang',
      `submitManuscript(input: $input) { ${MANUSCRIPT_FIELDS} }`,
      tokens.fh_officer!,
      { input: { articleId, callId, section: '支部风采' } },
      '($input: ManuscriptInput!)',
    );
    const first = ok(submitted).xingbin_fenghuang!.newspaper.submitManuscript;
    firstId = first.id;
    expect(first).toMatchObject({
      status: 'SUBMITTED',
      originNode: 'xingbin_fenghuang',
      sourceArticleId: articleId,
      title: '凤凰镇“三级三批”党建工作见成效',
    });
    expect(first.wordCount).toBeGreaterThan(30);
    // The article's picture goes with it, by URL at the origin.
    expect(first.images).toEqual([{ url: `${town().url}/media/${cover.doc._id}` }]);

    // Held at the county for its editor; not at the desk yet.
    const screening = await eventually(
      () =>
        query<{ manuscripts: Manuscript[] }>(
          'xingbin',
          `manuscripts(status: SCREENING) { ${MANUSCRIPT_FIELDS} }`,
          tokens.county_editor!,
          {},
        ),
      (x) => (x.body.data?.network.xingbin?.newspaper.manuscripts ?? []).some((m) => m.id === firstId),
    );
    expect(screening.body.data!.network.xingbin!.newspaper.manuscripts.find((m) => m.id === firstId)!.status).toBe('SCREENING');
    expect((await deskQueue()).some((m) => m.id === firstId)).toBe(false);
    // A township admin cannot screen at the county (its token is not accepted there).
    const stranger = await mutate('xingbin', 'forwardManuscript(id: $id) { id }', tokens.fh_admin!, { id: firstId }, '($id: ID!)');
    expect(stranger.status).toBe(401);
    ok(await mutate('xingbin', 'forwardManuscript(id: $id) { status }', tokens.county_editor!, { id: firstId }, '($id: ID!)'));

    // At the desk: one queue entry with origin, word count and the county as its hop.
    const queued = await eventually(deskQueue, (q) => q.some((m) => m.id === firstId));
    expect(queued.find((m) => m.id === firstId)).toMatchObject({
      status: 'RECEIVED',
      originNode: 'xingbin_fenghuang',
      hops: [{ node: 'xingbin' }],
      wordCount: first.wordCount,
      images: first.images,
      duplicates: [],
    });

    // Shortlist, plan an issue, place it, print it.
    ok(await mutate('laibin', 'shortlistManuscript(id: $id) { status }', tokens.desk_editor!, { id: firstId }, '($id: ID!)'));
    const issueDate = chinaDay(new Date(Date.now() + 7 * 86_400_000));
    const planned = await mutate<{ planIssue: { id: string; pages: { slots: { id: string }[] }[] } }>(
      'laibin',
      'planIssue(input: $input) { id number status pages { number name slots { id section } } }',
      tokens.desk_editor!,
      {
        input: {
          number: 101,
          date: issueDate,
          pages: [
            { number: 1, name: '要闻', slots: [{ section: '头条', maxWords: 2000 }, { section: '简讯' }] },
            { number: 2, name: '基层党建', slots: [{ section: '支部风采' }] },
          ],
        },
      },
      '($input: IssueInput!)',
    );
    const issue = ok(planned).laibin!.newspaper.planIssue;
    expect(issue.pages.map((p) => p.slots.map((s) => s.id))).toEqual([['1-1', '1-2'], ['2-1']]);
    const missingSlot = await mutate(
      'laibin',
      'placeManuscript(id: $id, issueId: $issue, slotId: "9-9") { id }',
      tokens.desk_editor!,
      { id: firstId, issue: issue.id },
      '($id: ID!, $issue: ID!)',
    );
    expect(errorCode(missingSlot)).toBe('NOT_FOUND');
    ok(
      await mutate(
        'laibin',
        'placeManuscript(id: $id, issueId: $issue, slotId: "2-1") { status }',
        tokens.desk_editor!,
        { id: firstId, issue: issue.id },
        '($id: ID!, $issue: ID!)',
      ),
    );
    expect(
      await eventually(
        () => atOrigin(firstId),
        (m) => m?.status === 'PLACED',
      ),
    ).toMatchObject({ placement: { number: 101, page: 2, slotId: '2-1' } });

    const printed = await mutate<{ printIssue: { status: string; contents: { title: string; origin: string }[] } }>(
      'laibin',
      'printIssue(id: $id) { status contents { title origin section } }',
      tokens.desk_editor!,
      { id: issue.id },
      '($id: ID!)',
    );
    expect(ok(printed).laibin!.newspaper.printIssue).toMatchObject({
      status: 'PRINTED',
      contents: [{ title: '凤凰镇“三级三批”党建工作见成效', origin: '凤凰镇党建信息服务站' }],
    });
    // Shown as used (见报) at the origin and at the county on the way.
    const used = await eventually(
      () => atOrigin(firstId),
      (m) => m?.status === 'PRINTED',
    );
    expect(used!.printedAt).not.toBeNull();
    expect(used!.placement).toMatchObject({ number: 101 });
    const atCounty = await node('xingbin').context.models.Manuscript.findById(firstId).lean();
    expect(atCounty!.status).toBe('printed');

    // The printed manuscript scores its officer by the network's rules (points.newspaper, 5 by default).
    const figures = await gql<{
      network: { xingbin_fenghuang: { officer: { figures: { newspaper: number; published: number; score: number } } } };
    }>(
      town().url,
      'query($id: ID!, $m: String!) { network { xingbin_fenghuang { officer(id: $id) { figures(month: $m) { newspaper published score } } } } }',
      { id: officerId, m: monthOf(new Date()) },
      bearer(tokens.fh_admin!),
    );
    expect(ok(figures).network.xingbin_fenghuang.officer.figures).toEqual({ newspaper: 1, published: 1, score: 1 + 5 });
    // The station overrides the newspaper points for itself (local rules over the network's): the month is rescored.
    const rules = await gql(
      town().url,
      'mutation { xingbin_fenghuang { setOfficerRules(rules: { points: { newspaper: 8 } }) { points { newspaper } } } }',
      {},
      bearer(tokens.fh_admin!),
    );
    expect(rules.body.errors).toBeUndefined();
    const rescored = await gql<{ network: { xingbin_fenghuang: { officer: { figures: { newspaper: number; score: number } } } } }>(
      town().url,
      'query($id: ID!, $m: String!) { network { xingbin_fenghuang { officer(id: $id) { figures(month: $m) { newspaper score } } } } }',
      { id: officerId, m: monthOf(new Date()) },
      bearer(tokens.fh_admin!),
    );
    expect(ok(rescored).network.xingbin_fenghuang.officer.figures).toEqual({ newspaper: 1, score: 1 + 8 });
  });

  it('a county screening declines a manuscript with a reason, which reaches the origin; the desk never sees it', async () => {
    ok(await mutate('xingbin', 'setPolicy(screenManuscripts: true) { screenManuscripts }', tokens.county_admin!));
    const sent = await mutate<{ submitManuscript: Manuscript }>(
      'xingbin_sanwu',
      'submitManuscript(input: $input) { id }',
      tokens.sw_admin!,
      { input: { title: '三五镇工作简报', body: '三五镇本月工作简报，内容较为笼统。', author: '三五镇党委' } },
      '($input: ManuscriptInput!)',
    );
    const id = ok(sent).xingbin_sanwu!.newspaper.submitManuscript.id;
    await eventually(
      async () => node('xingbin').context.models.Manuscript.findById(id).lean(),
      (m) => m?.status === 'screening',
    );
    const notHere = await mutate('xingbin_sanwu', 'declineManuscript(id: $id, reason: "x") { id }', tokens.sw_admin!, { id }, '($id: ID!)');
    expect(errorCode(notHere)).toBe('FORBIDDEN');
    ok(
      await mutate(
        'xingbin',
        'declineManuscript(id: $id, reason: "内容笼统，缺少具体事例") { status }',
        tokens.county_editor!,
        { id },
        '($id: ID!)',
      ),
    );
    const declined = await eventually(
      () =>
        query<{ manuscript: Manuscript }>(
          'xingbin_sanwu',
          `manuscript(id: $id) { ${MANUSCRIPT_FIELDS} }`,
          tokens.sw_admin!,
          { id },
          '($id: ID!)',
        ),
      (x) => x.body.data?.network.xingbin_sanwu?.newspaper.manuscript.status === 'DECLINED',
    );
    expect(declined.body.data!.network.xingbin_sanwu!.newspaper.manuscript.reason).toBe('内容笼统，缺少具体事例');
    const forwardDeclined = await mutate('xingbin', 'forwardManuscript(id: $id) { id }', tokens.county_editor!, { id }, '($id: ID!)');
    expect(errorCode(forwardDeclined)).toBe('CONFLICT');
    expect((await deskQueue()).some((m) => m.id === id)).toBe(false);
    ok(await mutate('xingbin', 'setPolicy(screenManuscripts: false) { screenManuscripts }', tokens.county_admin!));
  });

  it('the export is a real DOCX that opens, with the contents list; without a desk token it is refused', async () => {
    const url = `${node('laibin').url}/newspaper/issues/issue-101/export.docx`;
    const response = await fetch(url, { headers: bearer(tokens.desk_editor!) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join('');
    expect(text).toContain('《桂中日报·村党员版》');
    expect(text).toContain('第 101 期');
    expect(text).toContain('目录');
    expect(text).toContain('凤凰镇坚持党建引领，三级三批培训信息员。');
    const contents = await fetch(`${node('laibin').url}/newspaper/issues/issue-101/contents.csv`, { headers: bearer(tokens.desk_editor!) });
    expect(await contents.text()).toContain('2,基层党建,2-1,支部风采,凤凰镇“三级三批”党建工作见成效,韦信息员,凤凰镇党建信息服务站');
    expect((await fetch(url)).status).toBe(401);
    // Another node's account is not accepted at the city; a correspondent of the city is, but is not the desk.
    expect((await fetch(url, { headers: bearer(tokens.county_admin!) })).status).toBe(401);
    expect((await fetch(url, { headers: bearer(tokens.city_correspondent!) })).status).toBe(403);
    expect(
      (await fetch(`${node('laibin').url}/newspaper/issues/issue-999/export.docx`, { headers: bearer(tokens.desk_editor!) })).status,
    ).toBe(404);
  });

  it('flags a duplicate submission: the same text already printed, and the same text submitted twice', async () => {
    ok(await mutate('xingbin', 'setPolicy(screenManuscripts: false) { screenManuscripts }', tokens.county_admin!));
    // Retyped in traditional characters with other punctuation, as plain text, by the station's admin.
    const again = await mutate<{ submitManuscript: Manuscript }>(
      'xingbin_fenghuang',
      'submitManuscript(input: $input) { id status }',
      tokens.fh_admin!,
      {
        input: {
          title: '鳳凰鎮“三級三批”黨建工作見成效',
          body: '鳳凰鎮堅持黨建引領, 三級三批培訓信息員.\n\n全鎮各支部開展主題黨日活動, 群眾反響良好.',
          author: '韦信息员',
        },
      },
      '($input: ManuscriptInput!)',
    );
    const againId = ok(again).xingbin_fenghuang!.newspaper.submitManuscript.id;
    // The same new text submitted twice at the city (it goes straight to the desk's queue).
    const input = { title: '来宾市开展党员冬训', body: '全市各级党组织开展党员冬训，学习贯彻会议精神。', author: '市委组织部' };
    const twice: string[] = [];
    for (let i = 0; i < 2; i++) {
      twice.push(
        ok(
          await mutate<{ submitManuscript: Manuscript }>(
            'laibin',
            'submitManuscript(input: $input) { id }',
            tokens.desk_editor!,
            { input },
            '($input: ManuscriptInput!)',
          ),
        ).laibin!.newspaper.submitManuscript.id,
      );
    }
    const queue = await eventually(deskQueue, (q) => q.some((m) => m.id === againId));
    expect(queue.find((m) => m.id === againId)!.duplicates).toEqual([{ kind: 'PRINTED', id: firstId }]);
    expect(queue.find((m) => m.id === firstId)!.duplicates).toEqual([{ kind: 'SUBMITTED', id: againId }]);
    expect(queue.find((m) => m.id === twice[0])!.duplicates).toEqual([{ kind: 'SUBMITTED', id: twice[1] }]);
    expect(queue.find((m) => m.id === twice[1])!.duplicates).toEqual([{ kind: 'SUBMITTED', id: twice[0] }]);

    // The desk declines the duplicate with a reason, which reaches the origin; a decline needs a reason.
    const noReason = await mutate(
      'laibin',
      'declineManuscript(id: $id, reason: " ") { id }',
      tokens.desk_editor!,
      { id: againId },
      '($id: ID!)',
    );
    expect(errorCode(noReason)).toBe('BAD_USER_INPUT');
    ok(
      await mutate(
        'laibin',
        'declineManuscript(id: $id, reason: "与已见报稿件重复") { status }',
        tokens.desk_editor!,
        { id: againId },
        '($id: ID!)',
      ),
    );
    const declined = await eventually(
      async () => (await node('xingbin_fenghuang').context.models.Manuscript.findById(againId).lean())!,
      (m) => m.status === 'declined',
    );
    expect(declined.reason).toBe('与已见报稿件重复');
    const printedAgain = await mutate('laibin', 'shortlistManuscript(id: $id) { id }', tokens.desk_editor!, { id: firstId }, '($id: ID!)');
    expect(errorCode(printedAgain)).toBe('CONFLICT');
    const empty = await mutate(
      'xingbin_fenghuang',
      'submitManuscript(input: $input) { id }',
      tokens.fh_officer!,
      { input: { title: '空稿', body: '  ' } },
      '($input: ManuscriptInput!)',
    );
    expect(errorCode(empty)).toBe('BAD_USER_INPUT');
  });

  it('subscription reports roll up to correct completion rates, with a ranking, reminders below target and CSV', async () => {
    const deadline = chinaDay(new Date(Date.now() + 5 * 86_400_000));
    const quotas = [
      { node: 'xingbin', quota: 100 },
      { node: 'xiangzhou', quota: 50 },
      { node: 'xingbin_fenghuang', quota: 40 },
      { node: 'xingbin_sanwu', quota: 30 },
    ];
    const unknown = await mutate(
      'laibin',
      'setSubscriptionQuotas(input: $input) { year }',
      tokens.desk_editor!,
      { input: { year, deadline, quotas: [{ node: 'nowhere', quota: 1 }] } },
      '($input: SubscriptionQuotasInput!)',
    );
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    ok(
      await mutate(
        'laibin',
        'setSubscriptionQuotas(input: $input) { revision }',
        tokens.desk_editor!,
        { input: { year, deadline, remindDays: 10, quotas } },
        '($input: SubscriptionQuotasInput!)',
      ),
    );
    // The quota table reaches the townships.
    const held = await eventually(
      () =>
        query<{ quotas: { quotas: { node: string; quota: number }[] } | null }>(
          'xingbin_fenghuang',
          'quotas(year: $y) { quotas { node quota } }',
          tokens.fh_admin!,
          { y: year },
          '($y: Int!)',
        ),
      (x) => !!x.body.data?.network.xingbin_fenghuang?.newspaper.quotas,
    );
    expect(held.body.data!.network.xingbin_fenghuang!.newspaper.quotas!.quotas).toContainEqual({ node: 'xingbin_fenghuang', quota: 40 });

    const report = (code: string, token: string, units: { unit: string; count: number }[]) =>
      mutate<{ reportSubscriptions: { total: number; revision: number } }>(
        code,
        'reportSubscriptions(year: $y, units: $units) { total revision }',
        token,
        { y: year, units },
        '($y: Int!, $units: [SubscriptionUnitInput!]!)',
      );
    const negative = await report('xingbin_sanwu', tokens.sw_admin!, [{ unit: '三五镇党委', count: -1 }]);
    expect(errorCode(negative)).toBe('BAD_USER_INPUT');
    expect(
      ok(await report('xingbin_fenghuang', tokens.fh_admin!, [{ unit: '凤凰镇党委', count: 10 }])).xingbin_fenghuang!.newspaper
        .reportSubscriptions.revision,
    ).toBe(1);
    // A new report replaces the previous one.
    const second = ok(
      await report('xingbin_fenghuang', tokens.fh_admin!, [
        { unit: '凤凰镇党委', count: 20 },
        { unit: '凤凰村党支部', count: 10 },
      ]),
    );
    expect(second.xingbin_fenghuang!.newspaper.reportSubscriptions).toEqual({ total: 30, revision: 2 });
    ok(await report('xingbin_sanwu', tokens.sw_admin!, [{ unit: '三五镇党委', count: 30 }]));
    ok(await report('xingbin', tokens.county_admin!, [{ unit: '兴宾区委组织部', count: 20 }]));
    ok(await report('xiangzhou', tokens.xz_admin!, [{ unit: '象州县委组织部', count: 60 }]));

    type Rollup = {
      counties: { node: string; subscribed: number; rate: number; rank: number }[];
      townships: { node: string; subscribed: number; rate: number; rank: number }[];
      total: { quota: number; subscribed: number; rate: number };
      csvUrl: string;
    };
    const rollup = await eventually(
      () =>
        query<{ distribution: Rollup }>(
          'laibin',
          'distribution(year: $y) { counties { node subscribed rate rank } townships { node subscribed rate rank } total { quota subscribed rate } csvUrl }',
          tokens.desk_editor!,
          { y: year },
          '($y: Int!)',
        ),
      (x) => x.body.data?.network.laibin?.newspaper.distribution.total.subscribed === 140,
    );
    const d = rollup.body.data!.network.laibin!.newspaper.distribution;
    expect(d.counties).toEqual([
      { node: 'xiangzhou', subscribed: 60, rate: 1.2, rank: 1 },
      { node: 'xingbin', subscribed: 80, rate: 0.8, rank: 2 },
    ]);
    expect(d.townships).toEqual([
      { node: 'xingbin_sanwu', subscribed: 30, rate: 1, rank: 1 },
      { node: 'xingbin_fenghuang', subscribed: 30, rate: 0.75, rank: 2 },
    ]);
    expect(d.total).toEqual({ quota: 150, subscribed: 140, rate: 0.9333 });
    const csv = await (await fetch(d.csvUrl, { headers: bearer(tokens.desk_editor!) })).text();
    expect(csv).toContain('县区,2,xingbin,兴宾区党建网,laibin,100,80,80.0%');
    expect(csv).toContain('合计,,,,,150,140,93.3%');

    // The deadline is 5 days away, within the 10 days: the nodes below target are reminded, once each.
    const sent = await mutate<{ sendSubscriptionReminders: number }>(
      'laibin',
      'sendSubscriptionReminders(year: $y)',
      tokens.desk_editor!,
      { y: year },
      '($y: Int!)',
    );
    expect(ok(sent).laibin!.newspaper.sendSubscriptionReminders).toBe(2);
    const again = await mutate<{ sendSubscriptionReminders: number }>(
      'laibin',
      'sendSubscriptionReminders(year: $y)',
      tokens.desk_editor!,
      { y: year },
      '($y: Int!)',
    );
    expect(ok(again).laibin!.newspaper.sendSubscriptionReminders).toBe(0);
    const reminded = await eventually(
      () =>
        query<{ reminders: { year: number; quota: number; subscribed: number; title: string }[] }>(
          'xingbin_fenghuang',
          'reminders { year quota subscribed title }',
          tokens.fh_admin!,
        ),
      (x) => (x.body.data?.network.xingbin_fenghuang?.newspaper.reminders ?? []).length > 0,
    );
    expect(reminded.body.data!.network.xingbin_fenghuang!.newspaper.reminders).toEqual([
      { year, quota: 40, subscribed: 30, title: '《桂中日报·村党员版》征订催办：还差 10 份' },
    ]);
    await eventually(
      () => query<{ reminders: { year: number }[] }>('xingbin', 'reminders { year }', tokens.county_admin!),
      (x) => (x.body.data?.network.xingbin?.newspaper.reminders ?? []).length === 1,
    );
    // Nodes at or above target get none.
    const sanwu = await query<{ reminders: unknown[] }>('xingbin_sanwu', 'reminders { year }', tokens.sw_admin!);
    expect(ok(sanwu).network.xingbin_sanwu!.newspaper.reminders).toEqual([]);
  });
});
