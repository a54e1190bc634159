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
import { computeFigures, effectiveRules } from './officerFigures';
import type { OfficerMonthDoc } from './officerModels';
import { runMonthlyJob } from './runMonthlyJob';
import { DEFAULT_RULES } from './scoringRules';
import { setOfficerRules, storeRules } from './setOfficerRules';

const stored = async (t: OfficerTestNode, id: string, month: string) =>
  (await t.node.models.OfficerMonth.findById(`${id}:${month}`).lean<OfficerMonthDoc>())!;

describe('setOfficerRules', () => {
  let county: OfficerTestNode;
  let city: OfficerTestNode;
  let officerId: string;

  beforeAll(async () => {
    county = await openOfficerTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    city = await openOfficerTestNode({ code: 'laibin', tier: 'city' });
    const { officer, as } = await registeredOfficer(county, 'wei', '韦信息员', '兴宾区委组织部');
    officerId = officer._id;
    county.setClock(cst('2026-03-02'));
    const a = await reportItem(county, as, '一', true);
    await recordAdoption(county, a, 'laibin', 'city', cst('2026-03-10'));
    await reportItem(county, as, '二', true);
    await reportItem(county, as, '三');
    county.setClock(cst('2026-04-02'));
    await reportItem(county, as, '四', true);
    await runMonthlyJob(county.node, '2026-03');
    await runMonthlyJob(county.node, '2026-04');
  });
  afterAll(async () => {
    await county.close();
    await city.close();
  });

  it('recomputes every stored month exactly under the new rules, and back again', async () => {
    expect((await stored(county, officerId, '2026-03')).figures).toMatchObject({ score: 2 + 5 + 10, quotaMet: true });
    expect((await stored(county, officerId, '2026-04')).figures).toMatchObject({ score: 1, quotaMet: false });
    const before = await stored(county, officerId, '2026-03');

    const rules = await setOfficerRules(county.admin, 'local', { quota: 4, points: { adoptedCity: 50, published: 2 } });
    expect(rules).toMatchObject({ quota: 4, points: { ...DEFAULT_RULES.points, adoptedCity: 50, published: 2 } });
    const march = await stored(county, officerId, '2026-03');
    expect(march.figures).toMatchObject({ score: 4 + 50, quotaMet: false, short: 1, points_adoptedCity: 50, points_quotaBase: 0 });
    expect(march.rulesHash).not.toBe(before.rulesHash);
    expect((await stored(county, officerId, '2026-04')).figures).toMatchObject({ score: 2 });
    // Exactly what a fresh computation under these rules gives.
    const fresh = (await computeFigures(county.node, parsePeriod('2026-03'))).find((r) => r.officerId === officerId)!;
    expect(march.figures.score).toBe(fresh.figures.score);

    await setOfficerRules(county.admin, 'local', {});
    const back = await stored(county, officerId, '2026-03');
    expect(back.figures).toEqual(before.figures);
    expect(back.rulesHash).toBe(before.rulesHash);
  });

  it('applies the city’s network rules under the node’s own override', async () => {
    await storeRules(county.node, 'network', { quota: 2, points: { adoptedCity: 8 } }, null);
    expect((await stored(county, officerId, '2026-03')).figures).toMatchObject({ score: 2 + 8 + 10 });
    await setOfficerRules(county.admin, 'local', { points: { adoptedCity: 30 } });
    const { rules } = await effectiveRules(county.node);
    expect([rules.quota, rules.points.adoptedCity]).toEqual([2, 30]);
    expect((await stored(county, officerId, '2026-03')).figures).toMatchObject({ score: 2 + 30 + 10 });
  });

  it('sets network rules only at the city, and refuses bad rules and non-admins', async () => {
    await expect(setOfficerRules(city.admin, 'network', { quota: 5 })).resolves.toMatchObject({ quota: 5 });
    expect(await codeOf(setOfficerRules(county.admin, 'network', { quota: 5 }))).toBe('FORBIDDEN');
    expect(await codeOf(setOfficerRules(county.admin, 'local', { quota: 1.5 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(setOfficerRules(county.admin, 'local', { penalty: -3 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(setOfficerRules(county.as('editor'), 'local', { quota: 5 }))).toBe('FORBIDDEN');
    expect(await codeOf(setOfficerRules(county.as('admin', 'heshan'), 'local', { quota: 5 }))).toBe('FORBIDDEN');
    await expect(setOfficerRules(county.as('admin', 'laibin'), 'local', { quota: 3 })).resolves.toMatchObject({ quota: 3 });
  });
});
