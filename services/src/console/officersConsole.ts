import { Router, type Request, type Response } from 'express';
import { DomainError, ErrorCode } from '@djnet/shared';
import { barChartSvg, svgDataUri } from '../charts/svgCharts';
import type { NodeContext } from '../node/nodeContext';
import { createOfficer } from '../officers/createOfficer';
import { monthOf, parsePeriod } from '../officers/months';
import type { OfficerDoc, OfficerJobRunDoc } from '../officers/officerModels';
import { officerRanking, type Ranking, type RankingScope } from '../officers/officerRankings';
import { requireOfficerAdmin, requireOfficerReader } from '../officers/officerStore';
import { runMonthlyJob } from '../officers/runMonthlyJob';
import { sendRemindersNow } from '../officers/sendReminders';
import { html, type SafeHtml } from '../site/html';
import { formatDateTime } from '../site/siteFormat';
import {
  consoleErrorHandler,
  consoleSessionGuard,
  consoleSessionOf,
  fieldOfError,
  formText,
  sendConsolePage,
  type ConsoleSession,
} from './consoleFrame';
import { csrfField, errorSummary, field, type FieldErrors } from './consoleForms';
import { badInput } from '@djnet/shared';

const STATUS: Record<string, string> = { active: '在岗', suspended: '暂停', left: '离任', moved: '已调出' };
const KIND: Record<string, string> = { officer: '信息员', correspondent: '通讯员' };
const LABELS: Record<string, string> = { name: '姓名', unit: '单位', kind: '类别', phone: '电话', email: '邮箱' };
const TRIGGER: Record<string, string> = { schedule: '定时', manual: '手动', resume: '重启后续算', rules: '规则变更' };
const DONE: Record<string, string> = { recompute: '已开始重新计算，下方显示进度。' };

/** A month's recomputation started from this console: running in this process, or how it ended. */
interface Recomputation {
  running: boolean;
  error: string | null;
}

/** The months' job runs with their progress (officers stored of the month's officers). */
function jobRunsSection(runs: OfficerJobRunDoc[], recomputations: Map<string, Recomputation>, s: ConsoleSession, month: string): SafeHtml {
  return html`<h2>月度统计</h2>
    <p>每月的报送、采用、定额和得分按当时的计分规则统计并存档；规则变更后会自动重算。需要时可手动重新计算某月。</p>
    ${
      runs.length === 0
        ? html`<p class="empty">还没有月度统计记录。</p>`
        : html`<table class="table">
            <caption class="visually-hidden">
              月度统计记录
            </caption>
            <thead>
              <tr>
                <th scope="col">月份</th>
                <th scope="col">触发</th>
                <th scope="col">开始</th>
                <th scope="col">进度</th>
              </tr>
            </thead>
            <tbody>
              ${runs.map((r) => {
                const total = Math.max(1, r.officers);
                const stored = r.status === 'done' ? total : Math.min(total, r.done.length);
                const failed = recomputations.get(r.month)?.error;
                return html`<tr>
                  <th scope="row">${r.month}</th>
                  <td>${TRIGGER[r.trigger] ?? r.trigger}</td>
                  <td>${formatDateTime(r.startedAt)}</td>
                  <td>
                    <label class="visually-hidden" for="job-${r.month}">${r.month} 统计进度</label>
                    <progress id="job-${r.month}" max="${total}" value="${stored}">${Math.round((stored / total) * 100)}%</progress>
                    ${
                      failed
                        ? html`<span class="field-error">失败：${failed}</span>`
                        : r.status === 'done'
                          ? html`<span>已完成（${r.officers} 人，${r.finishedAt ? formatDateTime(r.finishedAt) : ''}）</span>`
                          : html`<span>进行中 ${stored}/${r.officers} 人</span>`
                    }
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>`
    }
    <form method="post" action="/admin/officers/recompute" class="inline-form">
      ${csrfField(s.csrf)}
      <label for="f-month">月份（YYYY-MM）</label>
      <input class="field" id="f-month" name="month" value="${month}" required />
      <button class="button secondary" type="submit">重新计算该月统计</button>
    </form>`;
}

interface OfficerValues {
  name: string;
  unit: string;
  kind: string;
  phone: string;
  email: string;
}

function registerMain(
  officers: OfficerDoc[],
  values: OfficerValues,
  errors: FieldErrors,
  s: ConsoleSession,
  month: string,
  jobRuns: SafeHtml,
): SafeHtml {
  const admin = s.actor.role === 'admin' && s.actor.node === s.ctx.node.config.code;
  return html`<h1>信息员</h1>
    <p><a href="/admin/officers/ranking?period=${month}">本月排名与通报</a></p>
    ${
      officers.length === 0
        ? html`<p class="empty">本站还没有登记信息员。</p>`
        : html`<table class="table">
            <caption class="visually-hidden">
              本站信息员和通讯员
            </caption>
            <thead>
              <tr>
                <th scope="col">姓名</th>
                <th scope="col">类别</th>
                <th scope="col">单位</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              ${officers.map(
                (o) =>
                  html`<tr>
                    <th scope="row">${o.name}</th>
                    <td>${KIND[o.kind] ?? o.kind}</td>
                    <td>${o.unit}</td>
                    <td>${STATUS[o.status] ?? o.status}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      admin
        ? html`<h2>催报</h2>
            <form method="post" action="/admin/officers/reminders" class="inline-form">
              ${csrfField(s.csrf)}<input type="hidden" name="month" value="${month}" />
              <button class="button secondary" type="submit">向本月（${month}）未完成报送定额的信息员发送催报</button>
            </form>
            ${jobRuns}
            <h2>登记信息员</h2>
            ${errorSummary(errors, LABELS)}
            <form method="post" action="/admin/officers" novalidate>
              ${csrfField(s.csrf)}
              ${field({ name: 'name', label: LABELS.name!, value: values.name, error: errors.name, required: true, maxlength: 30 })}
              ${field({ name: 'unit', label: LABELS.unit!, value: values.unit, error: errors.unit, required: true, maxlength: 60 })}
              ${field({
                name: 'kind',
                label: LABELS.kind!,
                type: 'select',
                value: values.kind,
                error: errors.kind,
                options: [
                  { value: 'officer', label: '信息员' },
                  { value: 'correspondent', label: '通讯员（报纸）' },
                ],
              })}
              ${field({ name: 'phone', label: LABELS.phone!, value: values.phone, error: errors.phone, maxlength: 20 })}
              ${field({ name: 'email', label: LABELS.email!, value: values.email, error: errors.email, maxlength: 120 })}
              <div class="actions"><button class="button" type="submit">登记</button></div>
            </form>`
        : ''
    }`;
}

function rankingMain(
  r: Ranking,
  periodText: string,
  scope: RankingScope,
  charts: { officers: string | null; nodes: string | null },
): SafeHtml {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return html`<h1>信息员排名与通报</h1>
    <form method="get" action="/admin/officers/ranking" class="inline-form">
      <label for="f-period">期间（月 YYYY-MM 或年 YYYY）</label>
      <input class="field" id="f-period" name="period" value="${periodText}" />
      <label for="f-scope">范围</label>
      <select class="field" id="f-scope" name="scope">
        <option value="node" ${scope === 'node' ? html`selected` : ''}>本站</option>
        <option value="network" ${scope === 'network' ? html`selected` : ''}>本站及全部下级</option>
      </select>
      <button class="button secondary" type="submit">查看</button>
    </form>
    ${charts.officers ? html`<figure><img src="${charts.officers}" alt="信息员得分排名图，数据见下表" /></figure>` : ''}
    <table class="table">
      <caption>
        信息员排名（${periodText}）
      </caption>
      <thead>
        <tr>
          <th scope="col">名次</th>
          <th scope="col">姓名</th>
          <th scope="col">单位</th>
          <th scope="col">站点</th>
          <th scope="col">报送</th>
          <th scope="col">发布</th>
          <th scope="col">县级采用</th>
          <th scope="col">市级采用</th>
          <th scope="col">采用率</th>
          <th scope="col">定额</th>
          <th scope="col">得分</th>
        </tr>
      </thead>
      <tbody>
        ${
          r.officers.length === 0
            ? html`<tr>
                <td colspan="11" class="empty">这一期间没有信息员数据</td>
              </tr>`
            : r.officers.map(
                (o) =>
                  html`<tr>
                    <td>${o.rank}</td>
                    <th scope="row">${o.name}</th>
                    <td>${o.unit}</td>
                    <td>${o.node}</td>
                    <td>${o.figures.submitted}</td>
                    <td>${o.figures.published}</td>
                    <td>${o.figures.adoptedCounty}</td>
                    <td>${o.figures.adoptedCity}</td>
                    <td>${pct(o.adoptionRate)}</td>
                    <td>${o.figures.quotaMet ? '已完成' : `差 ${o.figures.short}`}</td>
                    <td>${o.figures.score}</td>
                  </tr>`,
              )
        }
      </tbody>
    </table>
    ${charts.nodes ? html`<figure><img src="${charts.nodes}" alt="各站点得分图，数据见下表" /></figure>` : ''}
    <table class="table">
      <caption>
        站点排名
      </caption>
      <thead>
        <tr>
          <th scope="col">名次</th>
          <th scope="col">站点</th>
          <th scope="col">信息员</th>
          <th scope="col">完成定额</th>
          <th scope="col">发布</th>
          <th scope="col">采用率</th>
          <th scope="col">得分</th>
        </tr>
      </thead>
      <tbody>
        ${r.nodes.map(
          (n) =>
            html`<tr>
              <td>${n.rank}</td>
              <th scope="row">${n.key}</th>
              <td>${n.officers}</td>
              <td>${n.quotaMetOfficers}</td>
              <td>${n.published}</td>
              <td>${pct(n.adoptionRate)}</td>
              <td>${n.score}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      r.sources.some((s) => s.stale || s.error)
        ? html`<p class="hint">
            部分下级站点的数据未能及时取得：${r.sources
              .filter((s) => s.stale || s.error)
              .map((s) => `${s.node}${s.error ? `（${s.error}）` : '（使用上次数据）'}`)
              .join('、')}
          </p>`
        : ''
    }`;
}

/**
 * The console's officer area (/admin/officers): the register with registering an officer and sending the month's
 * reminders (admins), and the rankings of a month or a year for this node or its whole subtree, with bar charts
 * (Vega-Lite SVG) above the tables that carry the same figures.
 */
export function officersConsoleRoutes(node: NodeContext): Router {
  const router = Router();
  const recomputations = new Map<string, Recomputation>();
  const empty: OfficerValues = { name: '', unit: '', kind: 'officer', phone: '', email: '' };
  const register = async (
    res: Response,
    s: ConsoleSession,
    values: OfficerValues,
    errors: FieldErrors,
    status = 200,
    notice: string | null = null,
  ) => {
    const officers = (await node.models.Officer.find({}).lean<OfficerDoc[]>()).sort(
      (a, b) => a.unit.localeCompare(b.unit, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'),
    );
    const month = monthOf(node.now());
    const admin = s.actor.role === 'admin' && s.actor.node === node.config.code;
    const runs = admin ? await node.models.OfficerJobRun.find({}).sort({ month: -1 }).limit(12).lean<OfficerJobRunDoc[]>() : [];
    // While a recomputation started here runs, the page reloads itself (no script needed) to show its progress.
    if ([...recomputations.values()].some((r) => r.running)) res.set('Refresh', '3');
    sendConsolePage(node, res, s, {
      title: '信息员',
      main: registerMain(officers, values, errors, s, month, admin ? jobRunsSection(runs, recomputations, s, month) : html``),
      current: '/admin/officers',
      status,
      notice,
    });
  };

  router.use('/admin/officers', ...consoleSessionGuard(node));

  router.get('/admin/officers', async (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    requireOfficerReader(s.ctx);
    const notice = typeof req.query.done === 'string' ? (DONE[req.query.done] ?? null) : null;
    await register(res, s, empty, {}, 200, notice);
  });

  // A month's job run again in the background (idempotent; the same work as the schedule); the register shows its
  // progress from the run record, which lists the officers stored so far.
  router.post('/admin/officers/recompute', (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    requireOfficerAdmin(s.ctx);
    const text = formText(req.body?.month, 10).trim();
    const period = (() => {
      try {
        return parsePeriod(text);
      } catch {
        throw badInput('月份格式应为 YYYY-MM', { field: 'month' });
      }
    })();
    if (period.kind !== 'month') throw badInput('月份格式应为 YYYY-MM', { field: 'month' });
    if (recomputations.get(period.key)?.running) throw badInput(`${period.key} 正在统计，请等待完成`, { field: 'month' });
    const state: Recomputation = { running: true, error: null };
    recomputations.set(period.key, state);
    node.log.info({ month: period.key, by: s.actor.username }, '管理后台发起信息员月度统计重算');
    runMonthlyJob(node, period.key, { trigger: 'manual' })
      .catch((e: Error) => {
        state.error = e.message;
        node.log.error({ err: e, month: period.key }, '信息员月度统计重算失败');
      })
      .finally(() => {
        state.running = false;
      });
    res.redirect(303, '/admin/officers?done=recompute');
  });

  router.post('/admin/officers', async (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    const values: OfficerValues = {
      name: formText(req.body?.name, 100).trim(),
      unit: formText(req.body?.unit, 200).trim(),
      kind: formText(req.body?.kind, 20),
      phone: formText(req.body?.phone, 50).trim(),
      email: formText(req.body?.email, 200).trim(),
    };
    try {
      await createOfficer(s.ctx, {
        name: values.name,
        unit: values.unit,
        kind: values.kind,
        phone: values.phone || null,
        email: values.email || null,
      });
      await register(res, s, empty, {}, 201, `已登记${values.name}。`);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== ErrorCode.BAD_USER_INPUT) throw e;
      await register(res, s, values, { [fieldOfError(e)]: e.message }, 400);
    }
  });

  router.post('/admin/officers/reminders', async (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    const outcome = await sendRemindersNow(s.ctx, formText(req.body?.month, 10));
    await register(res, s, empty, {}, 200, `${outcome.month} 未完成定额 ${outcome.short.length} 人，本次发送催报 ${outcome.created} 条。`);
  });

  router.get('/admin/officers/ranking', async (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    const period = formText(req.query.period, 10) || monthOf(node.now());
    const scope: RankingScope = req.query.scope === 'network' ? 'network' : 'node';
    const ranking = await officerRanking(s.ctx, period, scope);
    const [officers, nodes] = await Promise.all([
      ranking.officers.length
        ? barChartSvg(
            '信息员得分（前 15 名）',
            ranking.officers.slice(0, 15).map((o) => ({ label: `${o.name}（${o.unit}）`, value: o.figures.score })),
            '得分',
          )
        : null,
      ranking.nodes.length > 1
        ? barChartSvg(
            '各站点得分',
            ranking.nodes.map((n) => ({ label: n.key, value: n.score })),
            '得分',
          )
        : null,
    ]);
    sendConsolePage(node, res, s, {
      title: '信息员排名',
      main: rankingMain(ranking, period, scope, {
        officers: officers ? svgDataUri(officers) : null,
        nodes: nodes ? svgDataUri(nodes) : null,
      }),
      current: '/admin/officers',
    });
  });

  router.use('/admin/officers', consoleErrorHandler(node));
  return router;
}
