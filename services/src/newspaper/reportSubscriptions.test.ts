import { openSyndicationTestNode, type SyndicationTestNode } from '../../../tests/support/syndicationNode';
import { codeOf } from '../../../tests/support/expectations';
import { outboxCollectionName } from '../syndication/syndicationModels';
import { reportSubscriptions } from './reportSubscriptions';

describe('reporting subscriptions (订阅数) at a township', () => {
  let town: SyndicationTestNode;
  beforeAll(async () => {
    town = await openSyndicationTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' });
  });
  afterAll(async () => town?.close());

  it('each report replaces the last with a new revision and goes up', async () => {
    const admin = town.as('admin', '站长');
    const first = await reportSubscriptions(admin, { year: 2030, units: [{ unit: ' 凤凰镇党委 ', count: 12 }] });
    expect([first.total, first.revision, first.units]).toEqual([12, 1, [{ unit: '凤凰镇党委', count: 12 }]]);
    const second = await reportSubscriptions(admin, {
      year: 2030,
      units: [
        { unit: '凤凰镇党委', count: 20 },
        { unit: '凤凰村党支部', count: 5 },
      ],
    });
    expect([second.total, second.revision, second.parent]).toEqual([25, 2, 'xingbin']);
    await town.syndication.relay.idle();
    const up = await town.connection.collection(outboxCollectionName('up')).find({ kind: 'subscriptionReport' }).toArray();
    expect(up.map((e) => [e.itemId, e.payload.revision, e.payload.total])).toEqual([
      ['2030:xingbin_fenghuang', 1, 12],
      ['2030:xingbin_fenghuang', 2, 25],
    ]);
  });

  it('refuses bad rows and readers without the role', async () => {
    const admin = town.as('admin');
    expect(await codeOf(reportSubscriptions(admin, { year: 2030, units: [{ unit: '', count: 1 }] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(reportSubscriptions(admin, { year: 2030, units: [{ unit: '党委', count: 1.5 }] }))).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(
        reportSubscriptions(admin, {
          year: 2030,
          units: [
            { unit: '党委', count: 1 },
            { unit: '党委', count: 2 },
          ],
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(await codeOf(reportSubscriptions(admin, { year: 99, units: [] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(reportSubscriptions(town.as('officer'), { year: 2030, units: [] }))).toBe('FORBIDDEN');
  });
});
