import { Types } from 'mongoose';
import { globalArticleId } from '../../articles/articleIds';
import type { ArticleDoc } from '../../articles/articleModel';
import { articleDoc } from '../../../../tests/content/contentTestNode';
import { eventFrom, openSyndicationTestNode, type SyndicationTestNode } from '../../../../tests/support/syndicationNode';
import { outboxCollectionName } from '../syndicationModels';
import { featured } from './featured';

const edge = { peer: 'laibin', stream: 'down' as const };

describe('handlers: featured (a topic above lists the item; reported back to the origin)', () => {
  let t: SyndicationTestNode;
  beforeAll(async () => {
    t = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => t?.close());

  async function article(fields: Partial<ArticleDoc> = {}): Promise<ArticleDoc> {
    const doc = {
      _id: new Types.ObjectId(),
      ...articleDoc('xingbin', { title: '县里的稿件', channel: 'dangjian' }),
      ...fields,
    } as ArticleDoc;
    await t.node.models.Article.create(doc);
    return doc;
  }
  const report = (itemId: string, fields: { to?: string; at?: string; topicId?: string; payload?: Record<string, unknown> } = {}) =>
    eventFrom('laibin', 'featured', {
      itemId,
      to: fields.to ?? 'xingbin',
      payload: fields.payload ?? {
        originalId: itemId,
        node: 'laibin',
        name: '来宾市党建网',
        tier: 'city',
        topicId: fields.topicId ?? 'sanji-sanpi',
        topic: '“三级三批”专题',
        at: fields.at ?? new Date().toISOString(),
      },
    });

  it('records the topic on this node’s own article once per topic; a later report of the same topic changes nothing', async () => {
    const doc = await article();
    const id = globalArticleId('xingbin', doc._id);
    expect(await featured.apply(t.syndication, edge, report(id, { at: '2026-11-01T00:00:00.000Z' }))).toBe('applied');
    expect(await featured.apply(t.syndication, edge, report(id, { at: '2026-11-02T00:00:00.000Z' }))).toBe('unchanged');
    expect(await featured.apply(t.syndication, edge, report(id, { topicId: 'xianfeng' }))).toBe('applied');
    expect(await featured.apply(t.syndication, edge, report(id, { to: 'heshan' }))).toBe('ignored');
    const stored = await t.node.models.Article.findById(doc._id).lean();
    expect(stored!.features!.map((f) => [f.topicId, f.at])).toEqual([
      ['sanji-sanpi', '2026-11-01T00:00:00.000Z'],
      ['xianfeng', expect.any(String)],
    ]);
  });

  it('passes a report on a copy on down towards the origin; a malformed report or another node’s item is refused', async () => {
    const below = globalArticleId('xingbin_fenghuang', new Types.ObjectId());
    const copy = await article({
      syndicatedFrom: below,
      origin: { node: 'xingbin_fenghuang', name: '凤凰镇', tier: 'township', officer: null, id: below, publishedAt: null },
    });
    const id = globalArticleId('xingbin', copy._id);
    expect(await featured.apply(t.syndication, edge, report(id))).toBe('applied');
    await t.syndication.relay.idle();
    const down = await t.connection.collection(outboxCollectionName('down')).find({ itemId: below, kind: 'featured' }).toArray();
    expect(down.map((e) => [e.to, e.payload.node, e.payload.topicId, e.payload.originalId])).toEqual([
      ['xingbin_fenghuang', 'laibin', 'sanji-sanpi', id],
    ]);
    await expect(featured.apply(t.syndication, edge, report(id, { payload: { node: 'laibin', topicId: '' } }))).rejects.toMatchObject({
      name: 'EventRejected',
    });
    await expect(featured.apply(t.syndication, edge, report(globalArticleId('heshan', new Types.ObjectId())))).rejects.toThrow(
      '专题收录报告的稿件 ID',
    );
  });
});
