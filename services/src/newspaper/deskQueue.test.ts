import { duplicatesOf } from './deskQueue';
import type { ManuscriptDoc } from './newspaperModels';

let n = 0;
const m = (over: Partial<ManuscriptDoc>): ManuscriptDoc => ({
  _id: `xingbin_fenghuang:${String(++n).padStart(24, '0')}`,
  role: 'desk',
  origin: { node: 'xingbin_fenghuang', name: '凤凰镇', tier: 'township' },
  title: '标题',
  author: '作者',
  officer: null,
  createdBy: null,
  callId: null,
  section: null,
  body: '<p>正文</p>',
  wordCount: 2,
  images: [],
  sourceArticleId: null,
  sourceUrl: null,
  textHash: 'a'.repeat(64),
  submittedAt: new Date(Date.UTC(2026, 0, n)),
  hops: [],
  status: 'received',
  reason: null,
  statusAt: new Date(),
  statusBy: null,
  placement: null,
  printedAt: null,
  receivedAt: new Date(),
  updatedAt: new Date(),
  revision: 0,
  pendingEvents: [],
  ...over,
});

describe('duplicate flags', () => {
  it('flags the same text printed before and submitted again, printed first; declined ones do not count', () => {
    const printed = m({ status: 'printed' });
    const again = m({});
    const declined = m({ status: 'declined' });
    const other = m({ textHash: 'b'.repeat(64) });
    const all = [again, printed, declined, other];
    expect(duplicatesOf(again, all).map((d) => [d.id, d.kind])).toEqual([[printed._id, 'printed']]);
    expect(duplicatesOf(printed, all).map((d) => [d.id, d.kind])).toEqual([[again._id, 'submitted']]);
    expect(duplicatesOf(other, all)).toEqual([]);
  });

  it('flags the same source article submitted twice even when edited', () => {
    const a = m({ sourceArticleId: 'xingbin_fenghuang:6b0c8bbb7b788af4114883c2' });
    const b = m({ sourceArticleId: 'xingbin_fenghuang:6b0c8bbb7b788af4114883c2', textHash: 'c'.repeat(64) });
    expect(duplicatesOf(b, [a, b]).map((d) => d.id)).toEqual([a._id]);
  });
});
