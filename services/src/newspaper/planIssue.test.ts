import { openSyndicationTestNode, type SyndicationTestNode } from '../../../tests/support/syndicationNode';
import { codeOf } from '../../../tests/support/expectations';
import { placeManuscript } from './placeManuscript';
import { planIssue } from './planIssue';
import { printIssue } from './printIssue';
import { submitManuscript } from './submitManuscript';

describe('issue planning at the desk', () => {
  let city: SyndicationTestNode;
  beforeAll(async () => {
    city = await openSyndicationTestNode({ code: 'laibin', tier: 'city' });
  });
  afterAll(async () => city?.close());
  const pages = [{ number: 1, name: '要闻', slots: [{ section: '头条' }, { section: '简讯', maxWords: 300 }] }];

  it('refuses bad plans with the field named', async () => {
    const editor = city.as('editor');
    expect(await codeOf(planIssue(editor, { number: 0, date: '2030-01-01', pages }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(planIssue(editor, { number: 1, date: '2030-02-30', pages }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(planIssue(editor, { number: 1, date: '2030-01-01', pages: [] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(planIssue(editor, { number: 1, date: '2030-01-01', pages: [...pages, ...pages] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(planIssue(city.as('officer'), { number: 1, date: '2030-01-01', pages }))).toBe('FORBIDDEN');
  });

  it('one manuscript per slot; an occupied slot cannot be dropped; an empty issue cannot be printed; a printed one is closed', async () => {
    const editor = city.as('editor');
    const issue = await planIssue(editor, { number: 5, date: '2030-01-05', pages });
    expect(await codeOf(printIssue(editor, issue._id))).toBe('CONFLICT');
    const a = await submitManuscript(editor, { title: '来宾市党员冬训', body: '全市开展党员冬训。', author: '组织部' });
    const b = await submitManuscript(editor, { title: '兴宾区村级换届', body: '兴宾区顺利完成村级换届。', author: '组织部' });
    expect(a.status).toBe('received');
    await placeManuscript(editor, a._id, issue._id, '1-1');
    expect(await codeOf(placeManuscript(editor, b._id, issue._id, '1-1'))).toBe('CONFLICT');
    // Moving a placed manuscript to another slot frees the first.
    await placeManuscript(editor, a._id, issue._id, '1-2');
    await placeManuscript(editor, b._id, issue._id, '1-1');
    expect(
      await codeOf(
        planIssue(editor, { number: 5, date: '2030-01-05', pages: [{ number: 1, name: '要闻', slots: [{ section: '头条' }] }] }),
      ),
    ).toBe('CONFLICT');
    const printed = await printIssue(editor, issue._id);
    expect(printed.status).toBe('printed');
    const docs = await city.node.models.Manuscript.find({ _id: { $in: [a._id, b._id] } }).lean();
    expect(docs.map((d) => d.status)).toEqual(['printed', 'printed']);
    expect(docs.every((d) => d.printedAt?.getTime() === printed.printedAt?.getTime())).toBe(true);
    expect(await codeOf(planIssue(editor, { number: 5, date: '2030-01-06', pages }))).toBe('CONFLICT');
    // Printing again changes nothing (a resumed run finds nothing left to mark).
    expect((await printIssue(editor, issue._id)).revision).toBe(printed.revision);
  });
});
