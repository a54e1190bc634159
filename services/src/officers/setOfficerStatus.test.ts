import { cst, openOfficerTestNode, registeredOfficer, type OfficerTestNode } from '../../../tests/officers/officerFixtures';
import { codeOf } from '../../../tests/support/expectations';
import { moveOfficer } from './moveOfficer';
import { setOfficerStatus } from './setOfficerStatus';

describe('setOfficerStatus', () => {
  let town: OfficerTestNode;
  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'heshan_hekou', tier: 'township', parent: 'heshan', ancestors: ['heshan', 'laibin'] });
  });
  afterAll(async () => town.close());

  it('suspends, ends and resumes an officer, recording each in the history', async () => {
    const { officer } = await registeredOfficer(town, 'wei', '韦信息员', '河里镇党委');
    town.setClock(cst('2026-03-01'));
    expect(await setOfficerStatus(town.admin, officer._id, 'suspended', '病假')).toMatchObject({ status: 'suspended', leftAt: null });
    town.setClock(cst('2026-04-01'));
    const left = await setOfficerStatus(town.admin, officer._id, 'left');
    expect(left).toMatchObject({ status: 'left', leftAt: cst('2026-04-01') });
    expect(left.units.every((u) => u.to !== null)).toBe(true);
    const back = await setOfficerStatus(town.admin, officer._id, 'active', '返岗');
    expect(back).toMatchObject({ status: 'active', leftAt: null });
    expect(back.history.map((h) => [h.change, h.status, h.note])).toEqual([
      ['created', 'active', null],
      ['status', 'suspended', '病假'],
      ['status', 'left', null],
      ['status', 'active', '返岗'],
    ]);
  });

  it('refuses unknown statuses, moved officers and non-admins', async () => {
    const { officer } = await registeredOfficer(town, 'qin', '覃信息员', '河里镇党委');
    expect(await codeOf(setOfficerStatus(town.admin, officer._id, 'retired'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(setOfficerStatus(town.admin, officer._id, 'moved'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(setOfficerStatus(town.as('editor'), officer._id, 'left'))).toBe('FORBIDDEN');
    await moveOfficer(town.admin, officer._id, { toNode: 'heshan_beisi' });
    expect(await codeOf(setOfficerStatus(town.admin, officer._id, 'active'))).toBe('CONFLICT');
  });
});
