import { indexTerms, queryTerms } from './chineseText';
import { FIELD_WEIGHTS, scoreMatch } from './ranking';

function doc(title: string, body: string, extra: { summary?: string; tags?: string[]; recency?: number } = {}) {
  return {
    titleTerms: indexTerms(title),
    summaryTerms: extra.summary ? indexTerms(extra.summary) : undefined,
    tagTerms: extra.tags ? indexTerms(extra.tags.join(' ')) : undefined,
    bodyTerms: new Set(indexTerms(body)),
    recency: extra.recency,
  };
}

describe('scoreMatch', () => {
  const { required } = queryTerms('党建');

  it('ranks a title hit above a summary/tag hit above a body hit', () => {
    const inTitle = scoreMatch(doc('兴宾区黨建工作會議', '会议召开'), required);
    const inSummary = scoreMatch(doc('工作会议', '会议召开', { summary: '部署党建工作' }), required);
    const inTags = scoreMatch(doc('工作会议', '会议召开', { tags: ['党建'] }), required);
    const inBody = scoreMatch(doc('工作会议', '会上部署了党建工作'), required);
    expect(inTitle).toBe(FIELD_WEIGHTS.title);
    expect(inTitle).toBeGreaterThan(inSummary);
    expect(inSummary).toBe(inTags);
    expect(inSummary).toBeGreaterThan(inBody);
    expect(inBody).toBe(FIELD_WEIGHTS.body);
  });

  it('sums over the required terms, each at its best field', () => {
    const terms = queryTerms('信息员 先锋网').required; // 信息, 息员, 先锋, 锋网
    const score = scoreMatch(doc('信息员培训', '登录先锋网报名；信息员'), terms);
    expect(score).toBe(2 * FIELD_WEIGHTS.title + 2 * FIELD_WEIGHTS.body);
  });

  it('uses recency only to break ties', () => {
    const newerInBody = scoreMatch(doc('工作会议', '党建', { recency: 1 }), required);
    const olderInBody = scoreMatch(doc('工作会议', '党建', { recency: 0.2 }), required);
    const olderInSummary = scoreMatch(doc('工作会议', '', { summary: '党建', recency: 0 }), required);
    expect(newerInBody).toBeGreaterThan(olderInBody);
    expect(olderInSummary).toBeGreaterThan(newerInBody);
  });

  it('clamps odd recency values', () => {
    const base = scoreMatch(doc('党建', ''), required);
    expect(scoreMatch(doc('党建', '', { recency: 99 }), required)).toBe(scoreMatch(doc('党建', '', { recency: 1 }), required));
    expect(scoreMatch(doc('党建', '', { recency: -5 }), required)).toBe(base);
    expect(scoreMatch(doc('党建', '', { recency: Number.NaN }), required)).toBe(base);
  });

  it('gives nothing for missing terms or an empty query', () => {
    expect(scoreMatch(doc('工作会议', '会议召开'), required)).toBe(0);
    expect(scoreMatch(doc('党建', '党建'), [])).toBe(0);
  });

  it('orders search results title first', () => {
    const docs = [
      { id: 'body', ...doc('三级三批工作推进会', '兴宾区党建引领基层治理') },
      { id: 'title', ...doc('兴宾区黨建引領基層治理', '会议要求') },
      { id: 'both', ...doc('党建工作', '兴宾区') },
    ];
    const terms = queryTerms('兴宾区 党建').required;
    const ranked = [...docs].sort((a, b) => scoreMatch(b, terms) - scoreMatch(a, terms)).map((d) => d.id);
    expect(ranked).toEqual(['title', 'both', 'body']);
  });
});
