import { cst, openOfficerTestNode, registeredOfficer, type OfficerTestNode } from '../../../tests/officers/officerFixtures';
import { codeOf } from '../../../tests/support/expectations';
import { markMessageRead } from './markMessageRead';
import { sendReminders } from './sendReminders';

describe('markMessageRead', () => {
  let town: OfficerTestNode;
  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'heshan_hekou', tier: 'township', parent: 'heshan', ancestors: ['heshan', 'laibin'] });
  });
  afterAll(async () => town.close());

  it('marks the officer’s own reminder read once, and hides other people’s messages', async () => {
    const wei = await registeredOfficer(town, 'wei', '韦信息员', '河里镇党委');
    const qin = await registeredOfficer(town, 'qin', '覃信息员', '河里镇党委');
    town.setClock(cst('2026-03-28'));
    expect(await sendReminders(town.node, '2026-03', null)).toMatchObject({ created: 2 });
    const id = `reminder:${wei.officer._id}:2026-03`;
    expect(await codeOf(markMessageRead(qin.as, id))).toBe('NOT_FOUND');
    expect(await codeOf(markMessageRead(town.admin, id))).toBe('NOT_FOUND');
    expect(await codeOf(markMessageRead(wei.as, 'reminder:nothing'))).toBe('NOT_FOUND');
    expect(await codeOf(markMessageRead(town.as(null), id))).toBe('UNAUTHENTICATED');
    expect((await markMessageRead(wei.as, id)).readAt).toEqual(cst('2026-03-28'));
    town.setClock(cst('2026-03-29'));
    expect((await markMessageRead(wei.as, id)).readAt).toEqual(cst('2026-03-28'));
    expect(await town.node.models.OfficerMessage.findById(`reminder:${qin.officer._id}:2026-03`).lean()).toMatchObject({ readAt: null });
  });
});
