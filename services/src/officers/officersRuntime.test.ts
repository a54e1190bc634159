import { cst, openOfficerTestNode, registeredOfficer, reportItem, type OfficerTestNode } from '../../../tests/officers/officerFixtures';
import { collectFigures } from './networkFigures';
import { parsePeriod } from './months';
import { startOfficers } from './officersRuntime';
import type { FigureRow } from './rankings';

describe('the officer runtime (schedule work, restart, roll-up)', () => {
  let town: OfficerTestNode;
  let officerId: string;
  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'xingbin_sanwu', tier: 'township', parent: 'xingbin', ancestors: ['xingbin', 'laibin'] });
    const { officer, as } = await registeredOfficer(town, 'wei', '韦信息员', '三五镇党委');
    officerId = officer._id;
    town.setClock(cst('2026-03-04'));
    await reportItem(town, as, '一', true);
    await reportItem(town, as, '二');
  });
  afterAll(async () => town.close());

  it('finishes at start-up a run a crash left running', async () => {
    await town.node.models.OfficerJobRun.create({
      _id: '2026-03',
      month: '2026-03',
      status: 'running',
      trigger: 'schedule',
      startedAt: cst('2026-03-04'),
      finishedAt: null,
      officers: 1,
      done: [],
      rulesHash: 'before-the-crash',
      runs: 1,
    });
    const runtime = await startOfficers(town.node);
    try {
      expect(await town.node.models.OfficerJobRun.findById('2026-03').lean()).toMatchObject({ status: 'done', officers: 1 });
      expect(await town.node.models.OfficerMonth.findById(`${officerId}:2026-03`).lean()).toMatchObject({
        figures: { submitted: 2, published: 1 },
      });
    } finally {
      await runtime.stop();
    }
  });

  it('runs the daily work: last and this month’s figures, and reminders only in the month’s last days', async () => {
    const runtime = await startOfficers(town.node);
    try {
      town.setClock(cst('2026-03-10'));
      await runtime.daily(cst('2026-03-10'));
      expect(await town.node.models.OfficerJobRun.findById('2026-02').lean()).toMatchObject({ status: 'done' });
      expect(await town.node.models.OfficerMessage.countDocuments()).toBe(0);
      await runtime.daily(cst('2026-03-28'));
      expect(await town.node.models.OfficerMessage.find({}, { _id: 1 }).lean()).toEqual([{ _id: `reminder:${officerId}:2026-03` }]);
      await runtime.daily(cst('2026-03-29'));
      expect(await town.node.models.OfficerMessage.countDocuments()).toBe(1);
    } finally {
      await runtime.stop();
    }
  });

  it('rolls up a child that cannot be reached from the copy of its last answer, marked stale', async () => {
    const period = parsePeriod('2026-03');
    const none = await collectFigures(town.node, period, [{ code: 'xingbin_sanwu_cun', url: null }]);
    expect(none.rows.map((r) => r.node)).toEqual(['xingbin_sanwu']);
    expect(none.sources[1]).toMatchObject({
      node: 'xingbin_sanwu_cun',
      stale: true,
      fetchedAt: null,
      officers: 0,
      error: '下级节点尚未注册地址',
    });
    const heldRow: FigureRow = { ...none.rows[0]!, officerId: 'o_below', node: 'xingbin_sanwu_cun' };
    await town.node.models.NetworkFigures.create({
      _id: 'xingbin_sanwu_cun:2026-03',
      node: 'xingbin_sanwu_cun',
      period: '2026-03',
      rows: [heldRow as unknown as Record<string, unknown>],
      fetchedAt: cst('2026-03-20'),
    });
    const held = await collectFigures(town.node, period, [{ code: 'xingbin_sanwu_cun', url: 'http://127.0.0.1:9' }], 2_000);
    expect(held.rows.map((r) => r.officerId)).toEqual([officerId, 'o_below']);
    expect(held.sources[1]).toMatchObject({ stale: true, fetchedAt: cst('2026-03-20'), officers: 1 });
  });
});
