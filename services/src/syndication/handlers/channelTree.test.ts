import { eventFrom, openSyndicationTestNode, type SyndicationTestNode } from '../../../../tests/support/syndicationNode';
import { listSharedChannels } from '../../channels/channelTreeRoutes';
import { outboxCollectionName } from '../syndicationModels';
import { channelTree } from './channelTree';
import { EventRejected } from './registry';

const edge = { peer: 'laibin', stream: 'down' as const };

describe('handler: channelTree', () => {
  let t: SyndicationTestNode;
  beforeAll(async () => {
    t = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => t?.close());

  it('applies a newer revision of the city’s tree, passes it on, and ignores older ones', async () => {
    const tree = await listSharedChannels(t.node.models);
    const renamed = tree.map((c) => (c.slug === 'dangjian' ? { ...c, name: '党建工作' } : c));
    expect(
      await channelTree.apply(t.syndication, edge, eventFrom('laibin', 'channelTree', { version: 5, payload: { channels: renamed } })),
    ).toBe('applied');
    expect((await t.node.models.Channel.findById('dangjian').lean())!.name).toBe('党建工作');
    expect(
      await channelTree.apply(t.syndication, edge, eventFrom('laibin', 'channelTree', { version: 4, payload: { channels: tree } })),
    ).toBe('unchanged');
    expect((await t.node.models.Channel.findById('dangjian').lean())!.name).toBe('党建工作');
    await t.syndication.relay.idle();
    const down = await t.connection.collection(outboxCollectionName('down')).find({ kind: 'channelTree' }).toArray();
    expect(down.map((e) => e.version)).toEqual([5]);
  });

  it('retires every channel of a changed tree in small writes (FerretDB), and refuses an empty tree', async () => {
    const tree = await listSharedChannels(t.node.models);
    const allRetired = tree.map((c) => ({ ...c, retired: true }));
    expect(
      await channelTree.apply(t.syndication, edge, eventFrom('laibin', 'channelTree', { version: 6, payload: { channels: allRetired } })),
    ).toBe('applied');
    expect(await t.node.models.Channel.countDocuments({ origin: 'shared', retired: false })).toBe(0);
    await expect(
      channelTree.apply(t.syndication, edge, eventFrom('laibin', 'channelTree', { version: 7, payload: { channels: [] } })),
    ).rejects.toBeInstanceOf(EventRejected);
  });
});
