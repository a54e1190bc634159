import { Router, type Request, type Response } from 'express';
import { badInput } from '@djnet/shared';
import { REVIEWER_ROLES, requireRole } from '../accounts/permissions';
import type { NodeContext } from '../node/nodeContext';
import { html, type SafeHtml } from '../site/html';
import { formatDateTime } from '../site/siteFormat';
import { setEdgePolicy } from '../syndication/edgeCommands';
import type { EdgePuller } from '../syndication/edgePuller';
import type { Syndication } from '../syndication/syndication';
import { edgeView } from '../syndication/syndicationResolvers';
import { syndicationOf } from '../syndication/syndicationRuntime';
import { consoleErrorHandler, consoleSessionGuard, consoleSessionOf, formText, sendConsolePage, type ConsoleSession } from './consoleFrame';
import { csrfField } from './consoleForms';

type EdgeRow = ReturnType<typeof edgeView>;

/** A replay an admin started here: where it started, to show how far it has got. */
interface ReplayProgress {
  from: number;
  target: number;
  startedAt: Date;
  by: string;
  error: string | null;
  done: boolean;
}

const DONE: Record<string, string> = {
  replay: '已开始重放，下方显示进度。',
  policy: '采用方式已更新。',
};

const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : '—');

function progressOf(row: EdgeRow, replay: ReplayProgress | undefined): SafeHtml {
  if (!replay) return html``;
  const span = Math.max(1, replay.target - replay.from + 1);
  const done = replay.done ? span : Math.min(span, Math.max(0, row.cursor - replay.from + 1));
  const percent = Math.round((done / span) * 100);
  return html`<div class="progress-row">
    <label for="progress-${row.peer}-${row.stream}"
      >重放进度（自 #${replay.from}，${replay.by} 于 ${formatDateTime(replay.startedAt)} 发起）</label
    >
    <progress id="progress-${row.peer}-${row.stream}" max="${span}" value="${done}">${percent}%</progress>
    <span>${replay.error ? html`<span class="field-error">失败：${replay.error}</span>` : replay.done ? '已完成' : `${percent}%`}</span>
  </div>`;
}

function syndicationMain(rows: EdgeRow[], replays: Map<string, ReplayProgress>, session: ConsoleSession): SafeHtml {
  const admin = session.actor.role === 'admin';
  const names = { UP: '上行（下级报送）', DOWN: '下行（上级下发）' } as Record<string, string>;
  return html`<h1>同步状态</h1>
    <p>本站与上下级站点之间的同步通道：每条通道已应用到的序号、对端最新序号、落后条数与时间、最近一次错误。</p>
    ${
      rows.length === 0
        ? html`<p class="empty">本站还没有同步通道（尚未登记上下级站点）。</p>`
        : html`<table class="table">
            <caption class="visually-hidden">
              同步通道
            </caption>
            <thead>
              <tr>
                <th scope="col">对端站点</th>
                <th scope="col">方向</th>
                <th scope="col">已应用 / 对端序号</th>
                <th scope="col">落后</th>
                <th scope="col">最近拉取</th>
                <th scope="col">最近错误</th>
                <th scope="col">采用方式</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr>
                    <th scope="row">${r.peer}</th>
                    <td>${names[r.stream] ?? r.stream}</td>
                    <td>${r.cursor} / ${r.head}</td>
                    <td>${r.lag > 0 ? `${r.lag} 条，${r.lagSeconds} 秒` : '无'}</td>
                    <td>${when(r.lastPulledAt)}</td>
                    <td>${r.lastError ? html`<span class="field-error">${r.lastError}</span>（连续失败 ${r.failures} 次）` : '无'}</td>
                    <td>${r.stream === 'UP' ? (r.autoAdopt ? '自动采用' : '编辑采用') : '—'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${rows.map((r) => progressOf(r, replays.get(`${r.peer}:${r.stream}`)))}
    ${
      admin && rows.length
        ? html`<h2>重放通道</h2>
            <p>从指定序号起重新应用一条通道（幂等：已应用的不会重复）。适用于排查问题或对端恢复数据之后。</p>
            <form method="post" action="/admin/syndication/replay" novalidate>
              ${csrfField(session.csrf)}
              <div class="form-row">
                <label for="f-edge">通道</label>
                <select class="field" id="f-edge" name="edge">
                  ${rows.map((r) => html`<option value="${r.peer}:${r.stream}">${r.peer} · ${names[r.stream] ?? r.stream}</option>`)}
                </select>
              </div>
              <div class="form-row">
                <label for="f-fromSeq">起始序号</label>
                <input class="field" id="f-fromSeq" name="fromSeq" type="number" min="1" value="1" required aria-required="true" />
              </div>
              <div class="actions"><button class="button" type="submit">开始重放</button></div>
            </form>
            ${
              rows.some((r) => r.stream === 'UP')
                ? html`<h2>采用方式</h2>
                    <p>下级报送的信息由编辑逐条采用，或按通道自动采用（含敏感词或栏目缺失的仍留给编辑）。</p>
                    ${rows
                      .filter((r) => r.stream === 'UP')
                      .map(
                        (r) =>
                          html`<form method="post" action="/admin/syndication/policy" class="inline-form">
                            ${csrfField(session.csrf)}<input type="hidden" name="peer" value="${r.peer}" />
                            <span>${r.peer}：当前${r.autoAdopt ? '自动采用' : '编辑采用'}</span>
                            <button class="button secondary" type="submit" name="autoAdopt" value="${r.autoAdopt ? 'false' : 'true'}">
                              改为${r.autoAdopt ? '编辑采用' : '自动采用'}
                            </button>
                          </form>`,
                      )}`
                : ''
            }`
        : ''
    }`;
}

/**
 * The console's syndication area (/admin/syndication): every edge's status (admins and editors), and for admins a
 * replay of an edge from a sequence — a long operation that runs in the background while the page shows its
 * progress (reloaded every few seconds until done) — and the adoption policy of each child's edge.
 */
export function syndicationConsoleRoutes(node: NodeContext): Router {
  const router = Router();
  const replays = new Map<string, ReplayProgress>();
  const syndication = () => syndicationOf(node) as Syndication | undefined;

  router.use('/admin/syndication', ...consoleSessionGuard(node));

  router.get('/admin/syndication', (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    requireRole(s.ctx, REVIEWER_ROLES);
    const edges = syndication()?.edgeList() ?? [];
    const rows = edges.map((e) => edgeView(e, s.ctx));
    const running = [...replays.values()].some((r) => !r.done);
    const notice = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    // While a replay runs the page reloads itself (no script needed) to show its progress.
    if (running) res.set('Refresh', '3');
    sendConsolePage(node, res, s, { title: '同步状态', main: syndicationMain(rows, replays, s), current: '/admin/syndication', notice });
  });

  router.post('/admin/syndication/replay', (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    requireRole(s.ctx, ['admin']);
    const [peer, stream] = formText(req.body?.edge, 100).split(':');
    const edge: EdgePuller | undefined = syndication()?.edge(peer ?? '', stream === 'DOWN' ? 'down' : 'up');
    if (!edge || (stream !== 'UP' && stream !== 'DOWN')) throw badInput('没有这条同步通道', { field: 'edge' });
    const fromSeq = Number(formText(req.body?.fromSeq, 20));
    if (!Number.isInteger(fromSeq) || fromSeq < 1) throw badInput('起始序号须为正整数', { field: 'fromSeq' });
    const key = `${peer}:${stream}`;
    if (replays.get(key)?.done === false) throw badInput('这条通道正在重放，请等待完成', { field: 'edge' });
    const progress: ReplayProgress = {
      from: fromSeq,
      target: Math.max(fromSeq, edge.view().head),
      startedAt: node.now(),
      by: s.actor.name,
      error: null,
      done: false,
    };
    replays.set(key, progress);
    node.log.info({ peer, stream, fromSeq, by: s.actor.username }, '管理后台发起同步通道重放');
    edge
      .replay(fromSeq)
      .then(() => {
        progress.error = edge.view().lastError ?? null;
      })
      .catch((e: Error) => {
        progress.error = e.message;
      })
      .finally(() => {
        progress.done = true;
      });
    res.redirect(303, '/admin/syndication?done=replay');
  });

  router.post('/admin/syndication/policy', async (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    const value = formText(req.body?.autoAdopt, 10);
    if (value !== 'true' && value !== 'false') throw badInput('采用方式无效', { field: 'autoAdopt' });
    await setEdgePolicy(s.ctx, formText(req.body?.peer, 100), value === 'true');
    res.redirect(303, '/admin/syndication?done=policy');
  });

  router.use('/admin/syndication', consoleErrorHandler(node));
  return router;
}
