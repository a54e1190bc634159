import { eventFrom, openSyndicationTestNode, type SyndicationTestNode } from '../../../../tests/support/syndicationNode';
import { EventRejected } from '../../syndication/handlers/registry';
import { outboxCollectionName } from '../../syndication/syndicationModels';
import { subscriptionQuotas } from './subscriptionQuotas';
import { subscriptionReport } from './subscriptionReport';

const report = (revision: number, total: number) => ({
  year: 2030,
  node: 'xingbin_fenghuang',
  name: '凤凰镇',
  tier: 'township',
  parent: 'xingbin',
  units: [{ unit: '凤凰镇党委', count: total }],
  total,
  reportedAt: new Date().toISOString(),
  reportedBy: '站长',
  revision,
});

describe('handlers: subscriptionReport and subscriptionQuotas at a county', () => {
  let county: SyndicationTestNode;
  beforeAll(async () => {
    county = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => county?.close());
  const edge = { peer: 'xingbin_fenghuang', stream: 'up' as const };
  const up = (payload: ReturnType<typeof report>, peer = 'xingbin_fenghuang') =>
    eventFrom(peer, 'subscriptionReport', { stream: 'up', itemId: `2030:${payload.node}`, version: payload.revision, payload });

  it('keeps the newest report of each node and passes it up; an older one changes nothing', async () => {
    expect(await subscriptionReport.apply(county.syndication, edge, up(report(2, 30)))).toBe('applied');
    expect(await subscriptionReport.apply(county.syndication, edge, up(report(1, 10)))).toBe('unchanged');
    expect(await subscriptionReport.apply(county.syndication, edge, up(report(2, 30)))).toBe('unchanged');
    expect(await subscriptionReport.apply(county.syndication, edge, up(report(3, 45)))).toBe('applied');
    const held = await county.node.models.SubscriptionReport.findById('2030:xingbin_fenghuang').lean();
    expect([held!.total, held!.revision]).toEqual([45, 3]);
    await county.syndication.relay.idle();
    const out = await county.connection.collection(outboxCollectionName('up')).find({ kind: 'subscriptionReport' }).toArray();
    expect(out.map((e) => e.payload.revision)).toEqual([2, 3]);
  });

  it('refuses a report of a node that is not the sender or below it', async () => {
    const other = { ...report(1, 5), node: 'xiangzhou_luomao', parent: 'xiangzhou' };
    await expect(subscriptionReport.apply(county.syndication, edge, up(other))).rejects.toBeInstanceOf(EventRejected);
  });

  it('applies a newer quota table and passes it on to the townships', async () => {
    const quotas = (revision: number, quota: number) => ({
      year: 2030,
      deadline: '2030-10-31',
      remindDays: 10,
      quotas: [{ node: 'xingbin_fenghuang', name: '凤凰镇', tier: 'township', parent: 'xingbin', quota }],
      revision,
      updatedAt: new Date().toISOString(),
      updatedBy: '编辑部',
    });
    const down = (p: ReturnType<typeof quotas>) =>
      eventFrom('laibin', 'subscriptionQuotas', { itemId: '2030', version: p.revision, payload: p });
    const fromCity = { peer: 'laibin', stream: 'down' as const };
    expect(await subscriptionQuotas.apply(county.syndication, fromCity, down(quotas(1, 40)))).toBe('applied');
    expect(await subscriptionQuotas.apply(county.syndication, fromCity, down(quotas(2, 50)))).toBe('applied');
    expect(await subscriptionQuotas.apply(county.syndication, fromCity, down(quotas(1, 40)))).toBe('unchanged');
    expect((await county.node.models.SubscriptionQuotas.findById('2030').lean())!.quotas[0]!.quota).toBe(50);
    await county.syndication.relay.idle();
    const out = await county.connection.collection(outboxCollectionName('down')).find({ kind: 'subscriptionQuotas' }).toArray();
    expect(out.map((e) => e.payload.revision)).toEqual([1, 2]);
  });
});
