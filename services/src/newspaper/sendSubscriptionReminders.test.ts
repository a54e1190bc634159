import { openSyndicationTestNode, type SyndicationTestNode } from '../../../tests/support/syndicationNode';
import { outboxCollectionName } from '../syndication/syndicationModels';
import { codeOf } from '../../../tests/support/expectations';
import { remindBelowTarget, sendSubscriptionReminders } from './sendSubscriptionReminders';
import { startNewspaper } from './newspaperRuntime';

describe('subscription reminders (催订) at the city', () => {
  let city: SyndicationTestNode;
  beforeAll(async () => {
    city = await openSyndicationTestNode({ code: 'laibin', tier: 'city' });
    const now = new Date();
    await city.node.models.SubscriptionQuotas.create({
      _id: '2030',
      year: 2030,
      deadline: '2030-10-31',
      remindDays: 7,
      quotas: [
        { node: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin', quota: 100 },
        { node: 'xingbin_fenghuang', name: '凤凰镇', tier: 'township', parent: 'xingbin', quota: 40 },
        { node: 'xingbin_sanwu', name: '三五镇', tier: 'township', parent: 'xingbin', quota: 10 },
      ],
      revision: 1,
      updatedAt: now,
      updatedBy: '编辑部',
    });
    for (const [node, total] of [
      ['xingbin_fenghuang', 20],
      ['xingbin_sanwu', 10],
    ] as const) {
      await city.node.models.SubscriptionReport.create({
        _id: `2030:${node}`,
        year: 2030,
        node,
        name: node,
        tier: 'township',
        parent: 'xingbin',
        units: [{ unit: '党委', count: total }],
        total,
        reportedAt: now,
        reportedBy: '站长',
        revision: 1,
      });
    }
  });
  afterAll(async () => city?.close());

  it('sends nothing until the deadline is within the remind days, then once per node below target; nothing after the deadline', async () => {
    expect(await remindBelowTarget(city.node, 2030, new Date('2030-10-20T02:00:00Z'))).toBe(0);
    // The daily job runs for this year and the next: 2029's job reaches 2030's quotas.
    const daily = startNewspaper(city.node, { schedule: '0 0 2 1 1 *' });
    expect(await daily.daily(new Date('2029-10-25T02:00:00Z'))).toBe(0);
    expect(await daily.daily(new Date('2030-10-25T02:00:00Z'))).toBe(2);
    await daily.stop();
    expect(await remindBelowTarget(city.node, 2030, new Date('2030-10-30T02:00:00Z'))).toBe(0);
    const reminders = await city.node.models.SubscriptionReminder.find({}).lean();
    expect(reminders.map((r) => [r._id, r.quota, r.subscribed]).sort()).toEqual([
      ['2030:xingbin', 100, 30],
      ['2030:xingbin_fenghuang', 40, 20],
    ]);
    await city.syndication.relay.idle();
    const down = await city.connection.collection(outboxCollectionName('down')).find({ kind: 'subscriptionReminder' }).toArray();
    // Both travel to the county: its own reminder, and the township's, which it passes on.
    expect(down.map((e) => [e.to, e.payload.node]).sort()).toEqual([
      ['xingbin', 'xingbin'],
      ['xingbin', 'xingbin_fenghuang'],
    ]);
  });

  it('only the desk may remind, and the year must be sane', async () => {
    expect(await codeOf(sendSubscriptionReminders(city.as('officer'), 2030))).toBe('FORBIDDEN');
    expect(await codeOf(sendSubscriptionReminders(city.as('editor'), 1850))).toBe('BAD_USER_INPUT');
  });
});
