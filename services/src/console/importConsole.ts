import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { badInput, DomainError, ErrorCode } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import {
  DEFAULT_IMPORT_CHANNEL,
  importLegacyArticles,
  type ImportProgress,
  type ImportReport,
  type RecordReport,
} from '../legacyImport/importLegacyArticles';
import type { NodeContext } from '../node/nodeContext';
import { html, type SafeHtml } from '../site/html';
import { formatDateTime } from '../site/siteFormat';
import {
  consoleErrorHandler,
  consoleSessionGuard,
  consoleSessionOf,
  sendConsolePage,
  sendExpiredForm,
  type ConsoleSession,
} from './consoleFrame';
import { channelOptions, csrfField, errorSummary, field, type FieldErrors } from './consoleForms';
import { csrfValid } from './consoleSession';
import { isMultipart, readMultipartForm } from './multipartForm';

/** Largest export accepted from the console (bigger ones, or folders of pages, go through `djnet import`). */
const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const EXTENSIONS = ['.csv', '.json', '.html', '.htm'];
const LABELS: Record<string, string> = { file: '导出文件', defaultChannel: '栏目不明时放入' };
const OUTCOME: Record<RecordReport['outcome'], string> = { imported: '导入', skipped: '跳过', failed: '失败' };
/** Records listed under a finished import: the ones that need a look (failed, skipped for a reason, warnings). */
const LISTED = 50;

/** The import this console started last on this node: running (with its progress) or finished (with its report). */
interface ImportJob {
  filename: string;
  by: string;
  startedAt: Date;
  dryRun: boolean;
  progress: ImportProgress | null;
  report: ImportReport | null;
  error: string | null;
  done: boolean;
}

function worthListing(r: RecordReport): boolean {
  return r.outcome === 'failed' || r.warnings.length > 0 || (r.outcome === 'skipped' && r.reason?.code !== 'duplicate');
}

function jobSection(job: ImportJob): SafeHtml {
  const p = job.progress;
  const total = Math.max(1, job.report?.totals.records ?? p?.recordsKnown ?? 0);
  const done = job.done ? total : Math.min(total, p?.records ?? 0);
  const t = job.report?.totals ?? {
    records: p?.records ?? 0,
    imported: p?.imported ?? 0,
    skipped: p?.skipped ?? 0,
    failed: p?.failed ?? 0,
  };
  const listed = (job.report?.files ?? []).flatMap((f) => f.records).filter(worthListing);
  return html`<section aria-labelledby="job-title">
    <h2 id="job-title">${job.dryRun ? '检查' : '导入'}：${job.filename}</h2>
    <p>${job.by} 于 ${formatDateTime(job.startedAt)} 开始。</p>
    <div class="progress-row">
      <label for="import-progress">进度</label>
      <progress id="import-progress" max="${total}" value="${done}">${Math.round((done / total) * 100)}%</progress>
      <span>${job.error ? html`<span class="field-error">失败：${job.error}</span>` : job.done ? '已完成' : `已处理 ${t.records} 条`}</span>
    </div>
    <p>
      共 ${t.records} 条：${job.dryRun ? '可导入' : '导入'} ${t.imported} 条，跳过 ${t.skipped} 条（已导入过或没有内容），失败 ${t.failed}
      条。
    </p>
    ${
      listed.length
        ? html`<table class="table">
            <caption>
              需要留意的记录${listed.length > LISTED ? `（前 ${LISTED} 条，共 ${listed.length} 条）` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">位置</th>
                <th scope="col">标题</th>
                <th scope="col">结果</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              ${listed.slice(0, LISTED).map(
                (r) =>
                  html`<tr>
                    <td>${r.position === null ? r.path : `${r.path}:${r.position}`}</td>
                    <th scope="row">${r.title ?? '（无标题）'}</th>
                    <td>${OUTCOME[r.outcome]}</td>
                    <td>${[r.reason?.message, ...r.warnings].filter(Boolean).join('；')}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }
  </section>`;
}

function importMain(
  job: ImportJob | null,
  channels: { value: string; label: string }[],
  values: { defaultChannel: string },
  errors: FieldErrors,
  s: ConsoleSession,
): SafeHtml {
  const running = job !== null && !job.done;
  return html`<h1>历史数据导入</h1>
    <p>
      把旧网站导出的稿件导入本站，作为已发布文章：CSV（首行为表头：title, date, channel, author, source,
      body）、JSON（同样字段的数组）或单个 HTML 页面，GBK、GB18030、Big5 或 UTF-8
      编码均可。同一文件可以重复导入，已导入的记录会跳过。整个文件夹的网页请用命令行
      <code>djnet import</code>。
    </p>
    ${job ? jobSection(job) : ''}
    <h2>导入文件</h2>
    ${errorSummary(errors, LABELS)}
    ${
      running
        ? html`<p class="hint">正在导入，完成后可以再导入其他文件。本页每几秒自动刷新。</p>`
        : html`<form method="post" action="/admin/import" enctype="multipart/form-data" novalidate>
            ${csrfField(s.csrf)}
            <div class="form-row${errors.file ? ' has-error' : ''}">
              <label for="f-file">${LABELS.file}<span aria-hidden="true"> *</span></label>
              <p class="hint" id="f-file-hint">CSV、JSON 或 HTML，最大 ${IMPORT_MAX_BYTES / 1024 / 1024} MB</p>
              <input
                class="field"
                type="file"
                id="f-file"
                name="file"
                accept="${EXTENSIONS.join(',')}"
                required
                aria-required="true"
                aria-describedby="f-file-hint${errors.file ? ' f-file-error' : ''}"
                ${errors.file ? html` aria-invalid="true"` : ''}
              />
              ${errors.file ? html`<p class="field-error" id="f-file-error">${errors.file}</p>` : ''}
            </div>
            ${field({
              name: 'defaultChannel',
              label: LABELS.defaultChannel!,
              type: 'select',
              value: values.defaultChannel,
              error: errors.defaultChannel,
              options: channels,
              hint: '记录的栏目缺失或在本站找不到时，放入这个栏目',
            })}
            <div class="form-row">
              <label><input type="checkbox" name="dryRun" value="1" /> 只检查，不写入</label>
            </div>
            <div class="actions"><button class="button" type="submit">开始导入</button></div>
          </form>`
    }`;
}

/**
 * The console's import (/admin/import, a node's admins): an export of the old site uploaded as one file and imported
 * in the background by `importLegacyArticles` — the same work as `djnet import` — while the page shows its progress
 * (reloaded every few seconds until done) and then the report's totals and the records that need a look.
 */
export function importConsoleRoutes(node: NodeContext): Router {
  const router = Router();
  let job: ImportJob | null = null;

  const page = async (
    res: Response,
    s: ConsoleSession,
    errors: FieldErrors = {},
    status = 200,
    defaultChannel = DEFAULT_IMPORT_CHANNEL,
  ) => {
    const running = job !== null && !job.done;
    if (running) res.set('Refresh', '3');
    sendConsolePage(node, res, s, {
      title: '历史数据导入',
      main: importMain(job, await channelOptions(node), { defaultChannel }, errors, s),
      current: '/admin/import',
      status,
      notice: null,
    });
  };

  router.use('/admin/import', ...consoleSessionGuard(node));

  router.get('/admin/import', async (_req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    requireRole(s.ctx, ['admin']);
    await page(res, s);
  });

  router.post('/admin/import', async (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    requireRole(s.ctx, ['admin']);
    if (!isMultipart(req)) throw badInput('请以 multipart/form-data 上传文件', { field: 'file' });
    let form;
    try {
      form = await readMultipartForm(req, { fileBytes: IMPORT_MAX_BYTES });
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== ErrorCode.BAD_USER_INPUT) throw e;
      return page(res, s, { file: e.message }, 400);
    }
    if (!csrfValid(req, form.fields._csrf)) return sendExpiredForm(node, res, s);
    const defaultChannel = String(form.fields.defaultChannel ?? '') || DEFAULT_IMPORT_CHANNEL;
    const errors: FieldErrors = {};
    const file = form.file;
    const ext = file ? extname(file.filename).toLowerCase() : '';
    if (!file) errors.file = '请选择要导入的文件';
    else if (!EXTENSIONS.includes(ext)) errors.file = '只能导入 CSV、JSON 或 HTML 文件';
    if (!(await channelOptions(node)).some((c) => c.value === defaultChannel)) errors.defaultChannel = '本站没有这个栏目';
    if (job && !job.done) errors.file = '正在导入，请等待完成';
    if (Object.keys(errors).length) return page(res, s, errors, 400, defaultChannel);

    // The importer reads from a path: the upload goes to a folder of its own, under its own name, so an article's
    // id (derived from the file's name, the title and the date) is the same when the same export is imported again.
    const dir = await mkdtemp(join(tmpdir(), 'djnet-import-'));
    const name = file!.filename.replace(/^.*[\\/]/, '').replace(/[^\w.\-\u3400-\u9fff]/g, '_') || `upload${ext}`;
    await writeFile(join(dir, name), file!.bytes);
    const current: ImportJob = {
      filename: name,
      by: s.actor.name,
      startedAt: node.now(),
      dryRun: form.fields.dryRun === '1',
      progress: null,
      report: null,
      error: null,
      done: false,
    };
    job = current;
    node.log.info({ file: name, bytes: file!.bytes.length, by: s.actor.username, dryRun: current.dryRun }, '管理后台开始导入历史数据');
    importLegacyArticles(node, join(dir, name), {
      defaultChannel,
      dryRun: current.dryRun,
      onProgress: (p) => (current.progress = p),
    })
      .then((report) => {
        current.report = report;
        if (report.totals.imported > 0 && !report.dryRun) node.publicContentChanged?.();
        node.log.info({ file: name, totals: report.totals }, '历史数据导入完成');
      })
      .catch((e: Error) => {
        current.error = e instanceof DomainError ? e.message : '导入出错，请查看节点日志';
        node.log.error({ err: e, file: name }, '历史数据导入失败');
      })
      .finally(() => {
        current.done = true;
        void rm(dir, { recursive: true, force: true });
      });
    res.redirect(303, '/admin/import');
  });

  router.use('/admin/import', consoleErrorHandler(node));
  return router;
}
