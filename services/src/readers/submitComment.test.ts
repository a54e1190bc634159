import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { codeOf } from '../../../tests/support/expectations';
import { submitComment } from './submitComment';

describe('submitComment', () => {
  let t: ContentTestNode;
  beforeAll(async () => {
    t = await openContentTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' });
    await t.node.models.NodeSettings.create({
      _id: 'settings',
      reviewLevels: 1,
      sensitiveWords: ['法轮'],
      sensitiveWordsUpdatedAt: null,
      updatedAt: new Date(),
    });
  });
  afterAll(async () => t.close());

  it('stores every message pending, holds one with a sensitive word (traditional forms too), and keeps the contact private', async () => {
    const clean = await submitComment(t.node, { kind: 'message', subject: '路灯', body: '村口路灯坏了', contact: '13511112222' }, 'v1');
    expect(clean).toMatchObject({ status: 'pending', sensitiveWords: [], nickname: '网友', contact: '13511112222', visitorHash: 'v1' });
    const held = await submitComment(t.node, { kind: 'message', subject: '反映', body: '有人宣传法輪的东西', nickname: '村民' }, 'v2');
    expect(held).toMatchObject({ status: 'pending', sensitiveWords: ['法轮'] });
    expect(await t.node.models.Comment.countDocuments({ status: 'pending' })).toBe(2);
  });

  it('refuses what cannot be taken: a message without subject, an empty or overlong text, a comment on no article', async () => {
    expect(await codeOf(submitComment(t.node, { kind: 'message', body: '没有主题的留言' }, 'v'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(submitComment(t.node, { kind: 'message', subject: '空', body: ' ' }, 'v'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(submitComment(t.node, { kind: 'message', subject: '长', body: '字'.repeat(1001) }, 'v'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(submitComment(t.node, { kind: 'comment', article: 'f'.repeat(24), body: '好文章' }, 'v'))).toBe('BAD_USER_INPUT');
  });
});
