import type { Request, Response } from 'express';
import type { NodeContext } from '../node/nodeContext';
import { html, type SafeHtml } from '../site/html';
import { layout, type NavItem } from '../site/layout';
import { channelsOf, subnetworks } from '../site/siteContent';
import { CSS_PATH } from '../site/siteRoutes';
import { siteRuntimeOf } from '../site/siteRuntime';

/** The public site's navigation (as siteRoutes builds it), the readers' section marked. */
async function navOf(node: NodeContext, current: string): Promise<NavItem[]> {
  const index = await channelsOf(node).catch(() => null);
  const items: NavItem[] = [{ href: '/', label: '首页' }];
  if (index) items.push(...subnetworks(index).map((c) => ({ href: `/channels/${c._id}`, label: c.name })));
  if (node.config.tier === 'city') items.push({ href: '/network', label: '网群地图' });
  items.push(
    { href: '/topics', label: '专题', current: current === '/topics' },
    { href: '/contests', label: '征文', current: current === '/contests' },
    { href: '/messages', label: '留言', current: current === '/messages' },
    { href: '/search', label: '搜索' },
  );
  return items;
}

export interface ReadersPage {
  title: string;
  description: string;
  main: SafeHtml;
  /** The navigation item to mark current. */
  section: string;
  status?: number;
  /** Loads the first-party proof-of-work script (/readers/pow.js): the page then allows scripts from itself only. */
  script?: boolean;
  /** Public and cacheable for a minute (lists); forms and answers are not cached. */
  cache?: boolean;
  noindex?: boolean;
}

/** Sends a readers' page in the public site's frame (elder and mourning modes, the site's stylesheet). */
export async function sendReadersPage(node: NodeContext, req: Request, res: Response, page: ReadersPage): Promise<void> {
  // `?elder=1|0` switches the 适老化 mode as on the site's own pages (a cookie, then back without the parameter).
  const switchTo = req.method === 'GET' ? req.query.elder : undefined;
  if (switchTo === '1' || switchTo === '0') {
    const url = new URL(req.originalUrl, 'http://x');
    url.searchParams.delete('elder');
    res.set('Set-Cookie', `djnet_elder=${switchTo}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`);
    res.set('Cache-Control', 'no-store').redirect(303, `${url.pathname}${url.search}`);
    return;
  }
  const elder = /(?:^|;\s*)djnet_elder=1(?:;|$)/.test(req.get('cookie') ?? '');
  const mourning = siteRuntimeOf(node)?.settings.get().mourning ?? false;
  const body = layout({
    site: {
      code: node.config.code,
      name: node.config.name,
      tier: node.config.tier,
      baseUrl: node.site.url.replace(/\/$/, ''),
      cssHref: CSS_PATH,
    },
    modes: { elder, mourning },
    title: page.title,
    description: page.description,
    path: req.path,
    nav: await navOf(node, page.section),
    noindex: page.noindex,
    main: page.script
      ? html`${page.main}
          <script src="/readers/pow.js" defer></script>`
      : page.main,
  }).value;
  res
    .status(page.status ?? 200)
    .set('Content-Type', 'text/html; charset=utf-8')
    .set('X-Content-Type-Options', 'nosniff')
    .set(
      'Content-Security-Policy',
      `script-src ${page.script ? "'self'" : "'none'"}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'`,
    )
    .set('Cache-Control', page.cache && (page.status ?? 200) === 200 && !elder ? 'public, max-age=60' : 'no-store')
    .set('Vary', 'Cookie')
    .send(body);
}
