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
import { retracted } from './retracted';

const CHILD = 'xingbin_fenghuang';
const edge = { peer: CHILD, stream: 'up' as const };

describe('handler: retracted', () => {
  let t: SyndicationTestNode;
  beforeAll(async () => {
    t = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', config: { syndicationAutoAdopt: true } });
  });
  afterAll(async () => t?.close());

  const retraction = (id: string) => eventFrom(CHILD, 'retracted', { itemId: id, version: 1, payload: { reason: '内容有误' } });
  const publication = (id: string) => eventFrom(CHILD, 'published', { itemId: id, payload: { ...itemPayload(CHILD, '被撤回的稿件') } });

  it('keeps a retraction that arrives before its item as a tombstone, which wins', async () => {
    const id = childItemId(CHILD);
    expect(await retracted.apply(t.syndication, edge, retraction(id))).toBe('applied');
    expect(await published.apply(t.syndication, edge, publication(id))).toBe('unchanged');
    expect(await t.syndication.models.InboundItem.findById(id).lean()).toMatchObject({
      tombstone: true,
      status: 'retracted',
      payload: null,
    });
    expect(await t.node.models.Article.countDocuments({ syndicatedFrom: id })).toBe(0);
    expect(await retracted.apply(t.syndication, edge, retraction(id))).toBe('unchanged');
  });

  it('retracts an adopted copy, which sends its own retraction up', async () => {
    const id = childItemId(CHILD);
    await published.apply(t.syndication, edge, publication(id));
    expect(await retracted.apply(t.syndication, edge, retraction(id))).toBe('applied');
    const copy = await t.node.models.Article.findById(adoptedArticleId(id)).lean();
    expect(copy).toMatchObject({ status: 'retracted' });
    expect(copy!.reason).toContain('内容有误');
    await t.syndication.relay.idle();
    const up = await t.connection
      .collection(outboxCollectionName('up'))
      .find({ itemId: `xingbin:${String(copy!._id)}` })
      .toArray();
    expect(up.map((e) => e.kind)).toEqual(['published', 'retracted']);
  });
});
