import {
  childItemId,
  eventFrom,
  itemPayload,
  openSyndicationTestNode,
  type SyndicationTestNode,
} from '../../../../tests/support/syndicationNode';
import { adoptedArticleId } from '../inbound/copies';
import { outboxCollectionName } from '../syndicationModels';
import { published } from './published';
import { EventRejected } from './registry';

const CHILD = 'xingbin_fenghuang';

async function setSensitiveWordsForTest(t: SyndicationTestNode, words: string[]): Promise<void> {
  await t.node.models.NodeSettings.updateOne({ _id: 'settings' }, { $set: { sensitiveWords: words } });
}
const edge = { peer: CHILD, stream: 'up' as const };

describe('handler: published', () => {
  let manual: SyndicationTestNode;
  let auto: SyndicationTestNode;
  beforeAll(async () => {
    manual = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
    auto = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', config: { syndicationAutoAdopt: true } });
  });
  afterAll(async () => {
    await manual?.close();
    await auto?.close();
  });

  it('puts an item from a child into the adoption queue; the same event twice changes nothing', async () => {
    const id = childItemId(CHILD);
    const event = eventFrom(CHILD, 'published', { itemId: id, payload: { ...itemPayload(CHILD, '凤凰镇党建动态') } });
    expect(await published.apply(manual.syndication, edge, event)).toBe('applied');
    const first = await manual.syndication.models.InboundItem.findById(id).lean();
    expect(first).toMatchObject({ from: CHILD, status: 'pending', version: 1, tombstone: false, payload: { title: '凤凰镇党建动态' } });
    expect(await published.apply(manual.syndication, edge, event)).toBe('unchanged');
    expect(await manual.syndication.models.InboundItem.findById(id).lean()).toEqual(first);
    expect(await manual.node.models.Article.countDocuments({ syndicatedFrom: id })).toBe(0);
  });

  it('with an auto-adopt policy publishes a copy with provenance, relays it up and reports the adoption down', async () => {
    const id = childItemId(CHILD);
    const event = eventFrom(CHILD, 'published', { itemId: id, payload: { ...itemPayload(CHILD, '三级三批活动') } });
    expect(await published.apply(auto.syndication, edge, event)).toBe('applied');
    expect(await published.apply(auto.syndication, edge, event)).toBe('unchanged');
    const copies = await auto.node.models.Article.find({ syndicatedFrom: id }).lean();
    expect(copies).toHaveLength(1);
    expect(String(copies[0]!._id)).toBe(String(adoptedArticleId(id)));
    expect(copies[0]).toMatchObject({
      status: 'published',
      node: 'xingbin',
      channel: 'dangjian',
      origin: { node: CHILD, officer: '李信息员' },
    });
    expect(copies[0]!.hops!.map((h) => [h.node, h.adoptedBy])).toEqual([['xingbin', '网群同步（自动采用）']]);
    await auto.syndication.relay.idle();
    const up = await auto.connection
      .collection(outboxCollectionName('up'))
      .find({ itemId: `xingbin:${String(copies[0]!._id)}` })
      .toArray();
    expect(up.map((e) => [e.kind, e.payload.provenance.hops.length])).toEqual([['published', 1]]);
    const down = await auto.connection.collection(outboxCollectionName('down')).find({ itemId: id }).toArray();
    expect(down.map((e) => [e.kind, e.to, e.payload.node])).toEqual([['adopted', CHILD, 'xingbin']]);
  });

  it('leaves an item with a sensitive word for an editor even under auto-adopt', async () => {
    await setSensitiveWordsForTest(auto, ['违规词']);
    const id = childItemId(CHILD);
    await published.apply(
      auto.syndication,
      edge,
      eventFrom(CHILD, 'published', { itemId: id, payload: { ...itemPayload(CHILD, '含有违规词的标题') } }),
    );
    const item = await auto.syndication.models.InboundItem.findById(id).lean();
    expect(item).toMatchObject({ status: 'pending' });
    expect(item!.note).toContain('违规词');
    await setSensitiveWordsForTest(auto, []);
  });

  it('rejects an item id that is not the sender’s own, and a malformed payload', async () => {
    const other = childItemId('heshan_hekou');
    await expect(
      published.apply(manual.syndication, edge, eventFrom(CHILD, 'published', { itemId: other, payload: { ...itemPayload(CHILD, 'x') } })),
    ).rejects.toBeInstanceOf(EventRejected);
    await expect(
      published.apply(manual.syndication, edge, eventFrom(CHILD, 'published', { itemId: childItemId(CHILD), payload: { title: '' } })),
    ).rejects.toBeInstanceOf(EventRejected);
  });
});
