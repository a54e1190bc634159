import { parseCsv } from './parseCsv';

/** One article as read from a legacy export (CSV row, JSON object), before repair and sanitising. */
export interface LegacyRecord {
  /** Where in the file: the CSV line or the JSON array index (1-based). */
  position: number;
  title: string;
  date: string | null;
  channel: string | null;
  author: string | null;
  source: string | null;
  body: string;
}

export type RecordField = 'title' | 'date' | 'channel' | 'author' | 'source' | 'body';

/** Column names seen in exports of the old sites, English and Chinese. */
const FIELD_NAMES: Readonly<Record<RecordField, readonly string[]>> = {
  title: ['title', 'subject', 'headline', '标题', '题目', '文章标题', '新闻标题'],
  date: [
    'date',
    'time',
    'publishdate',
    'pubdate',
    'publishedat',
    'published',
    'publish_date',
    'publishtime',
    'created',
    'createdat',
    '日期',
    '时间',
    '发布时间',
    '发布日期',
    '发表时间',
  ],
  channel: ['channel', 'column', 'category', 'section', 'lanmu', '栏目', '频道', '分类', '类别', '栏目名称'],
  author: ['author', 'writer', '作者', '撰稿', '撰稿人'],
  source: ['source', 'sourceunit', 'origin', 'from', '来源', '稿源', '来源单位', '信息来源'],
  body: ['body', 'content', 'text', 'html', 'article', '正文', '内容', '文章内容'],
};

const normaliseName = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .replace(/[\s_-]/g, '')
    .toLowerCase();

function fieldOf(name: string): RecordField | undefined {
  const key = normaliseName(name);
  return (Object.keys(FIELD_NAMES) as RecordField[]).find((field) => FIELD_NAMES[field].some((n) => normaliseName(n) === key));
}

/** A legacy file that can be read but not understood (no header row, JSON not an array of objects). */
export class UnreadableExport extends Error {}

function recordFrom(position: number, values: Partial<Record<RecordField, unknown>>): LegacyRecord {
  const text = (v: unknown) => (v === undefined || v === null ? null : String(v).trim() || null);
  return {
    position,
    title: text(values.title) ?? '',
    date: text(values.date),
    channel: text(values.channel),
    author: text(values.author),
    source: text(values.source),
    body: text(values.body) ?? '',
  };
}

/** Records of a CSV export; the first row must name the columns (title and body at least). */
export function csvRecords(text: string): LegacyRecord[] {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) return [];
  const columns = header.fields.map(fieldOf);
  const missing = (['title', 'body'] as const).filter((f) => !columns.includes(f));
  if (missing.length > 0) {
    throw new UnreadableExport(
      `CSV 缺少表头或表头中没有 ${missing.join('、')} 列（表头须为 title, date, channel, author, source, body 或对应中文）`,
    );
  }
  return rows.slice(1).map((row) => {
    const values: Partial<Record<RecordField, string>> = {};
    columns.forEach((field, i) => {
      if (field && values[field] === undefined) values[field] = row.fields[i];
    });
    return recordFrom(row.line, values);
  });
}

/** Records of a JSON export: an array of objects, or an object holding one under articles/items/records/data. */
export function jsonRecords(text: string): LegacyRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UnreadableExport(`不是有效的 JSON：${(e as Error).message}`);
  }
  const list = Array.isArray(value)
    ? value
    : (['articles', 'items', 'records', 'data', 'list'].map((k) => (value as Record<string, unknown> | null)?.[k]).find(Array.isArray) as
        unknown[] | undefined);
  if (!list) throw new UnreadableExport('JSON 顶层须为文章数组（或含 articles 数组的对象）');
  return list.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return recordFrom(i + 1, {});
    const values: Partial<Record<RecordField, unknown>> = {};
    for (const [name, v] of Object.entries(item)) {
      const field = fieldOf(name);
      if (field && values[field] === undefined) values[field] = v;
    }
    return recordFrom(i + 1, values);
  });
}
