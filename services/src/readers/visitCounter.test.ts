import { openContentTestNode, type ContentTestNode } from '../../../tests/content/contentTestNode';
import { chinaDay, isBot, VisitCounter } from './visitCounter';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

describe('VisitCounter', () => {
  let t: ContentTestNode;
  beforeAll(async () => {
    t = await openContentTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' });
  });
  afterAll(async () => t.close());

  it('tells obvious robots from browsers', () => {
    for (const ua of [
      '',
      'curl/8.5.0',
      'Mozilla/5.0 (compatible; Googlebot/2.1)',
      'Sogou web spider/4.0',
      'python-requests/2.31',
      'HeadlessChrome/120',
    ])
      expect(isBot(ua)).toBe(true);
    expect(isBot(BROWSER)).toBe(false);
    expect(isBot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0')).toBe(false);
  });

  it('keeps China days', () => {
    expect(chinaDay(new Date('2026-06-30T16:30:00Z'))).toBe('2026-07-01');
    expect(chinaDay(new Date('2026-06-30T15:59:00Z'))).toBe('2026-06-30');
  });

  it('counts views and distinct visitors per node, channel and article, writes them in batches, and stores no address', async () => {
    const at = new Date('2026-07-01T02:00:00Z');
    t.node.now = () => at;
    const counter = new VisitCounter(t.node);
    await counter.start(3_600_000);
    const client = (ip: string) => ({ ip, userAgent: BROWSER });
    expect(counter.pageView({ channel: 'dangjian', article: 'a1' }, client('10.0.0.1'), at)).toBe(true);
    expect(counter.pageView({ channel: 'dangjian', article: 'a1' }, client('10.0.0.1'), at)).toBe(true);
    expect(counter.pageView({ channel: 'dangjian', article: 'a2' }, client('10.0.0.2'), at)).toBe(true);
    expect(counter.pageView({}, client('10.0.0.3'), at)).toBe(true);
    expect(counter.pageView({ article: 'a1' }, { ip: '10.0.0.9', userAgent: 'Baiduspider' }, at)).toBe(false);
    expect(await t.node.models.VisitDay.countDocuments({})).toBe(0);
    await counter.flush();
    const byScope = async () =>
      Object.fromEntries((await t.node.models.VisitDay.find({ day: '2026-07-01' }).lean()).map((d) => [d.scope, [d.pv, d.uv]]));
    expect(await byScope()).toEqual({ node: [4, 3], 'channel:dangjian': [3, 2], 'article:a1': [2, 1], 'article:a2': [1, 1] });
    // A second batch adds; a visitor already counted today is not counted again.
    counter.pageView({ article: 'a1' }, client('10.0.0.1'), at);
    counter.pageView({ article: 'a1' }, client('10.0.0.4'), at);
    await counter.flush();
    expect((await byScope())['article:a1']).toEqual([4, 2]);
    expect((await byScope()).node).toEqual([6, 4]);
    expect(JSON.stringify(await t.node.models.VisitDay.find({}).lean())).not.toContain('10.0.0');
    // The visitor hash depends on the day's salt: the same address is another visitor on another day.
    expect(counter.visitorHash('2026-07-01', '10.0.0.1', BROWSER)).toBe(counter.visitorHash('2026-07-01', '10.0.0.1', BROWSER));
    expect(counter.visitorHash('2026-07-02', '10.0.0.1', BROWSER)).not.toBe(counter.visitorHash('2026-07-01', '10.0.0.1', BROWSER));
    // Two days on, the day's visitors and salt are forgotten.
    const later = new Date('2026-07-03T02:00:00Z');
    t.node.now = () => later;
    counter.pageView({}, client('10.0.0.1'), later);
    await counter.flush();
    expect(await t.node.models.VisitSalt.findById('2026-07-01').lean()).toBeNull();
    await counter.stop();
  });
});
