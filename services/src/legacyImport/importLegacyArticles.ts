import { insertArticles } from '../articles/articleStore';
import { screenSensitiveWords } from '../articles/sensitiveScreen';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ARTICLE_LIMITS, htmlToText } from '../articles/articleContent';
import { globalArticleId } from '../articles/articleIds';
import type { ArticleDoc } from '../articles/articleModel';
import type { NodeContext } from '../node/nodeContext';
import { ChannelMatcher, type ChannelFallback } from './channelMatcher';
import { decodeLegacyBytes, type LegacyEncoding } from './decodeLegacyBytes';
import { extractHtmlArticle } from './extractHtmlArticle';
import { importLocalImages } from './importLocalImages';
import { bodyAsHtml, cleanLine, importedArticleId, importKeyOf, publishableBody, RepairTally, withinLimit } from './legacyArticle';
import { parseLegacyDate } from './legacyDate';
import { csvRecords, jsonRecords, UnreadableExport } from './legacyRecords';
import { listSourceFiles, sniffFormat, type LegacyFormat, type SourceFile } from './legacySources';
import { CsvSyntaxError } from './parseCsv';
import type { TextRepair } from './repairText';

/** Where imports file records whose channel is missing or unknown, unless told otherwise: 党建 › 工作动态. */
export const DEFAULT_IMPORT_CHANNEL = 'dangjian-gongzuo-dongtai';

/** Who is recorded as having created and published imported articles. */
export const IMPORT_ACTOR = { id: 'import', name: '历史数据导入' } as const;

export interface ImportProgress {
  file: string;
  filesDone: number;
  filesTotal: number;
  records: number;
  /** Records of the files read so far (the whole import's once the last file is read; a file skipped whole is one). */
  recordsKnown: number;
  imported: number;
  skipped: number;
  failed: number;
}

export interface ImportOptions {
  /** Read every file as this format (otherwise by extension, or by content for a single file). */
  format?: LegacyFormat;
  /** Channel slug for records whose channel is missing or unknown (DEFAULT_IMPORT_CHANNEL when absent). */
  defaultChannel?: string;
  /** Read, check and report everything, write nothing. */
  dryRun?: boolean;
  /** Called after each record (and each skipped file). */
  onProgress?: (progress: ImportProgress) => void;
}

export type SkipCode = 'duplicate' | 'empty' | 'unreadable';
export type FailCode = 'invalid' | 'error';

export interface RecordReport {
  path: string;
  /** CSV line or JSON index (1-based); null for an HTML page or a file skipped whole. */
  position: number | null;
  title: string | null;
  outcome: 'imported' | 'skipped' | 'failed';
  reason: { code: SkipCode | FailCode; message: string } | null;
  /** Global id (`<node>:<id>`) of the article written (or that would be / already was). */
  articleId: string | null;
  channel: string | null;
  /** Set when the record went to the default channel. */
  channelFallback: ChannelFallback | null;
  publishedAt: string | null;
  /** `source`: the record's own date; `import-time`: it had none that could be read. */
  dateFrom: 'source' | 'import-time' | null;
  encoding: LegacyEncoding | null;
  repairs: TextRepair[];
  warnings: string[];
}

export interface FileReport {
  path: string;
  format: LegacyFormat | null;
  encoding: LegacyEncoding | null;
  /** How sure the encoding detection was (0–1). */
  confidence: number | null;
  records: RecordReport[];
}

export interface ImportReport {
  source: string;
  dryRun: boolean;
  defaultChannel: string;
  /** 'default-tree' when the node had no channels yet and the network's default tree was used for mapping. */
  channelsFrom: 'node' | 'default-tree';
  files: FileReport[];
  /** Files of the folder that were not read (other formats: images, stylesheets, …). */
  ignored: string[];
  totals: { files: number; records: number; imported: number; skipped: number; failed: number };
}

/** What an import needs of a node: config, database, catalog and clock (the CLI builds just this). */
export type ImportNode = Pick<NodeContext, 'config' | 'models' | 'connection' | 'catalog' | 'now'>;

/** A record as read from a file, before repair. */
interface SourceRecord {
  position: number | null;
  title: string;
  bodyHtml: string;
  date: Date | undefined;
  /** The date as written in the source, when it was given (also when it could not be read). */
  dateText: string | null;
  author: string | null;
  source: string | null;
  channelHints: string[];
  /** The folder of the page (HTML only): where its relative image paths start. */
  pageDir: string | null;
}

const BINARY_SAMPLE = 8192;

function skipped(path: string, code: SkipCode, message: string, encoding: LegacyEncoding | null = null): RecordReport {
  return {
    path,
    position: null,
    title: null,
    outcome: 'skipped',
    reason: { code, message },
    articleId: null,
    channel: null,
    channelFallback: null,
    publishedAt: null,
    dateFrom: null,
    encoding,
    repairs: [],
    warnings: [],
  };
}

/**
 * Imports articles from the old sites into this node as published articles: a folder of saved HTML pages,
 * a CSV export (title, date, channel, author, source, body; header row required) or a JSON export (an array
 * of such objects), in GBK/GB18030, Big5 or UTF-8. Each record is decoded, repaired (mis-decoded runs, pinyin
 * annotations, traditional → simplified), sanitised and filed under its channel (or the default one); images
 * saved with a page become media of the node. Idempotent: an article's id is derived from its source (file, title, date), so running the same import again
 * skips what is already there. Reports every file and record.
 */
export async function importLegacyArticles(node: ImportNode, source: string, options: ImportOptions = {}): Promise<ImportReport> {
  const defaultChannel = options.defaultChannel ?? DEFAULT_IMPORT_CHANNEL;
  const channels = await ChannelMatcher.load(node.models, defaultChannel);
  const listing = await listSourceFiles(source, options.format);
  const report: ImportReport = {
    source,
    dryRun: options.dryRun === true,
    defaultChannel,
    channelsFrom: channels.channelsFrom,
    files: [],
    ignored: listing.ignored,
    totals: { files: listing.files.length, records: 0, imported: 0, skipped: 0, failed: 0 },
  };
  let recordsKnown = 0;
  const settings = await node.models.NodeSettings.findById('settings', { sensitiveWords: 1 }).lean();
  const run: ImportRun = {
    node,
    channels,
    root: listing.root,
    seen: new Set(),
    dryRun: report.dryRun,
    sensitiveWords: settings?.sensitiveWords ?? [],
  };

  const count = (file: FileReport, record: RecordReport) => {
    file.records.push(record);
    report.totals.records++;
    report.totals[record.outcome === 'imported' ? 'imported' : record.outcome === 'skipped' ? 'skipped' : 'failed']++;
    options.onProgress?.({
      file: file.path,
      filesDone: report.files.length,
      filesTotal: listing.files.length,
      records: report.totals.records,
      recordsKnown,
      imported: report.totals.imported,
      skipped: report.totals.skipped,
      failed: report.totals.failed,
    });
  };

  for (const sourceFile of listing.files) {
    const file: FileReport = {
      path: sourceFile.relativePath,
      format: sourceFile.format ?? null,
      encoding: null,
      confidence: null,
      records: [],
    };
    const read = await readSourceFile(sourceFile, node.now());
    if ('skip' in read) {
      recordsKnown++;
      report.files.push(file);
      count(file, skipped(file.path, read.skip.code, read.skip.message, read.encoding ?? null));
      continue;
    }
    Object.assign(file, { format: read.format, encoding: read.encoding, confidence: read.confidence });
    report.files.push(file);
    recordsKnown += read.records.length;
    for (const record of read.records) {
      count(file, await importRecord(run, sourceFile, read.encoding, record));
    }
  }
  return report;
}

type ReadResult =
  | { skip: { code: SkipCode; message: string }; encoding?: LegacyEncoding }
  | { format: LegacyFormat; encoding: LegacyEncoding; confidence: number; records: SourceRecord[] };

/** Reads, decodes and parses one file into records, or says why it is skipped. */
async function readSourceFile(file: SourceFile, now: Date): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file.path);
  } catch (e) {
    return { skip: { code: 'unreadable', message: `无法读取文件：${(e as Error).message}` } };
  }
  if (bytes.length === 0 || /^\s*$/.test(bytes.toString('latin1'))) return { skip: { code: 'empty', message: '文件为空' } };
  if (bytes.subarray(0, BINARY_SAMPLE).includes(0)) return { skip: { code: 'unreadable', message: '不是文本文件（含二进制内容）' } };

  const decoded = decodeLegacyBytes(bytes);
  const nonAscii = Array.from(decoded.text.slice(0, 20_000)).filter((ch) => ch.charCodeAt(0) > 0x7f).length;
  const replacements = Array.from(decoded.text.slice(0, 20_000).matchAll(/\uFFFD/g)).length;
  if (nonAscii > 0 && replacements / nonAscii > 0.1) {
    return {
      skip: { code: 'unreadable', message: `无法识别文件编码（按 ${decoded.encoding} 解码仍有大量乱码）` },
      encoding: decoded.encoding,
    };
  }
  const format = file.format ?? sniffFormat(decoded.text);
  const base = { format, encoding: decoded.encoding, confidence: decoded.confidence };
  try {
    if (format === 'html') {
      const page = extractHtmlArticle(decoded.text, { latest: now });
      const folder = dirname(file.relativePath);
      const folderHint = folder === '.' ? [] : [folder.split('/').pop()!];
      return {
        ...base,
        records: [
          {
            position: null,
            title: page.title,
            bodyHtml: page.bodyHtml,
            date: page.date,
            dateText: page.dateText,
            author: page.author,
            source: page.source,
            channelHints: [...page.channelHints, ...folderHint],
            pageDir: dirname(file.path),
          },
        ],
      };
    }
    const records = format === 'csv' ? csvRecords(decoded.text) : jsonRecords(decoded.text);
    if (records.length === 0) return { skip: { code: 'empty', message: '文件中没有记录' }, encoding: decoded.encoding };
    return {
      ...base,
      records: records.map((r) => ({
        position: r.position,
        title: r.title,
        bodyHtml: bodyAsHtml(r.body),
        date: parseLegacyDate(r.date, now),
        dateText: r.date,
        author: r.author,
        source: r.source,
        channelHints: r.channel ? [r.channel] : [],
        pageDir: null,
      })),
    };
  } catch (e) {
    if (e instanceof UnreadableExport || e instanceof CsvSyntaxError)
      return { skip: { code: 'unreadable', message: e.message }, encoding: decoded.encoding };
    throw e;
  }
}

interface ImportRun {
  node: ImportNode;
  channels: ChannelMatcher;
  /** The import root: local images of pages are taken from inside it only. */
  root: string;
  seen: Set<string>;
  dryRun: boolean;
  /** The node's sensitive-word list (信息安全): an imported record that hits it is held for review, not published. */
  sensitiveWords: string[];
}

async function importRecord(run: ImportRun, file: SourceFile, encoding: LegacyEncoding, record: SourceRecord): Promise<RecordReport> {
  const { node } = run;
  const tally = new RepairTally();
  const warnings: string[] = [];
  const title = withinLimit(cleanLine(record.title, tally), ARTICLE_LIMITS.title, '标题', warnings);
  const author = withinLimit(cleanLine(record.author, tally), ARTICLE_LIMITS.author, '作者', warnings);
  const sourceUnit = withinLimit(cleanLine(record.source, tally), ARTICLE_LIMITS.sourceUnit, '来源', warnings);
  const channel = run.channels.match(record.channelHints.map((h) => cleanLine(h, tally)));
  if (record.dateText && !record.date) warnings.push(`日期“${record.dateText}”无法识别，按导入时间发布`);
  const now = node.now();
  const importKey = importKeyOf(file.relativePath, record.title, record.date?.toISOString() ?? record.dateText ?? '');
  const _id = importedArticleId(importKey);
  const report: RecordReport = {
    path: file.relativePath,
    position: record.position,
    title,
    outcome: 'imported',
    reason: null,
    articleId: globalArticleId(node.config.code, _id),
    channel: channel.slug,
    channelFallback: channel.fallback,
    publishedAt: (record.date ?? now).toISOString(),
    dateFrom: record.date ? 'source' : 'import-time',
    encoding,
    repairs: [],
    warnings,
  };
  const done = (outcome: RecordReport['outcome'], reason: RecordReport['reason'] = null): RecordReport => ({
    ...report,
    outcome,
    reason,
    repairs: tally.list(),
  });
  const duplicate = () => done('skipped', { code: 'duplicate', message: '已导入过（同一来源、标题和日期）' });

  if (!title) return done('skipped', { code: 'empty', message: '没有标题' });
  if (run.seen.has(importKey) || (await node.models.Article.exists({ _id }))) return duplicate();

  let html = record.bodyHtml;
  let coverImageId: string | null = null;
  if (record.pageDir !== null) {
    const images = await importLocalImages(node, html, {
      root: run.root,
      pageDir: record.pageDir,
      baseUrl: node.config.publicBaseUrl ?? '',
      dryRun: run.dryRun,
      uploadedBy: IMPORT_ACTOR.id,
    });
    html = images.html;
    coverImageId = images.mediaIds[0] ?? null;
    warnings.push(...images.warnings);
  } else if (/<img\b[^>]*\bsrc\s*=\s*["']?(?!https?:)/i.test(html)) {
    warnings.push('正文含相对地址的图片，未随文导入，可能无法显示');
  }
  const body = publishableBody(html, tally);
  const bodyText = htmlToText(body);
  if (!bodyText && !/<img\b/i.test(body)) return done('skipped', { code: 'empty', message: '正文为空' });
  if (body.length > ARTICLE_LIMITS.body)
    return done('failed', { code: 'invalid', message: `正文过长（${body.length} 字符，上限 ${ARTICLE_LIMITS.body}）` });
  run.seen.add(importKey);
  const hits = screenSensitiveWords({ title, subtitle: null, summary: null, bodyText }, run.sensitiveWords);
  if (hits.length) {
    warnings.push(`含敏感词（${[...new Set(hits.map((h) => h.word))].join('、')}），已放入待审稿件，审核通过后才发布`);
  }
  if (run.dryRun) return done('imported');

  const held = hits.length > 0;
  const publishedAt = held ? null : (record.date ?? now);
  const doc: ArticleDoc = {
    _id,
    node: node.config.code,
    title,
    subtitle: null,
    author,
    officer: null,
    sourceUnit,
    channel: channel.slug,
    tags: [],
    summary: null,
    body,
    bodyText,
    coverImageId,
    attachmentIds: [],
    status: held ? 'submitted' : 'published',
    reviewLevel: null,
    reason: null,
    createdBy: IMPORT_ACTOR.id,
    createdAt: now,
    updatedAt: now,
    publishedAt,
    version: 1,
    revision: 0,
    viewCount: 0,
    transitions: [
      {
        at: now,
        by: IMPORT_ACTOR.id,
        byName: IMPORT_ACTOR.name,
        from: null,
        to: held ? 'submitted' : 'published',
        level: null,
        reason: held ? `导入自 ${file.relativePath}（含敏感词，待审核）` : `导入自 ${file.relativePath}`,
      },
    ],
    sensitiveHits: hits,
    importKey,
  };
  try {
    if ((await insertArticles(node, [doc])).size > 0) return duplicate();
  } catch (e) {
    return done('failed', { code: 'error', message: `写入失败：${(e as Error).message}` });
  }
  return done('imported');
}
