import { eventFrom, openSyndicationTestNode, type SyndicationTestNode } from '../../../../tests/support/syndicationNode';
import { outboxCollectionName } from '../syndicationModels';
import { notice } from './notice';

describe('handler: notice', () => {
  let county: SyndicationTestNode;
  let township: SyndicationTestNode;
  beforeAll(async () => {
    county = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
    township = await openSyndicationTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' });
  });
  afterAll(async () => {
    await county?.close();
    await township?.close();
  });

  const payload = {
    id: 'laibin:6b0c8bbb7b788af4114883c2',
    node: 'laibin',
    title: '关于信息员考核的通知',
    body: '<p>请按时报送。</p>',
    issuedAt: new Date().toISOString(),
    issuedBy: '市委组织部',
  };

  it('keeps a notice once and passes it on to a county’s townships', async () => {
    const event = eventFrom('laibin', 'notice', { itemId: payload.id, payload });
    expect(await notice.apply(county.syndication, { peer: 'laibin', stream: 'down' }, event)).toBe('applied');
    expect(await notice.apply(county.syndication, { peer: 'laibin', stream: 'down' }, event)).toBe('unchanged');
    expect(await county.syndication.models.Notice.countDocuments({ _id: payload.id })).toBe(1);
    await county.syndication.relay.idle();
    const down = await county.connection.collection(outboxCollectionName('down')).find({ kind: 'notice' }).toArray();
    expect(down.map((e) => [e.itemId, e.origin, e.payload.title])).toEqual([[payload.id, 'xingbin', payload.title]]);
  });

  it('a township keeps it and sends nothing further', async () => {
    const event = eventFrom('xingbin', 'notice', { itemId: payload.id, payload });
    expect(await notice.apply(township.syndication, { peer: 'xingbin', stream: 'down' }, event)).toBe('applied');
    await township.syndication.relay.idle();
    expect(township.syndication.relay.head('down')).toBe(0);
  });
});
