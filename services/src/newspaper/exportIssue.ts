import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { NodeContext } from '../node/nodeContext';
import { htmlToText } from '../articles/articleContent';
import type { ManuscriptDoc, NewspaperIssueDoc } from './newspaperModels';
import { loadIssue, placedIn } from './planIssue';

export const NEWSPAPER_TITLE = '《桂中日报·村党员版》';

/** One line of an issue's contents list (目录). */
export interface ContentsLine {
  page: number;
  pageName: string;
  slotId: string;
  section: string;
  title: string;
  author: string;
  origin: string;
  wordCount: number;
  manuscriptId: string;
}

/** The contents of an issue in page and slot order (a slot without a manuscript is left out). */
export function issueContents(issue: NewspaperIssueDoc, placed: readonly ManuscriptDoc[]): ContentsLine[] {
  const bySlot = new Map(placed.filter((m) => m.placement?.issueId === issue._id).map((m) => [m.placement!.slotId, m]));
  const lines: ContentsLine[] = [];
  for (const page of issue.pages) {
    for (const slot of page.slots) {
      const m = bySlot.get(slot.id);
      if (!m) continue;
      lines.push({
        page: page.number,
        pageName: page.name,
        slotId: slot.id,
        section: slot.section,
        title: m.title,
        author: m.author,
        origin: m.origin.name,
        wordCount: m.wordCount,
        manuscriptId: m._id,
      });
    }
  }
  return lines;
}

const FONT = 'SimSun';
const run = (text: string, opts: { bold?: boolean; size?: number } = {}) => new TextRun({ text, font: FONT, ...opts });

function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [run(text, { bold })] })] });
}

/**
 * The issue's copy for the printer as a Word document (DOCX, made with the `docx` library): a title, the contents
 * list, then each page (版) with its manuscripts in slot order — section, title, author and origin, the text.
 */
export async function issueDocx(issue: NewspaperIssueDoc, placed: readonly ManuscriptDoc[]): Promise<Buffer> {
  const contents = issueContents(issue, placed);
  const byId = new Map(placed.map((m) => [m._id, m]));
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [run(NEWSPAPER_TITLE, { bold: true, size: 44 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(`第 ${issue.number} 期　${issue.date}　共 ${issue.pages.length} 版`)],
    }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run('目录', { bold: true })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: ['版次', '栏目', '标题', '作者', '来源', '字数'].map((h) => cell(h, true)) }),
        ...contents.map(
          (c) =>
            new TableRow({
              children: [
                cell(`第 ${c.page} 版 ${c.pageName}`),
                cell(c.section),
                cell(c.title),
                cell(c.author),
                cell(c.origin),
                cell(String(c.wordCount)),
              ],
            }),
        ),
      ],
    }),
  ];
  for (const page of issue.pages) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
        children: [run(`第 ${page.number} 版　${page.name}`, { bold: true })],
      }),
    );
    for (const line of contents.filter((c) => c.page === page.number)) {
      const m = byId.get(line.manuscriptId)!;
      children.push(new Paragraph({ children: [run(`【${line.section}】`, { bold: true })] }));
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(m.title, { bold: true })] }));
      children.push(new Paragraph({ children: [run(`作者：${m.author}　来源：${m.origin.name}　${m.wordCount} 字`)] }));
      for (const para of htmlToText(m.body)
        .split(/\n+/)
        .map((p) => p.trim())
        .filter(Boolean)) {
        children.push(new Paragraph({ indent: { firstLine: 480 }, children: [run(para)] }));
      }
      if (m.images.length)
        children.push(new Paragraph({ children: [run(`配图 ${m.images.length} 幅：${m.images.map((i) => i.url).join('；')}`)] }));
    }
  }
  const doc = new Document({
    creator: '党建网群报纸编辑部',
    title: `${NEWSPAPER_TITLE} 第 ${issue.number} 期`,
    description: `${issue.date} 付印稿`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

/** Loads an issue and its manuscripts and makes its DOCX and contents list. */
export async function exportIssue(
  node: NodeContext,
  id: string,
): Promise<{ issue: NewspaperIssueDoc; docx: Buffer; contents: ContentsLine[] }> {
  const issue = await loadIssue(node, id);
  const placed = await placedIn(node, issue._id);
  return { issue, docx: await issueDocx(issue, placed), contents: issueContents(issue, placed) };
}
