import { rankEntries } from './publishContestResults';
import type { ContestDoc, ContestEntryDoc, ContestScoreDoc } from './readersModels';

const contest = {
  _id: 'c',
  categories: [
    { key: 'essay', name: '散文' },
    { key: 'poem', name: '诗歌' },
  ],
  judges: ['j1', 'j2'],
  prizes: [
    { name: '一等奖', count: 1 },
    { name: '二等奖', count: 2 },
  ],
} as unknown as ContestDoc;

const entry = (id: string, category: string, minute: number) =>
  ({
    _id: id,
    category,
    title: `作品${id}`,
    author: `作者${id}`,
    submittedAt: new Date(Date.UTC(2026, 5, 1, 0, minute)),
  }) as ContestEntryDoc;
const score = (entryId: string, judge: string, total: number) => ({ entry: entryId, judge, total }) as ContestScoreDoc;

describe('rankEntries', () => {
  it('ranks per category by the judges’ mean, earlier entry first on a tie, prizes in order, unscored left out', () => {
    const entries = [
      entry('a', 'essay', 1),
      entry('b', 'essay', 2),
      entry('c', 'essay', 0),
      entry('d', 'essay', 3),
      entry('p', 'poem', 0),
      entry('q', 'poem', 1),
    ];
    const scores = [
      score('a', 'j1', 80),
      score('a', 'j2', 90),
      score('b', 'j1', 85),
      score('c', 'j2', 85),
      score('c', 'j9', 100), // not a judge of this contest
      score('d', 'j1', 60),
      score('p', 'j1', 70),
    ];
    expect(rankEntries(contest, entries, scores).map((r) => [r.category, r.entryId, r.score, r.judges, r.rank, r.prize])).toEqual([
      ['essay', 'c', 85, 1, 1, '一等奖'],
      ['essay', 'a', 85, 2, 2, '二等奖'],
      ['essay', 'b', 85, 1, 3, '二等奖'],
      ['essay', 'd', 60, 1, 4, null],
      ['poem', 'p', 70, 1, 1, '一等奖'],
    ]);
  });
});
