import { Router, type Request, type Response } from 'express';
import { DomainError, ErrorCode } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { NodeContext } from '../node/nodeContext';
import { issuePartnerKey } from '../partners/issuePartnerKey';
import type { PartnerKeyDoc } from '../partners/partnerKeyModel';
import { DEFAULT_PARTNER_REQUESTS_PER_MINUTE } from '../partners/partnerKeyInput';
import type { PartnerSchemaParts } from '../partners/partnerSchema';
import { revokePartnerKey } from '../partners/revokePartnerKey';
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

interface IssueValues {
  name: string;
  contact: string;
  requestsPerMinute: string;
  allowedOrigins: string;
  allowListOnly: boolean;
}

const LABELS: Record<string, string> = {
  name: '合作方名称',
  contact: '联系方式',
  requestsPerMinute: '每分钟请求数',
  allowedOrigins: '允许的网页来源',
};

function keysTable(keys: PartnerKeyDoc[], csrf: string): SafeHtml {
  if (keys.length === 0) return html`<p class="empty">还没有签发合作方密钥。</p>`;
  return html`<table class="table">
    <caption class="visually-hidden">
      合作方密钥
    </caption>
    <thead>
      <tr>
        <th scope="col">合作方</th>
        <th scope="col">密钥前缀</th>
        <th scope="col">每分钟请求数</th>
        <th scope="col">允许的网页来源</th>
        <th scope="col">签发</th>
        <th scope="col">状态</th>
      </tr>
    </thead>
    <tbody>
      ${keys.map(
        (k) =>
          html`<tr>
            <th scope="row">${k.name}${k.contact ? html`<br /><span class="hint">${k.contact}</span>` : ''}</th>
            <td><code>${k.keyPrefix}…</code></td>
            <td>${k.requestsPerMinute}${k.allowListOnly ? html`<br /><span class="hint">仅限登记的查询</span>` : ''}</td>
            <td>${k.allowedOrigins.length ? k.allowedOrigins.join('、') : '—'}</td>
            <td>${formatDateTime(k.createdAt)}</td>
            <td>
              ${
                k.revokedAt
                  ? html`已撤销（${formatDateTime(k.revokedAt)}）`
                  : html`<form method="post" action="/admin/partners/${k._id}/revoke">
                      ${csrfField(csrf)}<button class="button secondary" type="submit">撤销</button>
                    </form>`
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function partnersMain(
  keys: PartnerKeyDoc[],
  values: IssueValues,
  errors: FieldErrors,
  session: ConsoleSession,
  issued: string | null,
): SafeHtml {
  return html`<h1>合作方密钥</h1>
    <p>合作网站通过网关调用全网 GraphQL 接口时使用的密钥。密钥只在签发时显示一次；撤销后各网关随即停止接受。</p>
    ${
      issued
        ? html`<div class="notice" role="status">
            <p><strong>新密钥（只显示这一次，请立即交给合作方妥善保存）：</strong></p>
            <p><code id="issued-key">${issued}</code></p>
          </div>`
        : ''
    }
    ${keysTable(keys, session.csrf)}
    <h2>签发新密钥</h2>
    ${errorSummary(errors, LABELS)}
    <form method="post" action="/admin/partners" novalidate>
      ${csrfField(session.csrf)}
      ${field({ name: 'name', label: LABELS.name!, value: values.name, error: errors.name, required: true, maxlength: 60 })}
      ${field({ name: 'contact', label: LABELS.contact!, value: values.contact, error: errors.contact, maxlength: 120 })}
      ${field({
        name: 'requestsPerMinute',
        label: LABELS.requestsPerMinute!,
        value: values.requestsPerMinute,
        error: errors.requestsPerMinute,
        hint: `每个网关每分钟最多接受的请求数，默认 ${DEFAULT_PARTNER_REQUESTS_PER_MINUTE}。`,
      })}
      ${field({
        name: 'allowedOrigins',
        label: LABELS.allowedOrigins!,
        type: 'textarea',
        rows: 3,
        value: values.allowedOrigins,
        error: errors.allowedOrigins,
        hint: '合作方网页在浏览器中调用时的来源，每行一个，如 https://news.example.cn；不从浏览器调用可留空。',
      })}
      <div class="form-row">
        <input type="checkbox" id="f-allowListOnly" name="allowListOnly" value="1" ${values.allowListOnly ? html`checked` : ''} />
        <label for="f-allowListOnly">只允许执行已登记的查询</label>
      </div>
      <div class="actions"><button class="button" type="submit">签发密钥</button></div>
    </form>`;
}

/**
 * The city's partner keys in the console (/admin/partners, city admins): the keys with their limits and status,
 * issuing one (shown once) and revoking one — the same commands as GraphQL, and the gateways are told at once.
 */
export function partnersConsoleRoutes(node: NodeContext, parts: PartnerSchemaParts): Router {
  const router = Router();
  const empty: IssueValues = { name: '', contact: '', requestsPerMinute: '', allowedOrigins: '', allowListOnly: false };
  const list = () => parts.keys.find({}).sort({ createdAt: -1, _id: 1 }).lean<PartnerKeyDoc[]>();
  const show = async (res: Response, s: ConsoleSession, values: IssueValues, errors: FieldErrors, issued: string | null, status = 200) =>
    sendConsolePage(node, res, s, {
      title: '合作方密钥',
      main: partnersMain(await list(), values, errors, s, issued),
      current: '/admin/partners',
      status,
      notice: typeof res.req.query.done === 'string' && res.req.query.done === 'revoked' ? '密钥已撤销。' : null,
    });

  router.use('/admin/partners', ...consoleSessionGuard(node));

  router.get('/admin/partners', async (_req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    requireRole(s.ctx, ['admin']);
    await show(res, s, empty, {}, null);
  });

  router.post('/admin/partners', async (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    const { actor } = requireRole(s.ctx, ['admin']);
    const values: IssueValues = {
      name: formText(req.body?.name, 200).trim(),
      contact: formText(req.body?.contact, 500).trim(),
      requestsPerMinute: formText(req.body?.requestsPerMinute, 20).trim(),
      allowedOrigins: formText(req.body?.allowedOrigins, 5000),
      allowListOnly: req.body?.allowListOnly === '1',
    };
    const rpm = values.requestsPerMinute ? Number(values.requestsPerMinute) : null;
    if (rpm !== null && !Number.isInteger(rpm)) {
      await show(res, s, values, { requestsPerMinute: '每分钟请求数须为整数' }, null, 400);
      return;
    }
    try {
      const issued = await issuePartnerKey(
        parts.keys,
        {
          name: values.name,
          contact: values.contact || null,
          requestsPerMinute: rpm,
          allowedOrigins: values.allowedOrigins
            .split(/\r?\n/)
            .map((o) => o.trim())
            .filter(Boolean),
          allowListOnly: values.allowListOnly,
        },
        actor.accountId,
        node.now(),
      );
      node.log.info({ partnerKey: issued.doc._id, name: issued.doc.name, by: actor.username }, '已签发合作方密钥');
      parts.keysChanged();
      await show(res, s, empty, {}, issued.key, 201);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== ErrorCode.BAD_USER_INPUT) throw e;
      await show(res, s, values, { [fieldOfError(e)]: e.message }, null, 400);
    }
  });

  router.post('/admin/partners/:id/revoke', async (req: Request, res: Response) => {
    const s = consoleSessionOf(res);
    const { actor } = requireRole(s.ctx, ['admin']);
    const doc = await revokePartnerKey(parts.keys, String(req.params.id).slice(0, 100), actor.accountId, node.now());
    node.log.info({ partnerKey: doc._id, name: doc.name, by: actor.username }, '已撤销合作方密钥');
    parts.keysChanged();
    res.redirect(303, '/admin/partners?done=revoked');
  });

  router.use('/admin/partners', consoleErrorHandler(node));
  return router;
}
