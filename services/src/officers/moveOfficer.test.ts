import { cst, openOfficerTestNode, registeredOfficer, reportItem, type OfficerTestNode } from '../../../tests/officers/officerFixtures';
import { codeOf } from '../../../tests/support/expectations';
import { moveOfficer } from './moveOfficer';
import { parsePeriod } from './months';
import { computeFigures } from './officerFigures';
import { runMonthlyJob } from './runMonthlyJob';

describe('moveOfficer', () => {
  let town: OfficerTestNode;
  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin', ancestors: ['xingbin', 'laibin'] });
  });
  afterAll(async () => town.close());

  it('moves an officer to another unit keeping their history: past months stay with the old unit, items stay theirs', async () => {
    const { officer, as } = await registeredOfficer(town, 'wei', '韦信息员', '凤凰镇党委');
    town.setClock(cst('2026-03-05'));
    await reportItem(town, as, '三月第一条', true);
    await reportItem(town, as, '三月第二条');
    await runMonthlyJob(town.node, '2026-03');

    town.setClock(cst('2026-04-02'));
    const moved = await moveOfficer(town.admin, officer._id, { unit: '凤凰镇政府', note: '工作调整' });
    expect(moved).toMatchObject({ _id: officer._id, unit: '凤凰镇政府', status: 'active' });
    expect(moved.history.map((h) => [h.change, h.unit])).toEqual([
      ['created', '凤凰镇党委'],
      ['moved', '凤凰镇政府'],
    ]);
    expect(moved.units.map((u) => [u.unit, u.to === null])).toEqual([
      ['凤凰镇党委', false],
      ['凤凰镇政府', true],
    ]);
    town.setClock(cst('2026-04-10'));
    await reportItem(town, as, '四月第一条');

    const march = (await computeFigures(town.node, parsePeriod('2026-03'))).find((r) => r.officerId === officer._id)!;
    const april = (await computeFigures(town.node, parsePeriod('2026-04'))).find((r) => r.officerId === officer._id)!;
    expect([march.unit, march.figures.submitted, march.figures.published]).toEqual(['凤凰镇党委', 2, 1]);
    expect([april.unit, april.figures.submitted]).toEqual(['凤凰镇政府', 1]);
    // The stored March result is unchanged by the move.
    expect(await town.node.models.OfficerMonth.findById(`${officer._id}:2026-03`).lean()).toMatchObject({
      unit: '凤凰镇党委',
      figures: { submitted: 2 },
    });
    const year = (await computeFigures(town.node, parsePeriod('2026'))).find((r) => r.officerId === officer._id)!;
    expect(year.figures.submitted).toBe(3);
  });

  it('moves an officer out to another node: kept here as moved, with their months before the move', async () => {
    const { officer, as } = await registeredOfficer(town, 'qin', '覃信息员', '凤凰镇党委');
    town.setClock(cst('2026-05-06'));
    await reportItem(town, as, '五月报送');
    town.setClock(cst('2026-06-01', '10:00'));
    const moved = await moveOfficer(town.admin, officer._id, { toNode: 'xingbin_sanwu' });
    expect(moved).toMatchObject({ status: 'moved', movedTo: 'xingbin_sanwu', leftAt: cst('2026-06-01', '10:00') });
    expect(moved.history.at(-1)).toMatchObject({ change: 'moved', status: 'moved', note: '调往节点 xingbin_sanwu' });
    const may = await computeFigures(town.node, parsePeriod('2026-05'));
    expect(may.find((r) => r.officerId === officer._id)!.figures.submitted).toBe(1);
    const july = await computeFigures(town.node, parsePeriod('2026-07'));
    expect(july.some((r) => r.officerId === officer._id)).toBe(false);
    expect(await codeOf(moveOfficer(town.admin, officer._id, { unit: '别处' }))).toBe('CONFLICT');
  });

  it('refuses unclear or bad moves and non-admins', async () => {
    const { officer } = await registeredOfficer(town, 'lan', '蓝信息员', '凤凰镇党委');
    expect(await codeOf(moveOfficer(town.admin, officer._id, {}))).toBe('BAD_USER_INPUT');
    expect(await codeOf(moveOfficer(town.admin, officer._id, { unit: '甲', toNode: 'xingbin_sanwu' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(moveOfficer(town.admin, officer._id, { unit: '凤凰镇党委' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(moveOfficer(town.admin, officer._id, { toNode: 'Not A Code' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(moveOfficer(town.admin, officer._id, { toNode: 'xingbin_fenghuang' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(moveOfficer(town.admin, 'o_missing', { unit: '甲' }))).toBe('NOT_FOUND');
    expect(await codeOf(moveOfficer(town.as('editor'), officer._id, { unit: '甲' }))).toBe('FORBIDDEN');
    expect(await codeOf(moveOfficer(town.as('admin', 'heshan_hekou'), officer._id, { unit: '甲' }))).toBe('FORBIDDEN');
  });
});
