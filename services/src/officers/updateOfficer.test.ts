import {
  cst,
  officerAccount,
  openOfficerTestNode,
  registeredOfficer,
  reportItem,
  type OfficerTestNode,
} from '../../../tests/officers/officerFixtures';
import { codeOf } from '../../../tests/support/expectations';
import { parsePeriod } from './months';
import { createArticle } from '../articles/createArticle';
import { computeFigures, loadItems } from './officerFigures';
import { attributeItems } from './officerItems';
import { updateOfficer } from './updateOfficer';

describe('updateOfficer', () => {
  let town: OfficerTestNode;
  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'xingbin_sanwu', tier: 'township', parent: 'xingbin', ancestors: ['xingbin', 'laibin'] });
  });
  afterAll(async () => town.close());

  it('corrects details with a history entry, and a newly linked account adds to the officer’s items', async () => {
    const { officer, as } = await registeredOfficer(town, 'huang', '黄信息员', '三五镇党委');
    town.setClock(cst('2026-03-03'));
    await reportItem(town, as, '旧账号报送');
    const second = await officerAccount(town.node, 'huang2', '黄信息员');
    const updated = await updateOfficer(town.admin, officer._id, {
      phone: '13800000000',
      email: 'huang@example.cn',
      accountId: second.actor!.accountId,
    });
    expect(updated).toMatchObject({
      phone: '13800000000',
      accountId: second.actor!.accountId,
      accountIds: [as.actor!.accountId, second.actor!.accountId],
    });
    expect(updated.history.at(-1)).toMatchObject({ change: 'updated', note: '修改：电话、邮箱、关联账号' });
    await reportItem(town, second, '新账号报送');
    const rows = await computeFigures(town.node, parsePeriod('2026-03'));
    expect(rows.find((r) => r.officerId === officer._id)!.figures.submitted).toBe(2);
    // Nothing changed: no write, no history.
    expect((await updateOfficer(town.admin, officer._id, { phone: '13800000000' })).history).toHaveLength(2);
  });

  it('attributes an item an editor entered on an officer’s behalf by the officer field (id or unique name)', async () => {
    const { officer } = await registeredOfficer(town, 'mo', '莫信息员', '三五镇政府');
    town.setClock(cst('2026-03-10'));
    const editor = town.as('editor');
    await createArticle(editor, { title: '代报一', channel: 'dangjian', body: '<p>代报</p>', officer: '莫信息员' });
    await createArticle(editor, { title: '代报二', channel: 'dangjian', body: '<p>代报</p>', officer: officer._id });
    // Drafts are not reported yet; the attribution is what counts here.
    const items = await loadItems(town.node, cst('2026-03-01'), cst('2026-04-01'));
    const officers = await town.node.models.Officer.find({}).lean();
    expect(
      attributeItems(items, officers)
        .get(officer._id)!
        .map((i) => i.title)
        .sort(),
    ).toEqual(['代报一', '代报二']);
  });

  it('refuses unit changes (those are moves), bad input, unknown officers and non-admins', async () => {
    const { officer } = await registeredOfficer(town, 'lu', '陆信息员', '三五镇党委');
    expect(await codeOf(updateOfficer(town.admin, officer._id, { unit: '别处' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(updateOfficer(town.admin, officer._id, { email: 'x' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(updateOfficer(town.admin, officer._id, { transferredFrom: { node: 'heshan', officerId: 'o_1' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(updateOfficer(town.admin, 'o_nobody', { phone: '12345' }))).toBe('NOT_FOUND');
    expect(await codeOf(updateOfficer(town.as('officer'), officer._id, { phone: '12345' }))).toBe('FORBIDDEN');
  });
});
