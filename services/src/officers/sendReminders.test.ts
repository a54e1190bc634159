import {
  cst,
  officerAccount,
  openOfficerTestNode,
  registeredOfficer,
  reportItem,
  type OfficerTestNode,
} from '../../../tests/officers/officerFixtures';
import { codeOf } from '../../../tests/support/expectations';
import { markMessageRead } from './markMessageRead';
import { createOfficerMailer } from './officerMailer';
import type { OfficerMessageDoc } from './officerModels';
import { shortOfficers } from './officerRankings';
import { sendReminders, sendRemindersNow } from './sendReminders';
import { setOfficerStatus } from './setOfficerStatus';
import { updateOfficer } from './updateOfficer';

describe('reminders (催报)', () => {
  let town: OfficerTestNode;
  const ids: Record<string, string> = {};
  const ctxs: Record<string, Awaited<ReturnType<typeof registeredOfficer>>['as']> = {};

  beforeAll(async () => {
    town = await openOfficerTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin', ancestors: ['xingbin', 'laibin'] });
    const counts: [string, string, number][] = [
      ['wei', '韦二条', 2],
      ['qin', '覃三条', 3],
      ['lan', '蓝零条', 0],
      ['mo', '莫暂停', 0],
    ];
    for (const [username, name, n] of counts) {
      const { officer, as } = await registeredOfficer(town, username, name, '凤凰镇党委');
      ids[username] = officer._id;
      ctxs[username] = as;
      for (let k = 0; k < n; k++) {
        town.setClock(cst(`2026-03-0${k + 3}`));
        await reportItem(town, as, `${name}的第${k + 1}条`);
      }
    }
    await updateOfficer(town.admin, ids.wei!, { email: 'wei@example.cn' });
    await setOfficerStatus(town.admin, ids.mo!, 'suspended');
    town.setClock(cst('2026-03-27'));
  });
  afterAll(async () => town.close());

  it('lists an officer with 2 items as short, and reminds them once, by message and by e-mail', async () => {
    const short = await shortOfficers(town.admin, '2026-03');
    expect(short.map((r) => [r.name, r.figures.submitted, r.figures.short])).toEqual([
      ['蓝零条', 0, 3],
      ['韦二条', 2, 1],
    ]);
    const mailer = createOfficerMailer(town.node.config, { jsonTransport: true });
    const outcome = await sendReminders(town.node, '2026-03', mailer);
    expect(outcome).toMatchObject({ created: 2, emailed: 1, emailFailures: 0 });
    const wei = await town.node.models.OfficerMessage.findById(`reminder:${ids.wei}:2026-03`).lean<OfficerMessageDoc>();
    expect(wei).toMatchObject({ officerId: ids.wei, kind: 'reminder', readAt: null, email: { status: 'sent' } });
    expect(wei!.body).toContain('已报送信息 2 条');
    expect(wei!.body).toContain('还差 1 条');
    expect(await town.node.models.OfficerMessage.findById(`reminder:${ids.lan}:2026-03`).lean()).toMatchObject({
      email: { status: 'no-address' },
    });
    expect(await town.node.models.OfficerMessage.countDocuments({ officerId: { $in: [ids.qin!, ids.mo!] } })).toBe(0);

    // Again (the schedule runs daily near the month's end): nobody is reminded twice.
    expect(await sendReminders(town.node, '2026-03', mailer)).toMatchObject({ created: 0, emailed: 0 });
    expect(await town.node.models.OfficerMessage.countDocuments({ month: '2026-03' })).toBe(2);
  });

  it('records a failed e-mail on the message without stopping the others; with e-mail off the message says so', async () => {
    const failing = async () => {
      throw new Error('SMTP 连接被拒绝');
    };
    const outcome = await sendReminders(town.node, '2026-02', failing);
    expect(outcome).toMatchObject({ created: 3, emailed: 0, emailFailures: 1 });
    expect(await town.node.models.OfficerMessage.findById(`reminder:${ids.wei}:2026-02`).lean()).toMatchObject({
      email: { status: 'failed', error: 'SMTP 连接被拒绝' },
    });
    expect(createOfficerMailer(town.node.config)).toBeNull();
    await sendRemindersNow(town.admin, '2026-01');
    expect(await town.node.models.OfficerMessage.findById(`reminder:${ids.wei}:2026-01`).lean()).toMatchObject({
      email: { status: 'disabled' },
    });
  });

  it('lets the officer mark their own message read, and nobody else', async () => {
    const id = `reminder:${ids.wei}:2026-03`;
    expect(await codeOf(markMessageRead(ctxs.qin!, id))).toBe('NOT_FOUND');
    expect(await codeOf(markMessageRead(town.admin, id))).toBe('NOT_FOUND');
    const read = await markMessageRead(ctxs.wei!, id);
    expect(read.readAt).toEqual(cst('2026-03-27'));
    town.setClock(cst('2026-03-28'));
    expect((await markMessageRead(ctxs.wei!, id)).readAt).toEqual(cst('2026-03-27'));
    expect(await codeOf(markMessageRead(town.as(null), id))).toBe('UNAUTHENTICATED');
  });

  it('is for admins; readers of the shortfall are admins and editors', async () => {
    expect(await codeOf(sendRemindersNow(town.as('editor'), '2026-03'))).toBe('FORBIDDEN');
    expect(await codeOf(sendRemindersNow(town.admin, '2026'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(shortOfficers(town.as('officer'), '2026-03'))).toBe('FORBIDDEN');
    expect(await codeOf(shortOfficers(town.as('admin', 'xingbin_sanwu'), '2026-03'))).toBe('FORBIDDEN');
    await expect(shortOfficers(town.as('editor'), '2026-03')).resolves.toHaveLength(2);
    const other = await officerAccount(town.node, 'stranger', '陌生人');
    expect(await codeOf(shortOfficers(other, '2026-03'))).toBe('FORBIDDEN');
  });
});
