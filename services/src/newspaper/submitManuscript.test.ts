import { openSyndicationTestNode, type SyndicationTestNode } from '../../../tests/support/syndicationNode';
import { codeOf } from '../../../tests/support/expectations';
import { globalArticleId } from '../articles/articleIds';
import { createArticle } from '../articles/createArticle';
import { outboxCollectionName } from '../syndication/syndicationModels';
import { submitManuscript } from './submitManuscript';

describe('submitting a manuscript at a township', () => {
  let town: SyndicationTestNode;
  beforeAll(async () => {
    town = await openSyndicationTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' });
    await town.node.models.NewspaperCall.create({
      _id: 'laibin:6b0c8bbb7b788af4114883c2',
      node: 'laibin',
      theme: '喜迎建党节',
      sections: ['党员故事'],
      deadline: '2099-06-30',
      minWords: null,
      maxWords: null,
      issueDates: [],
      body: '',
      issuedAt: new Date(),
      issuedBy: '编辑部',
      receivedAt: new Date(),
    });
  });
  afterAll(async () => town?.close());

  it('keeps a new manuscript with its up event; plain text becomes paragraphs and the words are counted', async () => {
    const writer = town.as('correspondent', '覃通讯员');
    const m = await submitManuscript(writer, {
      title: '凤凰村党员带富记',
      body: '凤凰村党员带头种植砂糖橘。\n\n带动群众增收 <30%>。',
      callId: 'laibin:6b0c8bbb7b788af4114883c2',
      section: '党员故事',
    });
    expect(m).toMatchObject({
      role: 'origin',
      status: 'submitted',
      author: '覃通讯员',
      officer: '覃通讯员',
      createdBy: writer.actor!.accountId,
    });
    expect(m.body).toBe('<p>凤凰村党员带头种植砂糖橘。</p><p>带动群众增收 &lt;30%&gt;。</p>');
    expect(m.wordCount).toBe(12 + 6 + 1);
    await town.syndication.relay.idle();
    const up = await town.connection.collection(outboxCollectionName('up')).find({ kind: 'manuscript' }).toArray();
    expect(up.map((e) => [e.itemId, e.payload.title, e.payload.hops])).toEqual([[m._id, '凤凰村党员带富记', []]]);
  });

  it('takes title, body, author and the link from an article of this node', async () => {
    const writer = town.as('officer', '韦信息员');
    const draft = await createArticle(writer, {
      title: '凤凰镇主题党日',
      channel: 'dangjian',
      body: '<p>凤凰镇开展主题党日。</p>',
      author: '韦信息员',
    });
    const id = globalArticleId('xingbin_fenghuang', draft._id);
    const m = await submitManuscript(writer, { articleId: id });
    expect(m).toMatchObject({
      title: '凤凰镇主题党日',
      author: '韦信息员',
      sourceArticleId: id,
      sourceUrl: `http://127.0.0.1:9/articles/${encodeURIComponent(id)}`,
    });
    // Someone else's unpublished draft is not theirs to submit.
    expect(await codeOf(submitManuscript(town.as('officer'), { articleId: id }))).toBe('NOT_FOUND');
  });

  it('refuses bad input with clear codes', async () => {
    const writer = town.as('officer');
    expect(await codeOf(submitManuscript(writer, { title: '', body: '正文' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(submitManuscript(writer, { title: '标题', body: '<p> </p>' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(submitManuscript(writer, { title: '标题', body: '<p>正文</p><script>alert(1)</script>' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(submitManuscript(writer, { title: '标题', body: '正文', callId: 'laibin:nope' }))).toBe('NOT_FOUND');
    expect(
      await codeOf(
        submitManuscript(writer, { title: '标题', body: '正文', callId: 'laibin:6b0c8bbb7b788af4114883c2', section: '不存在的栏目' }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(await codeOf(submitManuscript(writer, { title: '标题', body: '正文', articleId: 'bad id' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(submitManuscript(town.as('partner'), { title: '标题', body: '正文' }))).toBe('FORBIDDEN');
    expect(await codeOf(submitManuscript(town.as(null), { title: '标题', body: '正文' }))).toBe('UNAUTHENTICATED');
  });
});
