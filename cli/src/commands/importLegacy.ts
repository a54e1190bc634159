import { join } from 'node:path';
import { createLogger, nodeConfigFromEnvironment, openNodeDatabase, startDatabaseServer } from '@djnet/shared';
import {
  DEFAULT_IMPORT_CHANNEL,
  LEGACY_FORMATS,
  importLegacyArticles,
  nodeModels,
  type ImportProgress,
  type ImportReport,
  type LegacyFormat,
  type RecordReport,
} from '@djnet/services';

export interface ImportLegacyOptions {
  format?: string;
  channel?: string;
  dryRun?: boolean;
  /** Print every record, not only the problems. */
  verbose?: boolean;
}

/** What `djnet import --help` says about how the import reaches the node. */
export const IMPORT_HELP = `
导入直接写入本节点的数据库（按 DJNET_CONFIG 或 DJNET_* 环境变量找到节点配置，与 token issue 相同），
不经过运行中的节点进程：运行中的节点每 30 秒从数据库刷新已发布文章目录，导入的文章随后出现在栏目和搜索中；
节点未运行时，下次启动即载入。可反复运行：已导入的记录按来源、标题和日期识别，再次运行时跳过。

示例：
  djnet import ./old-site/                       导入文件夹中的全部 HTML、CSV、JSON 文件
  djnet import export.csv --channel dangjian-jingyan   栏目不明的记录放入“经验交流”
  djnet import ./old-site/ --dry-run             只检查并报告，不写入`;

const PROGRESS_EVERY = 50;

const OUTCOME_LABEL: Record<RecordReport['outcome'], string> = { imported: '导入', skipped: '跳过', failed: '失败' };

const FALLBACK_LABEL = { missing: '未给出', unknown: '不存在', ambiguous: '有歧义（同名栏目不止一个）', retired: '已停用' } as const;

function recordLine(r: RecordReport): string {
  const where = r.position === null ? r.path : `${r.path}:${r.position}`;
  const parts = [`${OUTCOME_LABEL[r.outcome]}  ${where}`];
  if (r.title) parts.push(`“${r.title}”`);
  if (r.reason) parts.push(`— ${r.reason.message}`);
  if (r.channelFallback && r.outcome === 'imported') {
    parts.push(
      `— 栏目${r.channelFallback.given ? `“${r.channelFallback.given}”` : ''}${FALLBACK_LABEL[r.channelFallback.reason]}，放入 ${r.channel}`,
    );
  }
  if (r.repairs.length > 0) parts.push(`— 修复：${r.repairs.map((x) => `${x.kind}×${x.count}`).join(' ')}`);
  for (const w of r.warnings) parts.push(`— ${w}`);
  return parts.join(' ');
}

/** Worth a line of its own: not a plain import, not a plain duplicate, not just a page without a channel. */
function noteworthy(r: RecordReport): boolean {
  if (r.outcome === 'failed' || r.warnings.length > 0) return true;
  if (r.outcome === 'skipped') return r.reason?.code !== 'duplicate';
  return r.channelFallback !== null && r.channelFallback.reason !== 'missing';
}

function printReport(report: ImportReport, verbose: boolean): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const all = report.files.flatMap((f) => f.records);
  for (const file of report.files) {
    const shown = file.records.filter((r) => verbose || noteworthy(r));
    if (shown.length === 0) continue;
    out(`${file.path}${file.encoding ? `  [${file.format ?? '?'}, ${file.encoding}, 置信度 ${file.confidence}]` : ''}`);
    for (const r of shown) out(`  ${recordLine(r)}`);
  }

  const duplicates = all.filter((r) => r.reason?.code === 'duplicate').length;
  if (duplicates > 0) out(`已导入过、本次跳过：${duplicates} 条`);
  const fallbacks = new Map<string, number>();
  for (const r of all) {
    if (r.outcome !== 'imported' || !r.channelFallback) continue;
    const key = `栏目${r.channelFallback.given ? `“${r.channelFallback.given}”` : ''}${FALLBACK_LABEL[r.channelFallback.reason]}`;
    fallbacks.set(key, (fallbacks.get(key) ?? 0) + 1);
  }
  for (const [what, n] of fallbacks) out(`${what}：${n} 条，放入默认栏目 ${report.defaultChannel}`);
  if (report.ignored.length > 0) out(`未读取的文件（非 HTML/CSV/JSON）：${report.ignored.length} 个`);
  if (report.channelsFrom === 'default-tree') out('注意：本节点尚无栏目数据，已按网群默认栏目树匹配栏目。');
  const t = report.totals;
  out(
    `${report.dryRun ? '【试运行，未写入】' : ''}文件 ${t.files} 个，记录 ${t.records} 条：` +
      `${report.dryRun ? '将导入' : '导入'} ${t.imported}，跳过 ${t.skipped}，失败 ${t.failed}`,
  );
}

/**
 * `djnet import <path>`: imports old articles (a folder of HTML pages, a CSV or a JSON export) into this node
 * as published articles. Opens the node's database the way `djnet token issue` does and writes there; the
 * running node's catalog picks the articles up on its periodic refresh (see IMPORT_HELP), so the command
 * passes a catalog that does nothing.
 */
export async function runImportLegacy(path: string, opts: ImportLegacyOptions): Promise<boolean> {
  if (opts.format !== undefined && !LEGACY_FORMATS.includes(opts.format as LegacyFormat)) {
    throw new Error(`--format 须为 ${LEGACY_FORMATS.join(' | ')} 之一`);
  }
  const config = nodeConfigFromEnvironment();
  const log = createLogger({ component: 'cli' }, 'warn');
  const db = await startDatabaseServer({ mongodbUri: config.mongodbUri, dataDir: join(config.dataDir, 'ferretdb'), log });
  const connection = await openNodeDatabase(db.uri, config.databaseName);
  try {
    const progress = (p: ImportProgress) => {
      if (p.records % PROGRESS_EVERY !== 0) return;
      process.stderr.write(
        `… 文件 ${p.filesDone}/${p.filesTotal}，记录 ${p.records}（导入 ${p.imported}，跳过 ${p.skipped}，失败 ${p.failed}）\n`,
      );
    };
    const report = await importLegacyArticles(
      { config, connection, models: nodeModels(connection), catalog: { articleChanged: () => undefined }, now: () => new Date() },
      path,
      {
        format: opts.format as LegacyFormat | undefined,
        defaultChannel: opts.channel ?? DEFAULT_IMPORT_CHANNEL,
        dryRun: opts.dryRun,
        onProgress: progress,
      },
    );
    printReport(report, opts.verbose === true);
    return report.totals.failed === 0;
  } finally {
    await connection.close();
    await db.stop();
  }
}
