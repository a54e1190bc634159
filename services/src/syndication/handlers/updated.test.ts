import {
  childItemId,
  eventFrom,
  itemPayload,
  openSyndicationTestNode,
  type SyndicationTestNode,
} from '../../../../tests/support/syndicationNode';
import { adoptedArticleId } from '../inbound/copies';
import { published } from './published';
import { updated } from './updated';

const CHILD = 'xingbin_fenghuang';
const edge = { peer: CHILD, stream: 'up' as const };

describe('handler: updated', () => {
  let t: SyndicationTestNode;
  beforeAll(async () => {
    t = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', config: { syndicationAutoAdopt: true } });
  });
  afterAll(async () => t?.close());

  const version = (id: string, v: number, title: string) =>
    eventFrom(CHILD, v === 1 ? 'published' : 'updated', { itemId: id, version: v, payload: { ...itemPayload(CHILD, title) } });
  const apply = (e: ReturnType<typeof version>) => (e.kind === 'published' ? published : updated).apply(t.syndication, edge, e);

  it('flows a newer version into the adopted copy as a new version of the copy', async () => {
    const id = childItemId(CHILD);
    await apply(version(id, 1, '第一版'));
    expect(await apply(version(id, 2, '第二版'))).toBe('applied');
    const copy = await t.node.models.Article.findById(adoptedArticleId(id)).lean();
    expect(copy).toMatchObject({ title: '第二版', version: 2, inboundVersion: 2, inboundAppliedVersion: 2 });
    expect(await apply(version(id, 2, '第二版'))).toBe('unchanged');
    expect((await t.node.models.Article.findById(adoptedArticleId(id)).lean())!.revision).toBe(copy!.revision);
  });

  it('never lets an older version overwrite a newer one (out-of-order batch)', async () => {
    const id = childItemId(CHILD);
    for (const e of [version(id, 3, '第三版'), version(id, 1, '第一版'), version(id, 2, '第二版')]) await apply(e);
    const item = await t.syndication.models.InboundItem.findById(id).lean();
    expect(item).toMatchObject({ version: 3, payload: { title: '第三版' } });
    const copy = await t.node.models.Article.findById(adoptedArticleId(id)).lean();
    expect(copy).toMatchObject({ title: '第三版', inboundVersion: 3 });
  });

  it('takes an update that arrives before its publication as the publication', async () => {
    const id = childItemId(CHILD);
    expect(await apply(version(id, 2, '先到的更新'))).toBe('applied');
    expect(await t.syndication.models.InboundItem.findById(id).lean()).toMatchObject({ version: 2, status: 'adopted' });
    expect(await apply(version(id, 1, '迟到的首发'))).toBe('unchanged');
    expect((await t.node.models.Article.findById(adoptedArticleId(id)).lean())!.title).toBe('先到的更新');
  });
});
