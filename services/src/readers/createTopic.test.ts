import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { codeOf } from '../../../tests/support/expectations';
import { createTopic } from './createTopic';
import { updateTopic } from './updateTopic';

describe('createTopic and updateTopic', () => {
  let county: ContentTestNode;
  let town: ContentTestNode;
  beforeAll(async () => {
    county = await openContentTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin', ancestors: ['laibin'] });
    town = await openContentTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin', ancestors: ['xingbin', 'laibin'] });
  });
  afterAll(async () => {
    await county.close();
    await town.close();
  });

  const input = {
    slug: 'xianfeng',
    title: '先锋网专题',
    startsAt: '2026-07-01',
    endsAt: '2026-12-31',
    rule: { channels: ['xianfeng'], tags: [], picks: [] },
    sections: [{ slug: 'renwu', title: '先锋人物', rule: { channels: [], tags: ['先锋人物'], picks: [] } }],
    pages: [{ slug: 'about', title: '关于', body: '一段<script>x</script>' }],
  };

  it('creates a topic at a county (China-time dates, pages escaped), refuses a township, a duplicate slug and bad input', async () => {
    const t = await createTopic(county.as('editor'), input);
    expect(t.startsAt.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(t.pages[0]!.body).toBe('<p>一段&lt;script&gt;x&lt;/script&gt;</p>');
    expect(await codeOf(createTopic(county.as('editor'), input))).toBe('CONFLICT');
    expect(await codeOf(createTopic(town.as('admin'), input))).toBe('FORBIDDEN');
    expect(await codeOf(createTopic(county.as('officer'), { ...input, slug: 'other' }))).toBe('FORBIDDEN');
    expect(await codeOf(createTopic(county.as('editor'), { ...input, slug: 'x2', endsAt: '2026-01-01' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createTopic(county.as('editor'), { ...input, slug: 'x3', bannerImageId: 'nope' }))).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(createTopic(county.as('editor'), { ...input, slug: 'x4', rule: { channels: [], tags: [], picks: ['not-an-id'] } })),
    ).toBe('BAD_USER_INPUT');
  });

  it('updates and archives a topic with compare-and-set, never changing its slug', async () => {
    const updated = await updateTopic(county.as('admin'), 'xianfeng', { ...input, title: '先锋网（更新）' });
    expect(updated).toMatchObject({ title: '先锋网（更新）', revision: 2 });
    expect(await codeOf(updateTopic(county.as('admin'), 'xianfeng', { ...input, slug: 'renamed' }))).toBe('BAD_USER_INPUT');
    expect((await updateTopic(county.as('admin'), 'xianfeng', null, 'archived')).status).toBe('archived');
    expect(await codeOf(updateTopic(county.as('admin'), 'missing', null, 'archived'))).toBe('NOT_FOUND');
  });
});
