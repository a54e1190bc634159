import JSZip from 'jszip';
import { issueContents, issueDocx } from './exportIssue';
import type { ManuscriptDoc, NewspaperIssueDoc } from './newspaperModels';

const issue: NewspaperIssueDoc = {
  _id: 'issue-12',
  number: 12,
  date: '2026-06-18',
  pages: [
    {
      number: 1,
      name: '要闻',
      slots: [
        { id: '1-1', section: '头条', maxWords: 1500 },
        { id: '1-2', section: '简讯', maxWords: null },
      ],
    },
    { number: 2, name: '基层党建', slots: [{ id: '2-1', section: '支部风采', maxWords: null }] },
  ],
  status: 'planning',
  printedAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  updatedBy: '编辑部',
  revision: 0,
};

const placed = (id: string, slotId: string, page: number, title: string, body: string): ManuscriptDoc => ({
  _id: id,
  role: 'desk',
  origin: { node: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township' },
  title,
  author: '韦通讯员',
  officer: null,
  createdBy: null,
  callId: null,
  section: null,
  body,
  wordCount: 20,
  images: [],
  sourceArticleId: null,
  sourceUrl: null,
  textHash: 'a'.repeat(64),
  submittedAt: new Date(),
  hops: [],
  status: 'placed',
  reason: null,
  statusAt: new Date(),
  statusBy: null,
  placement: { issueId: 'issue-12', number: 12, date: '2026-06-18', page, slotId },
  printedAt: null,
  receivedAt: new Date(),
  updatedAt: new Date(),
  revision: 1,
  pendingEvents: [],
});

describe('issue export', () => {
  const docs = [
    placed('a:1', '2-1', 2, '三五镇支部开展主题党日', '<p>三五镇各支部开展主题党日活动。</p>'),
    placed('a:2', '1-1', 1, '凤凰镇“三级三批”见成效', '<p>第一段：凤凰镇党建引领。</p><p>第二段：信息员&lt;报送&gt;。</p>'),
  ];

  it('lists the contents in page and slot order, leaving empty slots out', () => {
    expect(issueContents(issue, docs).map((c) => [c.page, c.slotId, c.section, c.title])).toEqual([
      [1, '1-1', '头条', '凤凰镇“三级三批”见成效'],
      [2, '2-1', '支部风采', '三五镇支部开展主题党日'],
    ]);
  });

  it('makes a DOCX that opens: a zip with the document part holding the masthead, contents and every manuscript', async () => {
    const buffer = await issueDocx(issue, docs);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const zip = await JSZip.loadAsync(buffer);
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join('|');
    expect(text).toContain('《桂中日报·村党员版》');
    expect(text).toContain('第 12 期　2026-06-18　共 2 版');
    expect(text).toContain('目录');
    expect(text.indexOf('凤凰镇“三级三批”见成效')).toBeLessThan(text.lastIndexOf('三五镇支部开展主题党日'));
    expect(text).toContain('第二段：信息员&lt;报送&gt;。');
    expect(text).toContain('第 2 版　基层党建');
  });
});
