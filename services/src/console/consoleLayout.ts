import type { Actor } from '../accounts/actor';
import { ROLE_NAMES } from '../accounts/permissions';
import { html, type SafeHtml } from '../site/html';
import { CSS_PATH } from '../site/siteRoutes';

export interface ConsoleLayoutInput {
  siteName: string;
  title: string;
  actor: Actor | null;
  csrf: string;
  main: SafeHtml;
  /** Flash message after an action (e.g. 已提交审核). */
  notice?: string | null;
  current?: string;
}

/** One item of the console's menu, shown only to the roles that may use it. */
export interface MenuItem {
  href: string;
  label: string;
}

export function consoleMenu(actor: Actor, isCity: boolean): MenuItem[] {
  const writer = ['admin', 'editor', 'officer', 'correspondent'].includes(actor.role);
  const reviewer = actor.role === 'admin' || actor.role === 'editor';
  return [
    { href: '/admin', label: '工作台' },
    ...(writer
      ? [
          { href: '/admin/articles/new', label: '写稿' },
          { href: '/admin/articles', label: '我的稿件' },
        ]
      : []),
    ...(reviewer
      ? [
          { href: '/admin/review', label: '审核队列' },
          { href: '/admin/adoption', label: '采用队列' },
        ]
      : []),
    ...(reviewer
      ? [
          { href: '/admin/officers', label: '信息员' },
          { href: '/admin/syndication', label: '同步状态' },
        ]
      : []),
    ...(actor.role === 'admin' ? [{ href: '/admin/import', label: '历史数据导入' }] : []),
    ...(isCity && actor.role === 'admin'
      ? [
          { href: '/admin/settings', label: '全网设置' },
          { href: '/admin/partners', label: '合作方密钥' },
        ]
      : []),
    // The newspaper (services/src/newspaper): calls, submitting, the desk, distribution.
    ...(writer || reviewer ? [{ href: '/admin/newspaper', label: '报纸' }] : []),
    // Readers (services/src/readers): moderation, topics, contests (judges too), statistics.
    ...(reviewer
      ? [
          { href: '/admin/readers/comments', label: '留言评论' },
          { href: '/admin/readers/topics', label: '专题' },
        ]
      : []),
    { href: '/admin/readers/contests', label: '征文' },
    ...(reviewer ? [{ href: '/admin/readers/stats', label: '访问统计' }] : []),
  ];
}

/** The admin console's frame (server-rendered, works without JavaScript, the site's stylesheet). */
export function consoleLayout(input: ConsoleLayoutInput, menu: MenuItem[]): SafeHtml {
  return html`<!DOCTYPE html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${input.title} - ${input.siteName}管理后台</title>
        <link rel="stylesheet" href="${CSS_PATH}" />
      </head>
      <body class="console">
        <a class="skip-link" href="#main">跳到主要内容</a>
        <header class="masthead" role="banner">
          <div class="wrap">
            <p class="site-name"><a href="/admin">${input.siteName} · 管理后台</a></p>
            ${
              input.actor
                ? html`<form method="post" action="/admin/logout" class="search-form">
                    <span>${input.actor.name}（${ROLE_NAMES[input.actor.role]}）</span>
                    <input type="hidden" name="_csrf" value="${input.csrf}" /><button type="submit">退出</button>
                  </form>`
                : ''
            }
          </div>
        </header>
        ${
          menu.length > 0
            ? html`<nav class="nav" aria-label="后台菜单">
                <ul>
                  ${menu.map(
                    (m) => html`<li><a href="${m.href}" ${m.href === input.current ? html` aria-current="page"` : ''}>${m.label}</a></li>`,
                  )}
                  <li><a href="/">查看网站</a></li>
                </ul>
              </nav>`
            : ''
        }
        <main id="main" class="wrap" tabindex="-1">
          ${input.notice ? html`<p class="notice-box" role="status">${input.notice}</p>` : ''} ${input.main}
        </main>
      </body>
    </html> `;
}
