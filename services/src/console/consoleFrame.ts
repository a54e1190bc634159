import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError, requestError } from '@djnet/shared';
import type { Actor } from '../accounts/actor';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { html, type SafeHtml } from '../site/html';
import { consoleLayout, consoleMenu } from './consoleLayout';
import { csrfToken, csrfValid, sessionActor } from './consoleSession';
import { isMultipart } from './multipartForm';

/**
 * What every area of the admin console shares (articles, syndication, partners, the newspaper desk, readers): the
 * signed-in session, the page frame with its headers, the session check with the form token, and the error page.
 * Each area is its own router using these; none repeats them.
 */
export interface ConsoleSession {
  actor: Actor;
  ctx: RequestContext;
  csrf: string;
}

export interface ConsolePage {
  title: string;
  main: SafeHtml;
  status?: number;
  /** The menu entry to mark as current. */
  current?: string;
  /** A message after an action (e.g. 已提交审核). */
  notice?: string | null;
}

/** A text field of a form or query, cut to a length (anything else reads as empty). */
export const formText = (value: unknown, max = 100_000): string => (typeof value === 'string' ? value.slice(0, max) : '');

/** The form field a domain error names (its first path segment), or `_form` for the form as a whole. */
export function fieldOfError(e: DomainError): string {
  const f = e.details?.field;
  return typeof f === 'string' && f ? f.split('.')[0]! : '_form';
}

/** Sends a console page: the layout with the menu of the session's role, no caching, no framing, no inline script. */
export function sendConsolePage(node: NodeContext, res: Response, session: ConsoleSession | null, page: ConsolePage): void {
  const body = consoleLayout(
    {
      siteName: node.config.name,
      title: page.title,
      actor: session?.actor ?? null,
      csrf: session?.csrf ?? '',
      main: page.main,
      notice: page.notice,
      current: page.current,
    },
    session ? consoleMenu(session.actor, node.config.tier === 'city') : [],
  ).value;
  res
    .status(page.status ?? 200)
    .set('Cache-Control', 'no-store')
    .set('X-Frame-Options', 'DENY')
    .set(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data: http: https:; style-src 'self'; frame-ancestors 'none'; form-action 'self'",
    )
    .type('html')
    .send(body);
}

/** The session a guarded route runs with (set by consoleSessionGuard). */
export function consoleSessionOf(res: Response): ConsoleSession {
  const session = res.locals.consoleSession as ConsoleSession | undefined;
  if (!session) throw new Error('console route without consoleSessionGuard');
  return session;
}

/** A form whose token is missing or wrong (403): it was sent from an old page, or not from ours. */
export function sendExpiredForm(node: NodeContext, res: Response, session: ConsoleSession | null): void {
  sendConsolePage(node, res, session, {
    title: '请求已失效',
    main: html`<h1>请求已失效</h1>
      <p>表单已过期，请返回重新操作。</p>`,
    status: 403,
  });
}

/**
 * Everything under a path needs a signed-in session, and a form that changes something needs its token: without a
 * session a page is sent to the login (a form gets 401), a form without a valid token gets 403. A multipart form's
 * token is in its body and is checked by its route (readMultipartForm).
 */
export function consoleSessionGuard(node: NodeContext): RequestHandler[] {
  const forms = express.urlencoded({ extended: false, limit: '2mb' });
  const guard = async (req: Request, res: Response, next: NextFunction) => {
    if (res.locals.consoleSession) return next();
    const actor = await sessionActor(node, req);
    if (!actor) {
      if (req.method === 'GET' || req.method === 'HEAD')
        res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl.split('?')[0]!)}`);
      else
        sendConsolePage(node, res, null, {
          title: '请重新登录',
          main: html`<h1>请重新登录</h1>
            <p>登录已过期，<a href="/admin/login">请重新登录</a>。</p>`,
          status: 401,
        });
      return;
    }
    const session: ConsoleSession = { actor, ctx: { node, actor, ip: req.ip }, csrf: csrfToken(req) };
    if (req.method === 'POST' && !isMultipart(req) && !csrfValid(req, req.body?._csrf)) {
      sendExpiredForm(node, res, session);
      return;
    }
    res.locals.consoleSession = session;
    next();
  };
  return [forms, guard];
}

/** Errors of a console area: a page with the message and the right status, never a stack. */
export function consoleErrorHandler(node: NodeContext) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const session = (res.locals.consoleSession as ConsoleSession | undefined) ?? null;
    const known = requestError(err);
    if (known) {
      sendConsolePage(node, res, session, {
        title: '无法完成',
        main: html`<h1>无法完成</h1>
          <div class="error-box" role="alert"><p>${known.message}</p></div>
          <p><a href="/admin">返回工作台</a></p>`,
        status: known.httpStatus,
      });
      return;
    }
    node.log.error({ err, url: req.originalUrl }, '管理后台出错');
    sendConsolePage(node, res, session, {
      title: '出错了',
      main: html`<h1>服务器暂时无法处理请求</h1>
        <p>请稍后再试。</p>`,
      status: 500,
    });
  };
}
