import { setReviewLevels } from '../articles/reviewLevels';
import { bearer, createAccountDirect, loginToken } from '../../../tests/support/accounts';
import { asActor } from '../../../tests/support/actors';
import { FormClient } from '../../../tests/support/formClient';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { eventually, gql } from '../../../tests/support/testNetwork';
import { gid, publishItem } from '../../../tests/syndication/syndicationFixtures';

interface RevisionView {
  title: string;
  version: number;
  pendingRevision: {
    title: string;
    reviewLevel: number;
    baseVersion: number;
    createdByName: string;
    diff: { field: string; kind: string; text: string }[];
  } | null;
}

/**
 * A correction of a published item at a county with two review levels, as its staff do it: an editor edits through
 * GraphQL; the public keeps the live text; the console's queue says 已发布 · 修改待审 with the diff; two people sign
 * the two levels and the correction goes live. The public never sees the revision, over GraphQL or on the page.
 */
describe('corrections go through review (console and GraphQL)', () => {
  let net: InProcessNetwork;
  const county = () => net.node('xingbin');

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
    ]);
    await createAccountDirect(county(), { username: 'huang', name: '黄编辑', role: 'editor', reviewLevel: 1 });
    await createAccountDirect(county(), { username: 'lijun', name: '李编辑', role: 'editor', reviewLevel: 2 });
    await setReviewLevels(asActor(county(), 'admin'), 2);
  }, 120_000);
  afterAll(async () => net?.stop());

  it('the edit waits as a revision, is shown with its diff, and goes live after both levels', async () => {
    const item = await publishItem(county(), { title: '兴宾区召开党建工作推进会', body: '<p>会议部署了下一阶段的党建工作。</p>' });
    const id = gid(county(), item);
    const read = (headers: Record<string, string> = {}) =>
      gql<{ network: { xingbin: { article: RevisionView } } }>(
        county().url,
        'query($id: ID!) { network { xingbin { article(id: $id) { title version pendingRevision { title reviewLevel baseVersion createdByName diff { field kind text } } } } } }',
        { id },
        headers,
      );

    const huang = await loginToken(county(), 'huang');
    const edit = await gql<{ xingbin: { updateArticle: RevisionView } }>(
      county().url,
      'mutation($id: ID!, $input: ArticleInput!) { xingbin { updateArticle(id: $id, input: $input) { title version pendingRevision { title reviewLevel } } } }',
      { id, input: { title: '兴宾区召开党建工作推进会（更正）', body: '<p>会议部署了今冬明春的党建工作。</p>' } },
      bearer(huang),
    );
    expect(edit.body.errors).toBeUndefined();
    expect(edit.body.data!.xingbin.updateArticle).toEqual({
      title: '兴宾区召开党建工作推进会',
      version: 1,
      pendingRevision: { title: '兴宾区召开党建工作推进会（更正）', reviewLevel: 1 },
    });

    // The public: the live text, no revision.
    const anonymous = await read();
    expect(anonymous.body.data!.network.xingbin.article).toMatchObject({ title: '兴宾区召开党建工作推进会', pendingRevision: null });
    const page = await fetch(`${county().url}/articles/${String(item._id)}`).then((r) => r.text());
    expect(page).toContain('下一阶段');
    expect(page).not.toContain('今冬明春');

    // Staff: the revision and its diff against the live text.
    const staff = (await read(bearer(huang))).body.data!.network.xingbin.article.pendingRevision!;
    expect(staff).toMatchObject({ baseVersion: 1, reviewLevel: 1, createdByName: '黄编辑' });
    expect(staff.diff).toEqual(
      expect.arrayContaining([
        { field: 'title', kind: 'ADDED', text: '（更正）' },
        { field: 'body', kind: 'REMOVED', text: '下一阶段' },
        { field: 'body', kind: 'ADDED', text: '今冬明春' },
      ]),
    );

    // The console: the queue says so, the page shows the diff; level 1, then level 2 publishes the correction.
    const first = new FormClient(county().url);
    await first.login('huang');
    const queue = await first.get('/admin/review');
    expect(queue.text).toContain('已发布 · 修改待审（第 1 级）');
    expect(queue.text).toContain('兴宾区召开党建工作推进会（更正）');
    const detail = await first.get(`/admin/review/${String(item._id)}`);
    expect(detail.text).toContain('修改内容（与现行第 1 版对照）');
    expect(detail.text).toContain('<del>下一阶段</del>');
    expect(detail.text).toContain('<ins>今冬明春</ins>');
    expect(detail.text).toContain('通过第 1 级审核');
    expect((await first.post(`/admin/review/${String(item._id)}/approve`, {})).status).toBe(303);
    // Level 2 needs a level-2 reviewer: the level-1 editor is refused, nothing changes.
    expect((await read(bearer(huang))).body.data!.network.xingbin.article.pendingRevision!.reviewLevel).toBe(2);
    const again = await gql(county().url, 'mutation($id: ID!) { xingbin { approveArticle(id: $id) { version } } }', { id }, bearer(huang));
    expect(again.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const second = new FormClient(county().url);
    await second.login('lijun');
    const last = await second.get(`/admin/review/${String(item._id)}`);
    expect(last.text).toContain('审核通过并发布修改');
    expect((await second.post(`/admin/review/${String(item._id)}/approve`, {})).location).toBe('/admin/review?done=published');

    expect((await read()).body.data!.network.xingbin.article).toMatchObject({
      title: '兴宾区召开党建工作推进会（更正）',
      version: 2,
      pendingRevision: null,
    });
    // Pages are cached for a second (then rendered again): the corrected text shows within that.
    await eventually(
      () => fetch(`${county().url}/articles/${String(item._id)}`).then((r) => r.text()),
      (text) => text.includes('今冬明春'),
    );
    expect((await second.get('/admin/review')).text).not.toContain('兴宾区召开党建工作推进会');
  });

  it('a returned correction leaves the live version; an empty reason is refused by the field', async () => {
    const item = await publishItem(county(), { title: '兴宾区党员志愿服务' });
    const id = gid(county(), item);
    const huang = await loginToken(county(), 'huang');
    await gql(
      county().url,
      'mutation($id: ID!, $input: ArticleInput!) { xingbin { updateArticle(id: $id, input: $input) { version } } }',
      { id, input: { summary: '错误的摘要' } },
      bearer(huang),
    );
    const c = new FormClient(county().url);
    await c.login('lijun');
    const empty = await c.post(`/admin/review/${String(item._id)}/return`, { reason: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写退回理由');
    expect((await c.post(`/admin/review/${String(item._id)}/return`, { reason: '摘要不准确' })).location).toBe(
      '/admin/review?done=returned',
    );
    const after = await gql<{
      network: { xingbin: { article: { summary: string | null; pendingRevision: unknown; transitions: { reason: string | null }[] } } };
    }>(
      county().url,
      'query($id: ID!) { network { xingbin { article(id: $id) { summary pendingRevision { title } transitions { reason } } } } }',
      { id },
      bearer(huang),
    );
    expect(after.body.data!.network.xingbin.article).toMatchObject({ summary: null, pendingRevision: null });
    expect(after.body.data!.network.xingbin.article.transitions.at(-1)!.reason).toBe('修改稿退回：摘要不准确');
  });
});
