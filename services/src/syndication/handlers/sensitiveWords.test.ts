import { eventFrom, openSyndicationTestNode, type SyndicationTestNode } from '../../../../tests/support/syndicationNode';
import { loadSensitiveWords } from '../../articles/sensitiveWordList';
import { outboxCollectionName } from '../syndicationModels';
import { sensitiveWords } from './sensitiveWords';

describe('handler: sensitiveWords', () => {
  let t: SyndicationTestNode;
  beforeAll(async () => {
    t = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => t?.close());

  it('stores a newer list, passes it on, and ignores an older one', async () => {
    const edge = { peer: 'laibin', stream: 'down' as const };
    expect(
      await sensitiveWords.apply(
        t.syndication,
        edge,
        eventFrom('laibin', 'sensitiveWords', { version: 2, payload: { words: ['违规词乙', '违规词甲'] } }),
      ),
    ).toBe('applied');
    expect(await loadSensitiveWords(t.node)).toEqual(['违规词乙', '违规词甲'].sort());
    expect(
      await sensitiveWords.apply(t.syndication, edge, eventFrom('laibin', 'sensitiveWords', { version: 1, payload: { words: [] } })),
    ).toBe('unchanged');
    expect(await loadSensitiveWords(t.node)).toHaveLength(2);
    await t.syndication.relay.idle();
    const down = await t.connection.collection(outboxCollectionName('down')).find({ kind: 'sensitiveWords' }).toArray();
    expect(down.map((e) => [e.version, e.payload.words.length])).toEqual([[2, 2]]);
  });
});
