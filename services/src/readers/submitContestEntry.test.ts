import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { codeOf } from '../../../tests/support/expectations';
import { createContest } from './createContest';
import { scoreContestEntry } from './scoreContestEntry';
import { submitContestEntry } from './submitContestEntry';

describe('contests: createContest, submitContestEntry, scoreContestEntry', () => {
  let t: ContentTestNode;
  const now = Date.now();
  const body = '基层党组织战斗堡垒作用不断增强，党员先锋模范作用充分发挥，群众满意度不断提升。'.repeat(2);
  beforeAll(async () => {
    t = await openContentTestNode({ code: 'laibin', tier: 'city' });
    for (const username of ['judge_a', 'judge_b'])
      await t.node.models.Account.create({
        _id: `acct_${username}`,
        username,
        name: username,
        role: 'editor',
        node: 'laibin',
        reviewLevel: 1,
        passwordHash: 'scrypt$unused',
        disabled: false,
        createdAt: new Date(),
        createdBy: null,
        updatedAt: new Date(),
      });
  });
  afterAll(async () => t.close());

  const base = {
    title: '征文',
    categories: [{ key: 'essay', name: '散文' }],
    identityFields: [{ key: 'idcard', label: '身份证号', required: true, identifies: true }],
    criteria: [{ key: 'all', name: '综合', max: 100 }],
    judges: ['judge_a', 'judge_b'],
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
  };

  it('validates the contest: judges must be accounts here, one-per-person needs an identifying field', async () => {
    expect(await codeOf(createContest(t.as('editor'), { ...base, slug: 'c1', judges: ['nobody'] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createContest(t.as('editor'), { ...base, slug: 'c1', identityFields: [] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createContest(t.as('officer'), { ...base, slug: 'c1' }))).toBe('FORBIDDEN');
    expect((await createContest(t.as('editor'), { ...base, slug: 'c1' })).judges).toEqual(['acct_judge_a', 'acct_judge_b']);
    expect((await createContest(t.as('editor'), { ...base, slug: 'c2', onePerPersonPerCategory: false, identityFields: [] })).status).toBe(
      'open',
    );
  });

  it('takes one entry per person per category (identity normalised), or any number when not configured', async () => {
    const enter = (slug: string, idcard: string) =>
      submitContestEntry(
        t.node,
        slug,
        { category: 'essay', title: '作品', author: '作者', body, identity: { idcard } },
        { visitorHash: 'v' },
      );
    const first = await enter('c1', '45130219800101001X');
    expect(first.identity).toEqual({ idcard: '45130219800101001X' });
    expect(await codeOf(enter('c1', '45130219800101001x '))).toBe('CONFLICT');
    expect(await codeOf(enter('c1', '４５１３０２１９８００１０１００１Ｘ'))).toBe('CONFLICT');
    await enter('c1', '451302198001010029');
    await enter('c2', '');
    await enter('c2', '');
    expect(await t.node.models.ContestEntry.countDocuments({ contest: 'c2' })).toBe(2);
    expect(await codeOf(enter('missing', '1'))).toBe('NOT_FOUND');
    expect(
      await codeOf(
        submitContestEntry(
          t.node,
          'c1',
          { category: 'essay', title: '短', author: 'a', body: '太短', identity: { idcard: '3' } },
          { visitorHash: 'v' },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('keeps one score per judge and entry, within each criterion’s maximum', async () => {
    const [entry] = await t.node.models.ContestEntry.find({ contest: 'c1' }).lean();
    const judge = (id: string) => {
      const ctx = t.as('editor');
      ctx.actor = { ...ctx.actor!, accountId: id };
      return ctx;
    };
    await scoreContestEntry(judge('acct_judge_a'), entry!._id, { scores: { all: 70 } });
    await scoreContestEntry(judge('acct_judge_a'), entry!._id, { scores: { all: 75 } });
    await scoreContestEntry(judge('acct_judge_b'), entry!._id, { scores: { all: 90 } });
    const scores = await t.node.models.ContestScore.find({ entry: entry!._id }).lean();
    expect(scores.map((s) => [s.judge, s.total]).sort()).toEqual([
      ['acct_judge_a', 75],
      ['acct_judge_b', 90],
    ]);
    expect(await codeOf(scoreContestEntry(judge('acct_judge_a'), entry!._id, { scores: { all: 101 } }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(scoreContestEntry(judge('acct_judge_a'), entry!._id, { scores: {} }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(scoreContestEntry(judge('acct_judge_a'), entry!._id, { scores: { all: 1, extra: 2 } }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(scoreContestEntry(judge('acct_other'), entry!._id, { scores: { all: 50 } }))).toBe('FORBIDDEN');
  });
});
