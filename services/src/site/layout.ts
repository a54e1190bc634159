import type { Tier } from '@djnet/shared';
import { html, queryString, type SafeHtml } from './html';
import { TIER_LABELS } from './siteFormat';

/** How a reader asked to see the site: 适老化 (larger text and targets) and the network's mourning theme. */
export interface PageModes {
  elder: boolean;
  mourning: boolean;
}

export interface SiteInfo {
  code: string;
  name: string;
  tier: Tier;
  /** Public base URL, no trailing slash (canonical links, feeds). */
  baseUrl: string;
  /** The stylesheet's URL with its content hash (cached for a year). */
  cssHref: string;
}

export interface NavItem {
  href: string;
  label: string;
  /** This item is the current section. */
  current?: boolean;
}

export interface LayoutInput {
  site: SiteInfo;
  modes: PageModes;
  /** The page's own title; the site name is appended. Omit for the home page. */
  title?: string;
  description: string;
  /** Path of this page (canonical link, mode switches). */
  path: string;
  /** The query string that must survive a mode switch (e.g. the search words and page). */
  query?: Record<string, string | number | null | undefined>;
  nav: NavItem[];
  feeds?: { rss: string; atom: string; title: string };
  /** noindex for search result pages and errors. */
  noindex?: boolean;
  main: SafeHtml;
}

/** The page frame every public page shares: skip link, masthead, search, navigation, footer. */
export function layout(input: LayoutInput): SafeHtml {
  const { site, modes } = input;
  const fullTitle = input.title ? `${input.title} - ${site.name}` : site.name;
  const classes = [modes.elder ? 'elder' : '', modes.mourning ? 'mourning' : ''].filter(Boolean).join(' ');
  const canonical = `${site.baseUrl}${input.path}${queryString(input.query ?? {})}`;
  const switchHref = `${input.path}${queryString({ ...(input.query ?? {}), elder: modes.elder ? '0' : '1' })}`;
  return html`<!DOCTYPE html>
    <html lang="zh-CN" ${classes ? html` class="${classes}"` : ''}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${fullTitle}</title>
        <meta name="description" content="${input.description}" />
        <link rel="canonical" href="${canonical}" />
        ${input.noindex ? html`<meta name="robots" content="noindex" />` : ''}
        <link rel="stylesheet" href="${site.cssHref}" />
        ${
          input.feeds
            ? html`<link rel="alternate" type="application/rss+xml" title="${input.feeds.title}（RSS）" href="${input.feeds.rss}" />
                <link rel="alternate" type="application/atom+xml" title="${input.feeds.title}（Atom）" href="${input.feeds.atom}" />`
            : ''
        }
      </head>
      <body>
        <a class="skip-link" href="#main">跳到主要内容</a>
        <div class="topbar">
          <div class="wrap">
            <span>${TIER_LABELS[site.tier]} · 党建网群</span>
            <span><a href="${switchHref}" rel="nofollow">${modes.elder ? '标准模式' : '适老模式（大字）'}</a></span>
          </div>
        </div>
        <header class="masthead" role="banner">
          <div class="wrap">
            <p class="site-name"><a href="/">${site.name}</a></p>
            <form class="search-form" role="search" action="/search" method="get">
              <label for="site-search-q" class="visually-hidden">站内搜索</label>
              <input id="site-search-q" type="search" name="q" maxlength="200" placeholder="搜索本站信息" />
              <button type="submit">搜索</button>
            </form>
          </div>
        </header>
        <nav class="nav" aria-label="主导航">
          <ul>
            ${input.nav.map((item) => html`<li><a href="${item.href}" ${item.current ? html` aria-current="page"` : ''}>${item.label}</a></li>`)}
          </ul>
        </nav>
        <main id="main" class="wrap" tabindex="-1">${input.main}</main>
        <footer class="footer" role="contentinfo">
          <div class="wrap">
            <p>${site.name} · 党建网群成员站点（节点代码 ${site.code}）</p>
            <p>
              <a href="/feed.xml">RSS 订阅</a> · <a href="/atom.xml">Atom 订阅</a> ·
              <a href="/sitemap.xml">网站地图</a>${site.tier === 'city' ? html` · <a href="/network">网群地图</a>` : ''}
            </p>
          </div>
        </footer>
      </body>
    </html> `;
}
