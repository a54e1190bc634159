import { eventFrom, openSyndicationTestNode, type SyndicationTestNode } from '../../../../tests/support/syndicationNode';
import { EventRejected } from '../../syndication/handlers/registry';
import { outboxCollectionName } from '../../syndication/syndicationModels';
import { setNewspaperPolicy } from '../setNewspaperPolicy';
import { textFingerprint } from '../manuscriptText';
import { manuscript } from './manuscript';
import { manuscriptStatus } from './manuscriptStatus';

const payload = (id: string, title: string) => ({
  id,
  origin: { node: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township' },
  title,
  author: '韦通讯员',
  officer: '韦通讯员',
  callId: null,
  section: '支部风采',
  body: '<p>凤凰镇开展党建活动。</p>',
  wordCount: 10,
  images: [],
  sourceArticleId: null,
  sourceUrl: null,
  textHash: textFingerprint(title, '<p>凤凰镇开展党建活动。</p>'),
  submittedAt: new Date().toISOString(),
  hops: [],
});

describe('handlers: manuscript and manuscriptStatus at a county', () => {
  let county: SyndicationTestNode;
  beforeAll(async () => {
    county = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => county?.close());
  const fromTownship = { peer: 'xingbin_fenghuang', stream: 'up' as const };

  it('passes a township’s manuscript on to the desk at once, adding itself as a hop; twice changes nothing', async () => {
    const id = 'xingbin_fenghuang:6b0c8bbb7b788af4114883c2';
    const event = eventFrom('xingbin_fenghuang', 'manuscript', { stream: 'up', itemId: id, payload: payload(id, '凤凰镇党建') });
    expect(await manuscript.apply(county.syndication, fromTownship, event)).toBe('applied');
    expect(await manuscript.apply(county.syndication, fromTownship, event)).toBe('unchanged');
    await county.syndication.relay.idle();
    const up = await county.connection.collection(outboxCollectionName('up')).find({ kind: 'manuscript' }).toArray();
    expect(up).toHaveLength(1);
    expect(up[0]!.payload.hops.map((h: { node: string }) => h.node)).toEqual(['xingbin']);
    expect((await county.node.models.Manuscript.findById(id).lean())!.status).toBe('forwarded');
  });

  it('holds it for an editor when the county screens, and refuses a manuscript the sender did not write', async () => {
    await setNewspaperPolicy(county.as('admin'), { screenManuscripts: true });
    const id = 'xingbin_fenghuang:6b0c8bbb7b788af4114883c3';
    const held = eventFrom('xingbin_fenghuang', 'manuscript', { stream: 'up', itemId: id, payload: payload(id, '待初审') });
    expect(await manuscript.apply(county.syndication, fromTownship, held)).toBe('applied');
    expect((await county.node.models.Manuscript.findById(id).lean())!.status).toBe('screening');
    const forged = eventFrom('xingbin_sanwu', 'manuscript', { stream: 'up', itemId: id, payload: payload(id, '冒名') });
    await expect(manuscript.apply(county.syndication, { peer: 'xingbin_sanwu', stream: 'up' }, forged)).rejects.toBeInstanceOf(
      EventRejected,
    );
  });

  it('records a status report addressed to it and passes it on to the origin; others and older ones change nothing', async () => {
    const id = 'xingbin_fenghuang:6b0c8bbb7b788af4114883c2';
    const report = (status: string, at: Date) => ({
      manuscriptId: id,
      status,
      reason: null,
      at: at.toISOString(),
      by: '编辑部',
      decidedBy: { node: 'laibin', name: '来宾市党建网', tier: 'city' },
      placement: null,
      printedAt: null,
    });
    const later = new Date(Date.now() + 60_000);
    const notMine = eventFrom('laibin', 'manuscriptStatus', { itemId: id, to: 'xiangzhou', payload: report('shortlisted', later) });
    expect(await manuscriptStatus.apply(county.syndication, { peer: 'laibin', stream: 'down' }, notMine)).toBe('ignored');
    const mine = eventFrom('laibin', 'manuscriptStatus', { itemId: id, to: 'xingbin', payload: report('shortlisted', later) });
    expect(await manuscriptStatus.apply(county.syndication, { peer: 'laibin', stream: 'down' }, mine)).toBe('applied');
    expect(await manuscriptStatus.apply(county.syndication, { peer: 'laibin', stream: 'down' }, mine)).toBe('unchanged');
    const older = eventFrom('laibin', 'manuscriptStatus', {
      itemId: id,
      to: 'xingbin',
      payload: report('received', new Date(later.getTime() - 1000)),
    });
    expect(await manuscriptStatus.apply(county.syndication, { peer: 'laibin', stream: 'down' }, older)).toBe('unchanged');
    expect((await county.node.models.Manuscript.findById(id).lean())!.status).toBe('shortlisted');
    await county.syndication.relay.idle();
    const down = await county.connection.collection(outboxCollectionName('down')).find({ kind: 'manuscriptStatus' }).toArray();
    expect(down.map((e) => [e.to, e.payload.status])).toEqual([['xingbin_fenghuang', 'shortlisted']]);
  });
});
