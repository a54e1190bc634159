import {
  cst,
  openOfficerTestNode,
  recordAdoption,
  registeredOfficer,
  reportItem,
  type OfficerTestNode,
} from '../../../tests/officers/officerFixtures';
import { codeOf } from '../../../tests/support/expectations';
import { parsePeriod } from './months';
import { computeFigures } from './officerFigures';
import type { OfficerMonthDoc } from './officerModels';
import { resumeUnfinishedRuns, runMonthlyJob, runOfficerJob } from './runMonthlyJob';

const results = async (t: OfficerTestNode, month: string) =>
  (await t.node.models.OfficerMonth.find({ month }).lean<OfficerMonthDoc[]>())
    .map(({ computedAt: _c, runId: _r, ...rest }) => rest)
    .sort((a, b) => a._id.localeCompare(b._id));

describe('the monthly job', () => {
  let town: OfficerTestNode;
  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin', ancestors: ['xingbin', 'laibin'] });
    for (let i = 0; i < 6; i++) {
      const { as } = await registeredOfficer(town, `o${i}`, `信息员${i}`, i % 2 ? '凤凰镇党委' : '凤凰镇政府');
      for (let k = 0; k < i; k++) {
        town.setClock(cst(`2026-03-${String(k + 2).padStart(2, '0')}`));
        const doc = await reportItem(town, as, `第${i}名信息员的第${k}条`, k % 2 === 0);
        if (k === 0) await recordAdoption(town, doc, 'xingbin', 'county', cst('2026-03-20'));
      }
    }
  });
  afterAll(async () => town.close());

  it('stores one result per officer and month; running it twice gives the same result', async () => {
    const first = await runMonthlyJob(town.node, '2026-03');
    expect(first).toMatchObject({ status: 'done', officers: 6, runs: 1 });
    expect(first.done).toHaveLength(6);
    const once = await results(town, '2026-03');
    expect(once).toHaveLength(6);
    expect(once.find((r) => r.name === '信息员5')!.figures).toMatchObject({
      submitted: 5,
      published: 3,
      adoptedCounty: 1,
      quotaMet: true,
      score: 3 + 2 + 10,
    });
    const second = await runMonthlyJob(town.node, '2026-03');
    expect(second).toMatchObject({ status: 'done', runs: 2 });
    expect(await results(town, '2026-03')).toEqual(once);
  });

  it('survives a crash mid-run: the run stays `running` and is resumed at start-up to the same result', async () => {
    const clean = await results(town, '2026-03');
    await town.node.models.OfficerMonth.deleteMany({ month: '2026-03' });
    await expect(
      runMonthlyJob(town.node, '2026-03', {
        afterOfficer: (_id, i) => {
          if (i === 2) throw new Error('进程被终止');
        },
      }),
    ).rejects.toThrow('进程被终止');
    const crashed = await town.node.models.OfficerJobRun.findById('2026-03').lean();
    expect(crashed).toMatchObject({ status: 'running' });
    expect(crashed!.done).toHaveLength(3);
    expect(await town.node.models.OfficerMonth.countDocuments({ month: '2026-03' })).toBe(3);

    const stored: string[] = [];
    expect(await resumeUnfinishedRuns(town.node)).toEqual(['2026-03']);
    expect(await town.node.models.OfficerJobRun.findById('2026-03').lean()).toMatchObject({ status: 'done', trigger: 'resume' });
    expect(await results(town, '2026-03')).toEqual(clean);
    // Resuming stored only the officers the crashed run had not.
    await town.node.models.OfficerJobRun.updateOne(
      { _id: '2026-03' },
      { $set: { status: 'running', done: clean.slice(0, 5).map((r) => r.officerId) } },
    );
    await runMonthlyJob(town.node, '2026-03', { trigger: 'resume', afterOfficer: (id) => stored.push(id) });
    expect(stored).toEqual([clean[5]!.officerId]);
  });

  it('is for admins, and refuses a malformed month', async () => {
    expect(await codeOf(runOfficerJob(town.as('editor'), '2026-03'))).toBe('FORBIDDEN');
    expect(await codeOf(runOfficerJob(town.admin, '2026'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(runOfficerJob(town.admin, '2026-3'))).toBe('BAD_USER_INPUT');
    await expect(runOfficerJob(town.as('admin', 'xingbin'), '2026-04')).resolves.toMatchObject({ status: 'done', officers: 6 });
  });
});

describe('closed months from stored results', () => {
  let town: OfficerTestNode;
  let officerId: string;
  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'heshan_beisi', tier: 'township', parent: 'heshan', ancestors: ['heshan', 'laibin'] });
    const { officer, as } = await registeredOfficer(town, 'wei', '韦信息员', '北泗镇党委');
    officerId = officer._id;
    for (const [day, title] of [
      ['2026-03-03', '三月一'],
      ['2026-03-04', '三月二'],
      ['2026-03-05', '三月三'],
      ['2026-04-03', '四月一'],
    ] as const) {
      town.setClock(cst(day));
      await reportItem(town, as, title, true);
    }
  });
  afterAll(async () => town.close());

  it('reads a month closed by a run after its end from the stored results, and a year as the sum of its months', async () => {
    town.setClock(cst('2026-03-20'));
    await runMonthlyJob(town.node, '2026-03');
    // Run before the month ended: not closed, computed from the items.
    await town.node.models.OfficerMonth.updateOne({ _id: `${officerId}:2026-03` }, { $set: { 'figures.score': 999 } });
    const live = async (p: string) => (await computeFigures(town.node, parsePeriod(p))).find((r) => r.officerId === officerId)!.figures;
    expect((await live('2026-03')).score).toBe(3 + 10);

    town.setClock(cst('2026-04-05'));
    await runMonthlyJob(town.node, '2026-03');
    await town.node.models.OfficerMonth.updateOne({ _id: `${officerId}:2026-03` }, { $set: { 'figures.score': 999 } });
    // Closed: the stored result stands for the month (the marker shows it was read, not recomputed) …
    expect((await live('2026-03')).score).toBe(999);
    expect(await live('2026')).toMatchObject({ score: 999 + 1, submitted: 4, quotaMonths: 1 });
    // … while the job itself always computes from the items.
    await runMonthlyJob(town.node, '2026-03');
    expect((await live('2026-03')).score).toBe(13);
    expect((await computeFigures(town.node, parsePeriod('2026-03'), undefined, { live: true }))[0]!.figures.score).toBe(13);
  });
});
