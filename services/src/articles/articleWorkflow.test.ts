import { DomainError } from '@djnet/shared';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { asActor, ensureChannel } from '../../../tests/support/actors';
import type { RequestContext } from '../graphql/requestContext';
import { approveArticle } from './approveArticle';
import { globalArticleId } from './articleIds';
import { clearSensitiveHits } from './clearSensitiveHits';
import { createArticle } from './createArticle';
import { retractArticle } from './retractArticle';
import { returnArticle } from './returnArticle';
import { setReviewLevels } from './reviewLevels';
import { setSensitiveWords } from './sensitiveWordList';
import { startReview } from './startReview';
import { submitArticle } from './submitArticle';
import { syncSensitiveWordsOnce } from './syncSensitiveWords';
import { updateArticle } from './updateArticle';
import { codeOf, refusal } from '../../../tests/support/expectations';

const body = '<p>凤凰镇开展党建引领乡村振兴活动，信息员及时报送。</p>';

/** Every workflow transition, allowed and refused, by role and by node, on real nodes and databases. */
describe('article workflow', () => {
  let net: InProcessNetwork;
  const id = (ctx: RequestContext, a: { _id: unknown }) => globalArticleId(ctx.node.config.code, String(a._id));

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'heshan', name: '合山市党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
    for (const node of net.nodes.values()) await ensureChannel(node, 'dangjian', '党建');
  });
  afterAll(async () => net?.stop());

  describe('on a township station (one review level)', () => {
    const town = () => net.node('xingbin_fenghuang');

    it('an officer writes and reports; an editor reviews and publishes; the audit trail records every step', async () => {
      const officer = asActor(town(), 'officer', { name: '李信息员' });
      const editor = asActor(town(), 'editor', { name: '王编辑' });
      const draft = await createArticle(officer, { title: '凤凰镇党建工作动态', channel: 'dangjian', body, tags: ['党建', '党建'] });
      expect(draft).toMatchObject({ status: 'draft', node: 'xingbin_fenghuang', version: 1, tags: ['党建'], officer: '李信息员' });
      const submitted = await submitArticle(officer, id(officer, draft));
      expect(submitted.status).toBe('submitted');
      const inReview = await startReview(editor, id(editor, draft));
      expect(inReview).toMatchObject({ status: 'in_review', reviewLevel: 1 });
      const published = await approveArticle(editor, id(editor, draft));
      expect(published.status).toBe('published');
      expect(published.publishedAt).toBeInstanceOf(Date);
      expect(published.transitions.map((t) => [t.from, t.to, t.byName])).toEqual([
        [null, 'draft', '李信息员'],
        ['draft', 'submitted', '李信息员'],
        ['submitted', 'in_review', '王编辑'],
        ['in_review', 'published', '王编辑'],
      ]);
    });

    it('refuses transitions out of order with CONFLICT and changes nothing', async () => {
      const officer = asActor(town(), 'officer');
      const editor = asActor(town(), 'editor');
      const draft = await createArticle(officer, { title: '顺序测试', channel: 'dangjian', body });
      const gid = id(officer, draft);
      expect(await codeOf(startReview(editor, gid))).toBe('CONFLICT');
      expect(await codeOf(approveArticle(editor, gid))).toBe('CONFLICT');
      expect(await codeOf(retractArticle(editor, gid, '理由'))).toBe('CONFLICT');
      expect(await codeOf(returnArticle(editor, gid, '理由'))).toBe('CONFLICT');
      const after = await town().context.models.Article.findById(draft._id).lean();
      expect(after).toMatchObject({ status: 'draft', revision: 0 });
    });

    it('refuses by role: officers cannot review, retract or touch others’ drafts; partners cannot write; the public cannot act', async () => {
      const officer = asActor(town(), 'officer');
      const other = asActor(town(), 'officer');
      const editor = asActor(town(), 'editor');
      const draft = await createArticle(officer, { title: '角色测试', channel: 'dangjian', body });
      const gid = id(officer, draft);
      expect(await codeOf(updateArticle(other, gid, { title: '别人改' }))).toBe('NOT_FOUND'); // others' drafts are invisible
      expect(await codeOf(submitArticle(other, gid))).toBe('NOT_FOUND');
      await submitArticle(officer, gid);
      expect(await codeOf(startReview(officer, gid))).toBe('FORBIDDEN');
      expect(await codeOf(updateArticle(officer, gid, { title: '报送后再改' }))).toBe('FORBIDDEN');
      await startReview(editor, gid);
      expect(await codeOf(approveArticle(officer, gid))).toBe('FORBIDDEN');
      await approveArticle(editor, gid);
      expect(await codeOf(retractArticle(officer, gid, '想撤'))).toBe('FORBIDDEN');
      expect(await codeOf(createArticle(asActor(town(), 'partner'), { title: 'x', channel: 'dangjian' }))).toBe('FORBIDDEN');
      expect(await codeOf(createArticle(asActor(town(), null), { title: 'x', channel: 'dangjian' }))).toBe('UNAUTHENTICATED');
    });

    it('a returned item goes back to its author with the reason, is edited and reported again', async () => {
      const officer = asActor(town(), 'officer');
      const editor = asActor(town(), 'editor');
      const draft = await createArticle(officer, { title: '退回测试', channel: 'dangjian', body });
      const gid = id(officer, draft);
      await submitArticle(officer, gid);
      expect(await codeOf(returnArticle(editor, gid, '   '))).toBe('BAD_USER_INPUT');
      const returned = await returnArticle(editor, gid, '请补充具体数据');
      expect(returned).toMatchObject({ status: 'returned', reason: '请补充具体数据' });
      await updateArticle(officer, gid, { body: `${body}<p>共有 120 名党员参加。</p>` });
      const again = await submitArticle(officer, gid);
      expect(again).toMatchObject({ status: 'submitted', reason: null });
      expect(again.transitions.at(-2)).toMatchObject({ from: 'submitted', to: 'returned', reason: '请补充具体数据' });
    });

    it('retracts a published item with a reason, and an edit to a published item makes a new version', async () => {
      const editor = asActor(town(), 'editor', { name: '王编辑' });
      const draft = await createArticle(editor, { title: '版本测试', channel: 'dangjian', body });
      const gid = id(editor, draft);
      await submitArticle(editor, gid);
      await startReview(editor, gid);
      await approveArticle(editor, gid);
      // The correction waits: the live version is unchanged until a reviewer approves it.
      const pending = await updateArticle(editor, gid, { title: '版本测试（修订）' });
      expect(pending).toMatchObject({ status: 'published', version: 1, title: '版本测试' });
      expect(pending.pendingRevision).toMatchObject({ reviewLevel: 1, baseVersion: 1, content: { title: '版本测试（修订）' } });
      const edited = await approveArticle(editor, gid);
      expect(edited).toMatchObject({ status: 'published', version: 2, title: '版本测试（修订）', pendingRevision: null });
      expect(edited.transitions.slice(-2).map((t) => t.reason)).toEqual(['修改稿送审', '修改稿审核通过并发布（第 2 版）']);
      const history = await town()
        .context.models.ArticleVersion.find({ articleId: String(draft._id) })
        .lean();
      expect(history.map((v) => [v.version, v.title])).toEqual([[1, '版本测试']]);
      expect(await codeOf(retractArticle(editor, gid, ''))).toBe('BAD_USER_INPUT');
      const retracted = await retractArticle(editor, gid, '内容有误');
      expect(retracted).toMatchObject({ status: 'retracted', reason: '内容有误' });
    });

    it('a correction of a published item is screened, signed and can be returned; an officer cannot make one', async () => {
      const editor = asActor(town(), 'editor', { name: '王编辑' });
      const officer = asActor(town(), 'officer');
      const draft = await createArticle(officer, { title: '更正测试', channel: 'dangjian', body });
      const gid = id(officer, draft);
      await submitArticle(officer, gid);
      await startReview(editor, gid);
      await approveArticle(editor, gid);
      expect(await codeOf(updateArticle(officer, gid, { title: '信息员改已发布稿' }))).toBe('FORBIDDEN');

      await setSensitiveWords(asActor(net.node('laibin'), 'admin'), ['違禁詞']);
      await syncSensitiveWordsOnce(town().context);
      const pending = await updateArticle(editor, gid, { body: '<p>更正：含违禁词的一句。</p>' });
      expect(pending.pendingRevision!.sensitiveHits.map((h) => [h.word, h.field])).toEqual([['违禁词', 'body']]);
      // The live text never carried the word; approval waits for the hit to be confirmed.
      expect(pending.bodyText).not.toContain('违禁词');
      expect(await codeOf(approveArticle(editor, gid))).toBe('CONFLICT');
      // A second edit before approval merges into the same revision and is screened again.
      const merged = await updateArticle(editor, gid, { title: '更正测试（二）' });
      expect(merged.pendingRevision!.content).toMatchObject({ title: '更正测试（二）', bodyText: '更正：含违禁词的一句。' });
      // Returned: the revision is gone, the live version stays.
      expect(await codeOf(returnArticle(editor, gid, ''))).toBe('BAD_USER_INPUT');
      const returned = await returnArticle(editor, gid, '更正依据不足');
      expect(returned).toMatchObject({ status: 'published', version: 1, title: '更正测试', pendingRevision: null });
      expect(returned.transitions.at(-1)!.reason).toBe('修改稿退回：更正依据不足');

      // Made again, confirmed and approved: the new text goes live as version 2.
      await updateArticle(editor, gid, { body: '<p>更正：含违禁词的一句。</p>' });
      await clearSensitiveHits(editor, gid, '引用原文');
      const live = await approveArticle(editor, gid);
      expect(live).toMatchObject({ version: 2, bodyText: '更正：含违禁词的一句。', pendingRevision: null });
      await setSensitiveWords(asActor(net.node('laibin'), 'admin'), []);
      await syncSensitiveWordsOnce(town().context);
    });

    it('two reviewers acting at once: one wins, the other gets CONFLICT', async () => {
      const officer = asActor(town(), 'officer');
      const draft = await createArticle(officer, { title: '并发测试', channel: 'dangjian', body });
      const gid = id(officer, draft);
      await submitArticle(officer, gid);
      const results = await Promise.allSettled([startReview(asActor(town(), 'editor'), gid), startReview(asActor(town(), 'editor'), gid)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('bad input gets a coded error and changes nothing', () => {
    const town = () => net.node('xingbin_fenghuang');
    it.each([
      ['oversized body', { title: 't', channel: 'dangjian', body: 'x'.repeat(200_001) }, 'body'],
      ['script tag', { title: 't', channel: 'dangjian', body: '<p>hi</p><script>alert(1)</script>' }, 'body'],
      ['event handler', { title: 't', channel: 'dangjian', body: '<img src="http://x/y.png" onerror="alert(1)">' }, 'body'],
      ['unknown channel', { title: 't', channel: 'no-such-channel', body }, 'channel'],
      ['missing title', { channel: 'dangjian', body }, 'title'],
      ['blank title', { title: '   ', channel: 'dangjian', body }, 'title'],
      ['missing channel', { title: 't', body }, 'channel'],
      ['unknown field', { title: 't', channel: 'dangjian', color: 'red' }, undefined],
      ['unknown media', { title: 't', channel: 'dangjian', coverImageId: 'nope' }, 'attachmentIds'],
      ['too many tags', { title: 't', channel: 'dangjian', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    ])('%s', async (_name, input, field) => {
      const officer = asActor(town(), 'officer');
      const before = await town().context.models.Article.countDocuments();
      const err = await createArticle(officer, input).then(
        () => null,
        (e: DomainError) => e,
      );
      expect(err).toBeInstanceOf(DomainError);
      expect(err?.code).toBe('BAD_USER_INPUT');
      if (field) expect(err?.details?.field).toBe(field);
      expect(await town().context.models.Article.countDocuments()).toBe(before);
    });

    it('a wrong id format is BAD_USER_INPUT; another node’s id is NOT_FOUND here', async () => {
      const editor = asActor(town(), 'editor');
      expect(await codeOf(submitArticle(editor, 'not-an-id'))).toBe('BAD_USER_INPUT');
      expect(await codeOf(submitArticle(editor, 'xingbin_fenghuang:123'))).toBe('BAD_USER_INPUT');
      expect(await codeOf(submitArticle(editor, 'xingbin:0123456789abcdef01234567'))).toBe('NOT_FOUND');
    });

    it('harmless markup is kept, unknown tags are stripped, and links get rel=noopener', async () => {
      const officer = asActor(town(), 'officer');
      const a = await createArticle(officer, {
        title: 't',
        channel: 'dangjian',
        body: '<p>学习<strong>党建</strong><font>旧标签</font><a href="https://example.org">链接</a></p>',
      });
      expect(a.body).toBe('<p>学习<strong>党建</strong>旧标签<a href="https://example.org" rel="noopener noreferrer">链接</a></p>');
      expect(a.bodyText).toBe('学习党建旧标签链接');
    });
  });

  describe('by node', () => {
    it('a township editor cannot touch a county’s article; a county admin manages its township’s', async () => {
      const county = net.node('xingbin');
      const town = net.node('xingbin_fenghuang');
      const countyOfficer = asActor(county, 'officer');
      const countyDraft = await createArticle(countyOfficer, { title: '县里的稿件', channel: 'dangjian', body });
      const countyId = id(countyOfficer, countyDraft);
      await submitArticle(countyOfficer, countyId);
      const townEditorAtCounty = asActor(county, 'editor', { home: 'xingbin_fenghuang' });
      expect(await codeOf(startReview(townEditorAtCounty, countyId))).toBe('NOT_FOUND');
      expect(await codeOf(createArticle(townEditorAtCounty, { title: 'x', channel: 'dangjian' }))).toBe('FORBIDDEN');

      const townOfficer = asActor(town, 'officer');
      const townDraft = await createArticle(townOfficer, { title: '镇里的稿件', channel: 'dangjian', body });
      const townId = id(townOfficer, townDraft);
      await submitArticle(townOfficer, townId);
      const countyAdminAtTown = asActor(town, 'admin', { home: 'xingbin' });
      await startReview(countyAdminAtTown, townId);
      expect((await approveArticle(countyAdminAtTown, townId)).status).toBe('published');

      // Another county's admin has no authority over xingbin's township; the city admin has it everywhere.
      expect(await codeOf(createArticle(asActor(town, 'admin', { home: 'heshan' }), { title: 'x', channel: 'dangjian' }))).toBe(
        'FORBIDDEN',
      );
      expect((await createArticle(asActor(town, 'admin', { home: 'laibin' }), { title: '市里代发', channel: 'dangjian' })).status).toBe(
        'draft',
      );
      // A county editor (not admin) has no authority below its own node.
      expect(await codeOf(createArticle(asActor(town, 'editor', { home: 'xingbin' }), { title: 'x', channel: 'dangjian' }))).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe('three review levels and the sensitive-word screen at the city', () => {
    it('each level needs a reviewer of that level; hits block publication until cleared; nodes inherit the list', async () => {
      const city = net.node('laibin');
      const cityAdmin = asActor(city, 'admin');
      expect(await setReviewLevels(cityAdmin, 3)).toBe(3);
      expect(await codeOf(setReviewLevels(cityAdmin, 4))).toBe('BAD_USER_INPUT');
      expect(await setSensitiveWords(cityAdmin, ['赌博', '  ', '赌博', '迷信'])).toEqual(['赌博', '迷信']);
      expect(await codeOf(setSensitiveWords(asActor(net.node('xingbin'), 'admin'), ['x']))).toBe('FORBIDDEN');
      expect(await codeOf(setSensitiveWords(asActor(city, 'officer'), ['x']))).toBe('FORBIDDEN');

      const officer = asActor(city, 'officer');
      const draft = await createArticle(officer, {
        title: '整治封建迷信',
        channel: 'dangjian',
        body: '<p>严厲打擊賭博和封建迷信活動。</p>',
      });
      const gid = id(officer, draft);
      const submitted = await submitArticle(officer, gid);
      expect(submitted.sensitiveHits.map((h) => [h.word, h.field, h.index, h.cleared])).toEqual([
        ['赌博', 'body', 4, false],
        ['迷信', 'body', 9, false],
        ['迷信', 'title', 4, false],
      ]);
      const level1 = asActor(city, 'editor', { reviewLevel: 1 });
      const level3 = asActor(city, 'editor', { reviewLevel: 3 });
      const leader = asActor(city, 'editor', { reviewLevel: 3, name: '终审人' });
      await startReview(level1, gid);
      expect((await approveArticle(level1, gid)).reviewLevel).toBe(2);
      expect(await codeOf(approveArticle(level1, gid))).toBe('FORBIDDEN');
      expect((await approveArticle(level3, gid)).reviewLevel).toBe(3);
      // 三审制: whoever signed level 2 cannot also sign level 3, whatever their own level.
      const twice = await refusal(approveArticle(level3, gid));
      expect([twice.code, twice.details]).toEqual(['FORBIDDEN', { reason: 'SAME_REVIEWER' }]);
      expect(await codeOf(approveArticle(leader, gid))).toBe('CONFLICT'); // hits not cleared
      await clearSensitiveHits(leader, gid, '语境为整治，无问题');
      const published = await approveArticle(leader, gid);
      expect(published.status).toBe('published');
      expect(published.sensitiveHits.every((h) => h.cleared && h.clearedBy === '终审人')).toBe(true);
      expect(published.transitions.filter((t) => t.from === 'in_review' && !t.reason).map((t) => [t.level, t.by])).toEqual([
        [1, level1.actor!.accountId],
        [2, level3.actor!.accountId],
        [3, leader.actor!.accountId],
      ]);
      // A correction of it is signed by three people again; a signer of one level cannot sign the next.
      await updateArticle(level1, gid, { summary: '更正摘要' });
      await approveArticle(level1, gid);
      expect((await refusal(approveArticle(level1, gid))).code).toBe('FORBIDDEN');
      await approveArticle(level3, gid);
      expect((await refusal(approveArticle(level3, gid))).details).toEqual({ reason: 'SAME_REVIEWER' });
      expect(await approveArticle(leader, gid)).toMatchObject({ version: 2, summary: '更正摘要', pendingRevision: null });

      // A township inherits the city's list and screens with it.
      const town = net.node('xingbin_fenghuang');
      expect(await syncSensitiveWordsOnce(town.context)).toBe(true);
      const townOfficer = asActor(town, 'officer');
      const townDraft = await createArticle(townOfficer, { title: '镇里禁赌', channel: 'dangjian', body: '<p>禁止赌博。</p>' });
      const screened = await submitArticle(townOfficer, id(townOfficer, townDraft));
      expect(screened.sensitiveHits.map((h) => h.word)).toEqual(['赌博']);
    });
  });
});
