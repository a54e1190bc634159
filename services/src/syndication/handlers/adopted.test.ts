import { Types } from 'mongoose';
import { globalArticleId } from '../../articles/articleIds';
import { applyArticleChange } from '../../articles/articleStore';
import type { ArticleDoc } from '../../articles/articleModel';
import { articleDoc } from '../../../../tests/content/contentTestNode';
import { eventFrom, openSyndicationTestNode, type SyndicationTestNode } from '../../../../tests/support/syndicationNode';
import { outboxCollectionName } from '../syndicationModels';
import { adopted } from './adopted';
import { rejected } from './rejected';

const edge = { peer: 'laibin', stream: 'down' as const };

describe('handlers: adopted and rejected (reports travelling back to the origin)', () => {
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
  const report = (itemId: string, status: 'adopted' | 'rejected', to = 'xingbin', at = new Date().toISOString()) =>
    eventFrom('laibin', status, {
      itemId,
      to,
      payload: {
        originalId: itemId,
        node: 'laibin',
        name: '来宾市党建网',
        tier: 'city',
        status,
        at,
        by: '市编辑',
        reason: status === 'rejected' ? '不予采用' : null,
        copyId: null,
      },
    });

  it('records the decision on this node’s own article; twice changes nothing; for another node it is ignored', async () => {
    const doc = await article();
    const id = globalArticleId('xingbin', doc._id);
    const event = report(id, 'adopted');
    expect(await adopted.apply(t.syndication, edge, event)).toBe('applied');
    const once = await t.node.models.Article.findById(doc._id).lean();
    expect(once!.adoptions).toEqual([expect.objectContaining({ node: 'laibin', status: 'adopted', by: '市编辑' })]);
    expect(await adopted.apply(t.syndication, edge, event)).toBe('unchanged');
    expect((await t.node.models.Article.findById(doc._id).lean())!.revision).toBe(once!.revision);
    expect(await adopted.apply(t.syndication, edge, report(id, 'adopted', 'heshan'))).toBe('ignored');
    expect(await rejected.apply(t.syndication, edge, report(id, 'rejected', 'xingbin', '2000-01-01T00:00:00.000Z'))).toBe('unchanged'); // older
  });

  it('an editor’s change decided before a report arrived still applies, and keeps the report', async () => {
    const doc = await article({ status: 'draft' });
    const id = globalArticleId('xingbin', doc._id);
    const seenByEditor = (await t.node.models.Article.findById(doc._id).lean<ArticleDoc>())!;
    expect(await adopted.apply(t.syndication, edge, report(id, 'adopted'))).toBe('applied');
    const editor = t.as('editor');
    const edited = await applyArticleChange(editor, editor.actor!, seenByEditor, { set: { title: '县里的稿件（修改）' } });
    expect(edited.title).toBe('县里的稿件（修改）');
    expect(edited.adoptions).toEqual([expect.objectContaining({ node: 'laibin', status: 'adopted' })]);
    // Two editors still cannot both win.
    await expect(applyArticleChange(editor, editor.actor!, seenByEditor, { set: { title: '另一位编辑的修改' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('passes a decision on a copy on down towards the item’s origin, in the same write', async () => {
    const below = globalArticleId('xingbin_fenghuang', new Types.ObjectId());
    const copy = await article({
      syndicatedFrom: below,
      origin: { node: 'xingbin_fenghuang', name: '凤凰镇', tier: 'township', officer: null, id: below, publishedAt: null },
    });
    const id = globalArticleId('xingbin', copy._id);
    expect(await rejected.apply(t.syndication, edge, report(id, 'rejected'))).toBe('applied');
    await t.syndication.relay.idle();
    const down = await t.connection.collection(outboxCollectionName('down')).find({ itemId: below }).toArray();
    expect(down.map((e) => [e.kind, e.to, e.payload.node, e.payload.reason])).toEqual([
      ['rejected', 'xingbin_fenghuang', 'laibin', '不予采用'],
    ]);
  });
});
