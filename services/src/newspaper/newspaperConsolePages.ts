import { csrfField, errorSummary, field, type FieldErrors } from '../console/consoleForms';
import { html, type SafeHtml } from '../site/html';
import type { QueueEntry } from './deskQueue';
import type { DistributionRollup, DistributionRow } from './distributionRollup';
import type { ContentsLine } from './exportIssue';
import type {
  ManuscriptDoc,
  ManuscriptStatus,
  NewspaperCallDoc,
  NewspaperIssueDoc,
  SubscriptionQuotasDoc,
  SubscriptionReminderDoc,
  SubscriptionReportDoc,
} from './newspaperModels';

/** The newspaper's console pages (server-rendered, no script): models in, markup out. */

export const MANUSCRIPT_STATUS_NAMES: Record<ManuscriptStatus, string> = {
  submitted: '已投出',
  screening: '县级初审中',
  forwarded: '县级已转报',
  received: '编辑部已收稿',
  shortlisted: '入选',
  placed: '已排版',
  printed: '已见报',
  declined: '不予采用',
};

const day = (d: Date | string | null | undefined) =>
  d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export interface NewspaperNav {
  writer: boolean;
  editor: boolean;
  desk: boolean;
}

export function newspaperNav(nav: NewspaperNav, current: string): SafeHtml {
  const links = [
    { href: '/admin/newspaper', label: '征稿启事', show: true },
    { href: '/admin/newspaper/submit', label: '投稿', show: nav.writer },
    { href: '/admin/newspaper/mine', label: '我的投稿', show: nav.writer },
    { href: '/admin/newspaper/manuscripts', label: nav.desk ? '收稿队列' : '稿件转报', show: nav.editor },
    { href: '/admin/newspaper/issues', label: '期次与版面', show: nav.desk },
    { href: '/admin/newspaper/distribution', label: '发行', show: nav.editor },
  ].filter((l) => l.show);
  return html`<nav aria-label="报纸">
    <ul class="inline-list">
      ${links.map((l) => html`<li><a href="${l.href}" ${l.href === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`)}
    </ul>
  </nav>`;
}

export const CALL_LABELS: Record<string, string> = {
  theme: '征稿主题',
  sections: '栏目',
  deadline: '截稿日期',
  minWords: '最少字数',
  maxWords: '最多字数',
  issueDates: '刊期',
  body: '说明',
};

export function callsMain(
  calls: NewspaperCallDoc[],
  today: string,
  desk: { csrf: string; values: Record<string, string>; errors: FieldErrors } | null,
): SafeHtml {
  return html`<h1>征稿启事</h1>
    <p>《桂中日报·村党员版》编辑部发布的征稿启事，信息员、通讯员可据此投稿。</p>
    ${
      calls.length === 0
        ? html`<p class="empty">暂无征稿启事</p>`
        : html`<ul class="list">
            ${calls.map(
              (c) =>
                html`<li>
                  <h2>${c.theme}${c.deadline < today ? html` <span class="status">已截稿</span>` : ''}</h2>
                  <p>
                    栏目：${c.sections.join('、') || '不限'}；截稿：${c.deadline}；字数：${c.minWords ?? '不限'}–${c.maxWords ?? '不限'}；刊期：${c.issueDates.join('、') || '待定'}
                  </p>
                  <p class="hint">${c.issuedBy} 发布于 ${day(c.issuedAt)}</p>
                  <p><a href="/admin/newspaper/submit?call=${encodeURIComponent(c._id)}">按此征稿投稿</a></p>
                </li>`,
            )}
          </ul>`
    }
    ${
      desk
        ? html`<h2>发布征稿启事</h2>
            ${errorSummary(desk.errors, CALL_LABELS)}
            <form method="post" action="/admin/newspaper/calls">
              ${csrfField(desk.csrf)}
              ${field({ name: 'theme', label: CALL_LABELS.theme!, value: desk.values.theme, error: desk.errors.theme, required: true, maxlength: 200 })}
              ${field({ name: 'sections', label: CALL_LABELS.sections!, value: desk.values.sections, error: desk.errors.sections, hint: '多个栏目用逗号或顿号分隔' })}
              ${field({ name: 'deadline', label: CALL_LABELS.deadline!, value: desk.values.deadline, error: desk.errors.deadline, required: true, hint: '格式 YYYY-MM-DD' })}
              ${field({ name: 'minWords', label: CALL_LABELS.minWords!, value: desk.values.minWords, error: desk.errors.minWords })}
              ${field({ name: 'maxWords', label: CALL_LABELS.maxWords!, value: desk.values.maxWords, error: desk.errors.maxWords })}
              ${field({ name: 'issueDates', label: CALL_LABELS.issueDates!, value: desk.values.issueDates, error: desk.errors.issueDates, hint: '多个日期用逗号分隔，格式 YYYY-MM-DD' })}
              ${field({ name: 'body', label: CALL_LABELS.body!, type: 'textarea', rows: 6, value: desk.values.body, error: desk.errors.body })}
              <button type="submit">发布并下发</button>
            </form>`
        : ''
    }`;
}

export const SUBMIT_LABELS: Record<string, string> = {
  callId: '征稿启事',
  section: '栏目',
  articleId: '由已有文章投稿',
  title: '标题',
  author: '作者',
  body: '正文',
};

export function submitMain(
  csrf: string,
  values: Record<string, string>,
  errors: FieldErrors,
  calls: NewspaperCallDoc[],
  articles: { id: string; title: string }[],
): SafeHtml {
  return html`<h1>投稿</h1>
    <p>稿件经县级转报到《桂中日报·村党员版》编辑部。可新写，也可由本站已发布的文章投稿（保留原文链接和配图）。</p>
    ${errorSummary(errors, SUBMIT_LABELS)}
    <form method="post" action="/admin/newspaper/submit">
      ${csrfField(csrf)}
      ${field({
        name: 'callId',
        label: SUBMIT_LABELS.callId!,
        type: 'select',
        value: values.callId,
        error: errors.callId,
        options: [
          { value: '', label: '（不针对具体征稿）' },
          ...calls.map((c) => ({ value: c._id, label: `${c.theme}（截稿 ${c.deadline}）` })),
        ],
      })}
      ${field({ name: 'section', label: SUBMIT_LABELS.section!, value: values.section, error: errors.section, maxlength: 40 })}
      ${field({
        name: 'articleId',
        label: SUBMIT_LABELS.articleId!,
        type: 'select',
        value: values.articleId,
        error: errors.articleId,
        options: [{ value: '', label: '（新写稿件）' }, ...articles.map((a) => ({ value: a.id, label: a.title }))],
        hint: '选择文章时，标题、正文留空即沿用文章内容',
      })}
      ${field({ name: 'title', label: SUBMIT_LABELS.title!, value: values.title, error: errors.title, maxlength: 200 })}
      ${field({ name: 'author', label: SUBMIT_LABELS.author!, value: values.author, error: errors.author, maxlength: 100, hint: '留空为本人' })}
      ${field({ name: 'body', label: SUBMIT_LABELS.body!, type: 'textarea', value: values.body, error: errors.body, hint: '纯文本，空行分段' })}
      <button type="submit">投稿</button>
    </form>`;
}

function statusCell(m: ManuscriptDoc): SafeHtml {
  return html`<span class="status">${MANUSCRIPT_STATUS_NAMES[m.status]}</span>${
      m.placement ? html`<br /><span class="hint">第 ${m.placement.number} 期 第 ${m.placement.page} 版（${m.placement.date}）</span>` : ''
    }${m.reason ? html`<br /><span class="hint">理由：${m.reason}</span>` : ''}`;
}

export function myManuscriptsMain(docs: ManuscriptDoc[]): SafeHtml {
  return html`<h1>我的投稿</h1>
    ${
      docs.length === 0
        ? html`<p class="empty">还没有投稿</p>`
        : html`<table class="table">
            <caption class="visually-hidden">
              我的投稿
            </caption>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">字数</th>
                <th scope="col">状态</th>
                <th scope="col">投稿时间</th>
              </tr>
            </thead>
            <tbody>
              ${docs.map(
                (m) =>
                  html`<tr>
                    <td>${m.sourceUrl ? html`<a href="${m.sourceUrl}">${m.title}</a>` : m.title}</td>
                    <td>${m.wordCount}</td>
                    <td>${statusCell(m)}</td>
                    <td>${day(m.submittedAt)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

export interface SlotOption {
  value: string;
  label: string;
}

function deskActions(csrf: string, m: ManuscriptDoc, slots: SlotOption[]): SafeHtml {
  const id = encodeURIComponent(m._id);
  const forms: SafeHtml[] = [];
  if (m.status === 'received')
    forms.push(
      html`<form method="post" action="/admin/newspaper/manuscripts/${id}/shortlist">
        ${csrfField(csrf)}<button type="submit">入选</button>
      </form>`,
    );
  if (['received', 'shortlisted', 'placed'].includes(m.status) && slots.length > 0)
    forms.push(
      html`<form method="post" action="/admin/newspaper/manuscripts/${id}/place">
        ${csrfField(csrf)}<label for="slot-${id}">排入稿位</label>
        <select id="slot-${id}" name="slot">
          ${slots.map((s) => html`<option value="${s.value}">${s.label}</option>`)}
        </select>
        <button type="submit">排版</button>
      </form>`,
    );
  if (m.status === 'placed')
    forms.push(
      html`<form method="post" action="/admin/newspaper/manuscripts/${id}/unplace">
        ${csrfField(csrf)}<button type="submit">撤出版面</button>
      </form>`,
    );
  if (['received', 'shortlisted'].includes(m.status)) forms.push(declineForm(csrf, id));
  return html`${forms}`;
}

function declineForm(csrf: string, id: string): SafeHtml {
  return html`<form method="post" action="/admin/newspaper/manuscripts/${id}/decline">
    ${csrfField(csrf)}<label for="reason-${id}">不予采用理由</label>
    <input class="field" id="reason-${id}" name="reason" maxlength="500" required aria-required="true" />
    <button type="submit">不予采用</button>
  </form>`;
}

export function deskQueueMain(csrf: string, entries: QueueEntry[], status: string, slots: SlotOption[]): SafeHtml {
  const filters = ['', 'received', 'shortlisted', 'placed', 'printed', 'declined'] as const;
  return html`<h1>收稿队列</h1>
    <p>
      ${filters.map(
        (f) =>
          html`<a href="/admin/newspaper/manuscripts${f ? `?status=${f}` : ''}" ${status === f ? html` aria-current="page"` : ''}
            >${f ? MANUSCRIPT_STATUS_NAMES[f] : '全部'}</a
          > `,
      )}
    </p>
    ${
      entries.length === 0
        ? html`<p class="empty">没有稿件</p>`
        : html`<table class="table">
            <caption class="visually-hidden">
              收稿队列
            </caption>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">来源 / 作者</th>
                <th scope="col">字数 / 配图</th>
                <th scope="col">重复</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              ${entries.map(
                ({ manuscript: m, duplicates }) =>
                  html`<tr>
                    <td>
                      ${m.sourceUrl ? html`<a href="${m.sourceUrl}">${m.title}</a>` : m.title}${m.section ? html`<br /><span class="hint">栏目：${m.section}</span>` : ''}
                    </td>
                    <td>
                      ${m.origin.name}${m.hops.length ? html`<br /><span class="hint">经 ${m.hops.map((h) => h.name).join(' → ')}</span>` : ''}<br />${m.author}
                    </td>
                    <td>${m.wordCount} 字 / ${m.images.length} 图</td>
                    <td>
                      ${
                        duplicates.length === 0
                          ? '—'
                          : html`<strong class="field-error"
                              >${duplicates.map((d) => html`${d.kind === 'printed' ? '已见报' : '重复投稿'}：${d.title}（${d.originName}）<br />`)}</strong
                            >`
                      }
                    </td>
                    <td>${statusCell(m)}</td>
                    <td>${deskActions(csrf, m, slots)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

export function relayQueueMain(csrf: string, docs: ManuscriptDoc[], policy: { screenManuscripts: boolean; canSet: boolean }): SafeHtml {
  return html`<h1>稿件转报</h1>
    <p>本站${policy.screenManuscripts ? '对乡镇稿件先行初审，通过后转报市级编辑部' : '自动转报乡镇稿件到市级编辑部'}。</p>
    ${
      policy.canSet
        ? html`<form method="post" action="/admin/newspaper/policy">
            ${csrfField(csrf)}<input type="hidden" name="screen" value="${policy.screenManuscripts ? '0' : '1'}" />
            <button type="submit">${policy.screenManuscripts ? '改为自动转报' : '改为先行初审'}</button>
          </form>`
        : ''
    }
    ${
      docs.length === 0
        ? html`<p class="empty">没有稿件</p>`
        : html`<table class="table">
            <caption class="visually-hidden">
              稿件
            </caption>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">来源 / 作者</th>
                <th scope="col">字数</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              ${docs.map(
                (m) =>
                  html`<tr>
                    <td>${m.title}</td>
                    <td>${m.origin.name}<br />${m.author}</td>
                    <td>${m.wordCount}</td>
                    <td>${statusCell(m)}</td>
                    <td>
                      ${
                        m.role === 'relay' && m.status === 'screening'
                          ? html`<form method="post" action="/admin/newspaper/manuscripts/${encodeURIComponent(m._id)}/forward">
                                ${csrfField(csrf)}<button type="submit">初审通过，转报</button>
                              </form>
                              ${declineForm(csrf, encodeURIComponent(m._id))}`
                          : ''
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

export const ISSUE_LABELS: Record<string, string> = { number: '期号', date: '出版日期', pages: '版面' };

export function issuesMain(
  csrf: string,
  issues: { issue: NewspaperIssueDoc; contents: ContentsLine[]; slots: number }[],
  values: Record<string, string>,
  errors: FieldErrors,
): SafeHtml {
  return html`<h1>期次与版面</h1>
    ${issues.map(
      ({ issue, contents, slots }) =>
        html`<section>
          <h2>第 ${issue.number} 期（${issue.date}）<span class="status">${issue.status === 'printed' ? '已付印' : '编排中'}</span></h2>
          <p>${issue.pages.map((p) => `第 ${p.number} 版 ${p.name}`).join('；')}；稿位 ${slots} 个，已排 ${contents.length} 篇</p>
          ${
            contents.length
              ? html`<ol>
                  ${contents.map((c) => html`<li>第 ${c.page} 版 ${c.pageName} · ${c.section}：${c.title}（${c.author}，${c.origin}，${c.wordCount} 字）</li>`)}
                </ol>`
              : ''
          }
          <p>
            <a href="/admin/newspaper/issues/${encodeURIComponent(issue._id)}/export.docx">下载付印稿（DOCX）</a>
            · <a href="/admin/newspaper/issues/${encodeURIComponent(issue._id)}/contents.csv">下载目录（CSV）</a>
          </p>
          ${
            issue.status === 'planning' && contents.length > 0
              ? html`<form method="post" action="/admin/newspaper/issues/${encodeURIComponent(issue._id)}/print">
                  ${csrfField(csrf)}<button type="submit">付印（稿件标记为已见报）</button>
                </form>`
              : ''
          }
        </section>`,
    )}
    <h2>编排期次</h2>
    ${errorSummary(errors, ISSUE_LABELS)}
    <form method="post" action="/admin/newspaper/issues">
      ${csrfField(csrf)}
      ${field({ name: 'number', label: ISSUE_LABELS.number!, value: values.number, error: errors.number, required: true, hint: '同一期号再次提交即修改版面' })}
      ${field({ name: 'date', label: ISSUE_LABELS.date!, value: values.date, error: errors.date, required: true, hint: '格式 YYYY-MM-DD' })}
      ${field({
        name: 'pages',
        label: ISSUE_LABELS.pages!,
        type: 'textarea',
        rows: 5,
        value: values.pages,
        error: errors.pages,
        required: true,
        hint: '每行一个版面：版次|版名|稿位栏目（逗号分隔），如 1|要闻|头条,简讯',
      })}
      <button type="submit">保存</button>
    </form>`;
}

function distributionTable(caption: string, rows: DistributionRow[]): SafeHtml {
  return html`<table class="table">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">排名</th>
        <th scope="col">名称</th>
        <th scope="col">任务数</th>
        <th scope="col">已订数</th>
        <th scope="col">完成率</th>
      </tr>
    </thead>
    <tbody>
      ${
        rows.length === 0
          ? html`<tr>
              <td colspan="5">（无）</td>
            </tr>`
          : rows.map(
              (r) =>
                html`<tr>
                  <td>${r.rank ?? '—'}</td>
                  <td>${r.name}</td>
                  <td>${r.quota}</td>
                  <td>${r.subscribed}</td>
                  <td>${pct(r.rate)}</td>
                </tr>`,
            )
      }
    </tbody>
  </table>`;
}

function summaryLine(rollup: DistributionRollup): string {
  const head = rollup.deadline ? `征订截止 ${rollup.deadline}；` : '尚未下达发行任务；';
  const { quota, subscribed, rate } = rollup.total;
  return `${head}合计任务 ${quota} 份，已订 ${subscribed} 份，完成率 ${pct(rate)}。`;
}

export const DISTRIBUTION_LABELS: Record<string, string> = {
  year: '年度',
  deadline: '征订截止日期',
  remindDays: '截止前提醒天数',
  quotas: '发行任务',
  units: '订阅单位与份数',
};

export function distributionMain(model: {
  csrf: string;
  year: number;
  desk: boolean;
  reporter: boolean;
  rollup: DistributionRollup;
  quotas: SubscriptionQuotasDoc | null;
  report: SubscriptionReportDoc | null;
  reminders: SubscriptionReminderDoc[];
  values: Record<string, string>;
  errors: FieldErrors;
}): SafeHtml {
  const { csrf, year, rollup, values, errors } = model;
  return html`<h1>${year} 年度发行</h1>
    <form method="get" action="/admin/newspaper/distribution">
      <label for="f-year-view">年度</label> <input class="field" id="f-year-view" name="year" value="${String(year)}" />
      <button type="submit">查看</button>
    </form>
    ${model.reminders.map(
      (r) =>
        html`<div class="notice" role="status">
          <strong>${r.title}</strong>
          <p>${r.body}</p>
        </div>`,
    )}
    <p>
      ${summaryLine(rollup)}
      <a href="/admin/newspaper/distribution.csv?year=${year}">下载 CSV</a>
    </p>
    ${distributionTable('县区完成情况', rollup.counties)} ${distributionTable('乡镇完成情况', rollup.townships)}
    ${errorSummary(errors, DISTRIBUTION_LABELS)}
    ${
      model.desk
        ? html`<form method="post" action="/admin/newspaper/distribution/remind">
              ${csrfField(csrf)}<input type="hidden" name="year" value="${String(year)}" /><button type="submit">
                向未完成任务的节点催订
              </button>
            </form>
            <h2>下达发行任务</h2>
            <form method="post" action="/admin/newspaper/distribution/quotas">
              ${csrfField(csrf)}<input type="hidden" name="year" value="${String(year)}" />
              ${field({ name: 'deadline', label: DISTRIBUTION_LABELS.deadline!, value: values.deadline ?? model.quotas?.deadline, error: errors.deadline, required: true, hint: '格式 YYYY-MM-DD' })}
              ${field({ name: 'remindDays', label: DISTRIBUTION_LABELS.remindDays!, value: values.remindDays ?? String(model.quotas?.remindDays ?? 15), error: errors.remindDays })}
              ${field({
                name: 'quotas',
                label: DISTRIBUTION_LABELS.quotas!,
                type: 'textarea',
                rows: 10,
                value: values.quotas ?? (model.quotas?.quotas ?? []).map((q) => `${q.node}|${q.quota}`).join('\n'),
                error: errors.quotas,
                hint: '每行：节点代码|任务份数。县区的任务含其下乡镇',
              })}
              <button type="submit">下达</button>
            </form>`
        : ''
    }
    ${
      model.reporter
        ? html`<h2>报送本站订阅数</h2>
            ${model.report ? html`<p class="hint">上次报送：${day(model.report.reportedAt)}，共 ${model.report.total} 份（第 ${model.report.revision} 次）</p>` : ''}
            <form method="post" action="/admin/newspaper/distribution/report">
              ${csrfField(csrf)}<input type="hidden" name="year" value="${String(year)}" />
              ${field({
                name: 'units',
                label: DISTRIBUTION_LABELS.units!,
                type: 'textarea',
                rows: 8,
                value: values.units ?? (model.report?.units ?? []).map((u) => `${u.unit}|${u.count}`).join('\n'),
                error: errors.units,
                hint: '每行：单位|份数。再次报送即替换上次的数据',
              })}
              <button type="submit">报送</button>
            </form>`
        : ''
    }`;
}
