import { globalArticleId } from '../../services/src/articles/articleIds';
import { monthOf } from '../../services/src/officers/months';
import { bearer, createAccountDirect, loginToken } from '../support/accounts';
import { asActor } from '../support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually, gql } from '../support/testNetwork';
import { approveArticle } from '../../services/src/articles/approveArticle';
import { createArticle } from '../../services/src/articles/createArticle';
import { startReview } from '../../services/src/articles/startReview';
import { submitArticle } from '../../services/src/articles/submitArticle';
import { syncNetworkRules } from '../../services/src/officers/setOfficerRules';
import { peerAuthorization } from '../../services/src/syndication/peerAuth';
import { articleAt, copiesAt, SHARED_CHANNEL } from '../syndication/syndicationFixtures';

const NODES = [
  { code: 'laibin', name: '来宾市党建网', tier: 'city' as const },
  { code: 'xingbin', name: '兴宾区党建网', tier: 'county' as const, parent: 'laibin' },
  { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
  { code: 'xingbin_sanwu', name: '三五镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
];

type Figures = { submitted: number; published: number; adoptedCounty: number; adoptedCity: number; score: number; quotaMet: boolean };

/**
 * Officers across a real 1 × 1 × 2 network in this process (real databases, HTTP, tokens, syndication). Editors
 * adopt by hand at the county and the city, so each step of an item's way up can be seen in its officer's score.
 */
describe('officers across the network (in-process nodes, real database and HTTP)', () => {
  let net: InProcessNetwork;
  const tokens: Record<string, string> = {};
  let officerId: string;
  let officerAccountId: string;
  const month = monthOf(new Date());
  const node = (code: string) => net.node(code);
  const town = () => node('xingbin_fenghuang');

  beforeAll(async () => {
    net = await startInProcessNetwork(NODES, {
      config: { syndicationPullSeconds: 1 },
    });
    const accounts: [string, string, 'admin' | 'editor' | 'officer'][] = [
      ['laibin', 'city_admin', 'admin'],
      ['xingbin', 'county_admin', 'admin'],
      ['xingbin_fenghuang', 'fh_admin', 'admin'],
      ['xingbin_fenghuang', 'fh_editor', 'editor'],
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
  }, 120_000);
  afterAll(async () => net?.stop());

  const mutate = async <T>(code: string, field: string, token: string, variables: Record<string, unknown> = {}) => {
    const r = await gql<Record<string, T>>(node(code).url, `mutation${field}`, variables, bearer(token));
    return r;
  };

  it('registers officers over GraphQL, shown to the node and the admins above it, never to another township', async () => {
    const created = await mutate<{ createOfficer: { id: string; name: string; history: { change: string }[] } }>(
      'xingbin_fenghuang',
      '($input: OfficerInput!) { xingbin_fenghuang { createOfficer(input: $input) { id name node status history { change unit } } } }',
      tokens.fh_admin!,
      { input: { name: '韦信息员', unit: '凤凰镇党委', accountId: officerAccountId, email: 'wei@example.cn' } },
    );
    expect(created.body.errors).toBeUndefined();
    officerId = created.body.data!.xingbin_fenghuang!.createOfficer.id;
    const other = await mutate(
      'xingbin_sanwu',
      '($input: OfficerInput!) { xingbin_sanwu { createOfficer(input: $input) { id } } }',
      tokens.sw_admin!,
      { input: { name: '覃信息员', unit: '三五镇党委' } },
    );
    expect(other.body.errors).toBeUndefined();

    const list = (code: string, token: string) =>
      gql<{ network: Record<string, { officers: { name: string; unit: string }[] }> }>(
        node(code).url,
        `{ network { ${code} { officers { name unit status } } } }`,
        {},
        bearer(token),
      );
    for (const who of ['fh_admin', 'fh_editor', 'county_admin', 'city_admin']) {
      const r = await list('xingbin_fenghuang', tokens[who]!);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data!.network.xingbin_fenghuang!.officers.map((o) => o.name)).toEqual(['韦信息员']);
    }
    // Another township's admin: its token is not even accepted here; the officer's own account may not list.
    const stranger = await list('xingbin_fenghuang', tokens.sw_admin!);
    expect(stranger.status).toBe(401);
    expect(stranger.body.data?.network?.xingbin_fenghuang?.officers).toBeUndefined();
    const officer = await list('xingbin_fenghuang', tokens.fh_officer!);
    expect(officer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(node('xingbin_fenghuang').url, '{ network { xingbin_fenghuang { officers { name } } } }');
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The officer sees their own record.
    const own = await gql<{ network: { xingbin_fenghuang: { officer: { name: string } } } }>(
      node('xingbin_fenghuang').url,
      'query($id: ID!) { network { xingbin_fenghuang { officer(id: $id) { name history { change } } } } }',
      { id: officerId },
      bearer(tokens.fh_officer!),
    );
    expect(own.body.data!.network.xingbin_fenghuang.officer.name).toBe('韦信息员');
  });

  it('scores follow an item through local publication, county adoption and city adoption', async () => {
    const figures = async () => {
      const r = await gql<{ network: { xingbin_fenghuang: { officer: { figures: Figures } } } }>(
        town().url,
        'query($id: ID!, $m: String!) { network { xingbin_fenghuang { officer(id: $id) { figures(month: $m) { submitted published adoptedCounty adoptedCity score quotaMet } } } } }',
        { id: officerId, m: month },
        bearer(tokens.fh_admin!),
      );
      if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
      return r.body.data!.network.xingbin_fenghuang.officer.figures;
    };
    expect(await figures()).toMatchObject({ submitted: 0, published: 0, score: 0 });

    // The officer (signed in with the linked account) reports; the station's admin publishes.
    const officer = asActor(town(), 'officer', { id: officerAccountId, name: '韦信息员' });
    const admin = asActor(town(), 'admin', { name: '王编辑' });
    const draft = await createArticle(officer, {
      title: '凤凰镇开展“三级三批”党建活动',
      channel: SHARED_CHANNEL,
      body: '<p>凤凰镇开展党建引领乡村振兴活动，信息员及时报送。</p>',
    });
    const draftId = globalArticleId('xingbin_fenghuang', draft._id);
    await submitArticle(officer, draftId);
    await startReview(admin, draftId);
    let item = await approveArticle(admin, draftId);
    while (item.status !== 'published') item = await approveArticle(admin, draftId);
    expect((await articleAt(town(), item._id))!.createdBy).toBe(officerAccountId);
    // Published locally: the publication scores.
    expect(await figures()).toMatchObject({ submitted: 1, published: 1, adoptedCounty: 0, adoptedCity: 0, score: 1 });

    const itemIdAtOrigin = globalArticleId('xingbin_fenghuang', item._id);
    const adoptAt = async (code: string, token: string) => {
      const queued = await eventually(
        () =>
          gql<{ network: Record<string, { adoptionQueue: { id: string; origin: { id: string } }[] }> }>(
            node(code).url,
            `{ network { ${code} { adoptionQueue { id origin { id } } } } }`,
            {},
            bearer(token),
          ),
        (r) => (r.body.data?.network[code]?.adoptionQueue ?? []).some((q) => q.origin.id === itemIdAtOrigin),
      );
      const id = queued.body.data!.network[code]!.adoptionQueue.find((q) => q.origin.id === itemIdAtOrigin)!.id;
      const adopted = await mutate(code, `($id: ID!) { ${code} { adoptItem(id: $id) { id status } } }`, token, { id });
      expect(adopted.body.errors).toBeUndefined();
    };

    // The county's editor adopts it (采用): the report travels back down and the officer scores.
    await adoptAt('xingbin', tokens.county_admin!);
    expect(await eventually(figures, (f) => f.adoptedCounty === 1)).toMatchObject({
      published: 1,
      adoptedCounty: 1,
      adoptedCity: 0,
      score: 1 + 2,
    });
    // Then the city's.
    await adoptAt('laibin', tokens.city_admin!);
    const afterCity = await eventually(figures, (f) => f.adoptedCity === 1);
    expect(afterCity).toMatchObject({ submitted: 1, published: 1, adoptedCounty: 1, adoptedCity: 1, quotaMet: false, score: 1 + 2 + 5 });
    // The copies exist at the county and the city, and score nothing there (items score at their origin).
    expect(await copiesAt(node('xingbin'), itemIdAtOrigin)).toHaveLength(1);
    const cityRanking = await gql<{ network: { laibin: { officerRanking: { officers: { name: string }[] } } } }>(
      node('laibin').url,
      'query($p: String!) { network { laibin { officerRanking(period: $p) { officers { name } } } } }',
      { p: month },
      bearer(tokens.city_admin!),
    );
    expect(cityRanking.body.data!.network.laibin.officerRanking.officers).toEqual([]);
  });

  it('ranks the whole network at the city, rolled up from the nodes below over signed HTTP', async () => {
    const r = await gql<{
      network: {
        laibin: {
          officerRanking: {
            officers: { rank: number; name: string; node: string; figures: { score: number } }[];
            nodes: { key: string; score: number }[];
            sources: { node: string; stale: boolean }[];
            csvUrl: string;
          };
        };
      };
    }>(
      node('laibin').url,
      'query($p: String!) { network { laibin { officerRanking(period: $p, scope: NETWORK) { officers { rank name node figures { score } } nodes { key score } sources { node stale } csvUrl printUrl } } } }',
      { p: month },
      bearer(tokens.city_admin!),
    );
    expect(r.body.errors).toBeUndefined();
    const ranking = r.body.data!.network.laibin.officerRanking;
    expect(ranking.officers.map((o) => [o.rank, o.name, o.node, o.figures.score])).toEqual([
      [1, '韦信息员', 'xingbin_fenghuang', 8],
      [2, '覃信息员', 'xingbin_sanwu', 0],
    ]);
    expect(ranking.nodes.map((n) => n.key)).toEqual(['xingbin_fenghuang', 'xingbin_sanwu']);
    expect(ranking.sources.map((s) => [s.node, s.stale]).sort()).toEqual([
      ['laibin', false],
      ['xingbin', false],
      ['xingbin_fenghuang', false],
      ['xingbin_sanwu', false],
    ]);
    // The node-to-node endpoint answers only the parent's signed request.
    const unsigned = await fetch(`${town().url}/officers/figures?period=${month}`);
    expect(unsigned.status).toBe(401);
    const signedBy = (from: string) =>
      fetch(`${town().url}/officers/figures?period=${month}`, {
        headers: { authorization: peerAuthorization(node(from).context, 'xingbin_fenghuang', 'officers:figures') },
      });
    // A sibling township, even with a valid node signature, is refused; so is the city (not the parent).
    expect((await signedBy('xingbin_sanwu')).status).toBe(403);
    expect((await signedBy('laibin')).status).toBe(403);
    const parent = await signedBy('xingbin');
    expect(parent.status).toBe(200);
    expect(((await parent.json()) as { rows: { name: string }[] }).rows.map((r) => r.name)).toEqual(['韦信息员']);
  });

  it('lists the short officer and reminds them; the officer reads the reminder', async () => {
    const sent = await mutate<{ sendOfficerReminders: { short: number; created: number } }>(
      'xingbin_fenghuang',
      '($m: String!) { xingbin_fenghuang { sendOfficerReminders(month: $m) { short created emailed } } }',
      tokens.fh_admin!,
      { m: month },
    );
    expect(sent.body.data!.xingbin_fenghuang!.sendOfficerReminders).toMatchObject({ short: 1, created: 1 });
    const short = await gql<{
      network: { xingbin_fenghuang: { officersShort: { name: string; submitted: number; short: number; reminded: boolean }[] } };
    }>(
      town().url,
      'query($m: String!) { network { xingbin_fenghuang { officersShort(month: $m) { name submitted short reminded } } } }',
      { m: month },
      bearer(tokens.county_admin!),
    );
    expect(short.body.data!.network.xingbin_fenghuang.officersShort).toEqual([
      { name: '韦信息员', submitted: 1, short: 2, reminded: true },
    ]);
    const inbox = await gql<{ network: { xingbin_fenghuang: { officerMessages: { id: string; title: string; emailStatus: string }[] } } }>(
      town().url,
      '{ network { xingbin_fenghuang { officerMessages { id title body emailStatus readAt } } } }',
      {},
      bearer(tokens.fh_officer!),
    );
    const [message] = inbox.body.data!.network.xingbin_fenghuang.officerMessages;
    expect(message).toMatchObject({ title: expect.stringContaining('还差 2 条'), emailStatus: 'DISABLED' });
    const read = await mutate<{ markOfficerMessageRead: { readAt: string | null } }>(
      'xingbin_fenghuang',
      '($id: ID!) { xingbin_fenghuang { markOfficerMessageRead(id: $id) { readAt } } }',
      tokens.fh_officer!,
      { id: message!.id },
    );
    expect(read.body.data!.xingbin_fenghuang!.markOfficerMessageRead.readAt).not.toBeNull();
  });

  it('serves the rankings as CSV and as a printable circular to staff with a token only', async () => {
    const csv = await fetch(`${town().url}/officers/rankings.csv?period=${month}`, { headers: bearer(tokens.county_admin!) });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for spreadsheet programs
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF名次,姓名,单位')).toBe(true);
    expect(text).toContain('1,韦信息员,凤凰镇党委,xingbin_fenghuang,1,1,1,1,0,100%,3,否,8');
    const units = await (
      await fetch(`${node('laibin').url}/officers/rankings.csv?period=${month}&scope=network&by=nodes`, {
        headers: bearer(tokens.city_admin!),
      })
    ).text();
    expect(units.split('\r\n')[1]).toMatch(/^1,xingbin_fenghuang,xingbin_fenghuang,1,0,1,1,1,1,0,100%,8$/);
    const page = await fetch(`${town().url}/officers/circular.html?period=${month}`, { headers: bearer(tokens.fh_editor!) });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('信息报送情况通报');
    expect(html).toContain('<td>韦信息员</td>');

    expect((await fetch(`${town().url}/officers/rankings.csv?period=${month}`)).status).toBe(401);
    expect((await fetch(`${town().url}/officers/rankings.csv?period=${month}`, { headers: bearer(tokens.fh_officer!) })).status).toBe(403);
    expect((await fetch(`${town().url}/officers/rankings.csv?period=${month}`, { headers: bearer(tokens.sw_admin!) })).status).toBe(401);
    const bad = await fetch(`${town().url}/officers/rankings.csv?period=soon`, { headers: bearer(tokens.fh_admin!) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
    expect(
      (await fetch(`${town().url}/officers/rankings.csv?period=${month}&by=people`, { headers: bearer(tokens.fh_admin!) })).status,
    ).toBe(400);
  });

  it('hands the city’s network rules to the nodes below, which recompute under them', async () => {
    const set = await mutate<{ setOfficerRules: { quota: number; points: { adoptedCity: number } } }>(
      'laibin',
      '{ laibin { setOfficerRules(scope: NETWORK, rules: { quota: 1, points: { adoptedCity: 40 } }) { quota points { adoptedCity } hash } } }',
      tokens.city_admin!,
    );
    expect(set.body.errors).toBeUndefined();
    expect(await syncNetworkRules(town().context)).toBe(true);
    expect(await syncNetworkRules(town().context)).toBe(false);
    const rules = await gql<{ network: { xingbin_fenghuang: { officerRules: { quota: number; points: { adoptedCity: number } } } } }>(
      town().url,
      '{ network { xingbin_fenghuang { officerRules { quota points { adoptedCity } localOverride } } } }',
      {},
      bearer(tokens.fh_admin!),
    );
    expect(rules.body.data!.network.xingbin_fenghuang.officerRules).toMatchObject({ quota: 1, points: { adoptedCity: 40 } });
    const job = await mutate<{ runOfficerJob: { status: string; officers: number } }>(
      'xingbin_fenghuang',
      '($m: String!) { xingbin_fenghuang { runOfficerJob(month: $m) { status officers done } } }',
      tokens.fh_admin!,
      { m: month },
    );
    expect(job.body.data!.xingbin_fenghuang!.runOfficerJob).toMatchObject({ status: 'done', officers: 1 });
    const stored = await town().context.models.OfficerMonth.findById(`${officerId}:${month}`).lean();
    expect(stored!.figures).toMatchObject({ score: 1 + 2 + 40 + 10, quotaMet: true });
  });

  it('moves an officer over GraphQL keeping their history and their items, and answers bad input with coded errors', async () => {
    const moved = await mutate<{
      moveOfficer: { unit: string; history: { change: string; unit: string }[]; units: { unit: string; to: string | null }[] };
    }>(
      'xingbin_fenghuang',
      '($id: ID!) { xingbin_fenghuang { moveOfficer(id: $id, unit: "凤凰镇政府", note: "工作调整") { unit history { change unit note } units { unit to } } } }',
      tokens.county_admin!,
      { id: officerId },
    );
    expect(moved.body.errors).toBeUndefined();
    const officer = moved.body.data!.xingbin_fenghuang!.moveOfficer;
    expect(officer.history.map((h) => [h.change, h.unit])).toEqual([
      ['CREATED', '凤凰镇党委'],
      ['MOVED', '凤凰镇政府'],
    ]);
    expect(officer.units.map((u) => [u.unit, u.to === null])).toEqual([
      ['凤凰镇党委', false],
      ['凤凰镇政府', true],
    ]);
    const figures = await gql<{
      network: { xingbin_fenghuang: { officer: { unit: string; figures: { submitted: number; adoptedCity: number } } } };
    }>(
      town().url,
      'query($id: ID!, $m: String!) { network { xingbin_fenghuang { officer(id: $id) { unit figures(month: $m) { submitted adoptedCity } } } } }',
      { id: officerId, m: month },
      bearer(tokens.fh_admin!),
    );
    expect(figures.body.data!.network.xingbin_fenghuang.officer).toEqual({ unit: '凤凰镇政府', figures: { submitted: 1, adoptedCity: 1 } });

    const code = async (field: string, token: string, variables: Record<string, unknown> = {}) =>
      (await mutate(node('xingbin_fenghuang').config.code, field, token, variables)).body.errors?.[0]?.extensions?.code;
    expect(await code('{ xingbin_fenghuang { setOfficerRules(rules: { quota: -1 }) { quota } } }', tokens.fh_admin!)).toBe(
      'BAD_USER_INPUT',
    );
    expect(await code('{ xingbin_fenghuang { setOfficerRules(rules: { multiLevel: "SOMETIMES" }) { quota } } }', tokens.fh_admin!)).toBe(
      'BAD_USER_INPUT',
    );
    expect(await code('{ xingbin_fenghuang { setOfficerRules(scope: NETWORK, rules: { quota: 2 }) { quota } } }', tokens.fh_admin!)).toBe(
      'FORBIDDEN',
    );
    expect(await code('{ xingbin_fenghuang { runOfficerJob(month: "2026-13") { status } } }', tokens.fh_admin!)).toBe('BAD_USER_INPUT');
    expect(await code('{ xingbin_fenghuang { createOfficer(input: { name: "甲" }) { id } } }', tokens.fh_admin!)).toBe('BAD_USER_INPUT');
    expect(await code('{ xingbin_fenghuang { createOfficer(input: { name: "甲", unit: "乙" }) { id } } }', tokens.fh_editor!)).toBe(
      'FORBIDDEN',
    );
    expect(await code('($id: ID!) { xingbin_fenghuang { moveOfficer(id: $id) { id } } }', tokens.fh_admin!, { id: officerId })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await code('{ xingbin_fenghuang { setOfficerStatus(id: "o_none", status: LEFT) { id } } }', tokens.fh_admin!)).toBe('NOT_FOUND');
    const badPeriod = await gql(
      town().url,
      '{ network { xingbin_fenghuang { officerRanking(period: "last month") { period } } } }',
      {},
      bearer(tokens.fh_admin!),
    );
    expect(badPeriod.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
