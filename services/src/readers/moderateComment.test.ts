import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { codeOf } from '../../../tests/support/expectations';
import { moderateComment } from './moderateComment';
import { replyToMessage } from './replyToMessage';
import { submitComment } from './submitComment';

describe('moderateComment and replyToMessage', () => {
  let t: ContentTestNode;
  beforeAll(async () => {
    t = await openContentTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    await t.node.models.NodeSettings.create({
      _id: 'settings',
      reviewLevels: 1,
      sensitiveWords: ['赌博'],
      sensitiveWordsUpdatedAt: null,
      updatedAt: new Date(),
    });
  });
  afterAll(async () => t.close());

  it('lets editors approve or reject, needs confirmation for sensitive words, refuses others and a repeated decision', async () => {
    const msg = await submitComment(t.node, { kind: 'message', subject: '举报', body: '村里有人聚众赌博', contact: 'a@b.cn' }, 'v');
    expect(await codeOf(moderateComment(t.as('officer'), msg._id, { decision: 'approve' }))).toBe('FORBIDDEN');
    expect(await codeOf(moderateComment(t.as(null), msg._id, { decision: 'approve' }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(moderateComment(t.as('admin', 'heshan'), msg._id, { decision: 'approve' }))).toBe('FORBIDDEN');
    expect(await codeOf(moderateComment(t.as('editor'), 'f'.repeat(24), { decision: 'approve' }))).toBe('NOT_FOUND');
    expect(await codeOf(moderateComment(t.as('editor'), msg._id, { decision: 'approve' }))).toBe('BAD_USER_INPUT');
    // An admin above (the city's) may moderate here too.
    const approved = await moderateComment(t.as('admin', 'laibin'), msg._id, { decision: 'approve', confirmSensitive: true });
    expect(approved).toMatchObject({ status: 'approved', revision: 2 });
    expect(await codeOf(moderateComment(t.as('editor'), msg._id, { decision: 'approve' }))).toBe('CONFLICT');
    const rejected = await moderateComment(t.as('editor'), msg._id, { decision: 'reject', reason: '已转有关部门' });
    expect(rejected).toMatchObject({ status: 'rejected', reason: '已转有关部门' });
  });

  it('publishes a reply beside a message (approving it), never for an article comment', async () => {
    const msg = await submitComment(t.node, { kind: 'message', subject: '办事', body: '请问党员组织关系怎么转接？' }, 'v');
    const replied = await replyToMessage(t.as('editor'), msg._id, { reply: '请携带介绍信到镇党委办理。' });
    expect(replied).toMatchObject({ status: 'approved', reply: '请携带介绍信到镇党委办理。' });
    const stored = await t.node.models.Comment.findById(msg._id).lean();
    expect(stored).toMatchObject({ status: 'approved', reply: '请携带介绍信到镇党委办理。', revision: 2 });
    expect(await codeOf(replyToMessage(t.as('editor'), msg._id, { reply: '' }))).toBe('BAD_USER_INPUT');
    const held = await submitComment(t.node, { kind: 'message', subject: '赌博', body: '有人赌博' }, 'v');
    expect(await codeOf(replyToMessage(t.as('editor'), held._id, { reply: '已处理。' }))).toBe('BAD_USER_INPUT');
    expect((await replyToMessage(t.as('editor'), held._id, { reply: '已处理。', confirmSensitive: true })).status).toBe('approved');
  });
});
