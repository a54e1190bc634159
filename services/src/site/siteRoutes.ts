import { createHash } from 'node:crypto';
import compression from 'compression';
import { LRUCache } from 'lru-cache';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { DomainError, requestError } from '@djnet/shared';
import type { ArticleDoc } from '../articles/articleModel';
import { catalogOf, searchArticles } from '../catalog/catalogQueries';
import type { ChannelIndex } from '../channels/channelIndex';
import { directoryModels } from '../directory/directoryModels';
import type { NodeContext } from '../node/nodeContext';
import { syndicationOf } from '../syndication/syndicationRuntime';
import { html, trustedHtml, type SafeHtml } from './html';
import { layout, type NavItem, type PageModes, type SiteInfo } from './layout';
import { LATEST_PATH, NetworkLatest } from './networkLatest';
import { NETWORK_SETTINGS_PATH } from './networkSettings';
import { RenderedPage } from './pageCache';
import { articleMain, type ArticleModel } from './pages/articlePage';
import { channelMain, type ChannelModel } from './pages/channelPage';
import { errorMain } from './pages/errorPage';
import { homeMain, type HomeModel } from './pages/homePage';
import { networkMain, type MapNode } from './pages/networkPage';
import { searchMain, type SearchModel } from './pages/searchPage';
import { articleItem, channelsOf, latest, notices, provenanceOf, subnetworks } from './siteContent';
import { FEED_ITEMS, renderFeed } from './siteFeeds';
import { formatDateTime, excerpt } from './siteFormat';
import type { SiteRuntime } from './siteRuntime';
import { SITE_CSS } from './siteStyles';
import { renderSitemap, type SitemapEntry } from './sitemap';

export const PAGE_SIZE = 20;
const HOME_SECTION_ITEMS = 6;
/** Deepest channel page served (20 a page: 20,000 items). */
const MAX_PAGE = 1_000;
const ELDER_COOKIE = 'djnet_elder';
const CSS_HASH = createHash('sha256').update(SITE_CSS).digest('hex').slice(0, 12);
export const CSS_PATH = `/site/site.${CSS_HASH}.css`;
/** Public pages: browsers and shared caches may keep them a minute; ETags make revalidation cheap. */
const PUBLIC_MAX_AGE = 60;
const PAGE_CSP = "script-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

interface LoadedArticle {
  signature: string;
  channel: string;
  description: string;
  model: Omit<ArticleModel, 'trail'>;
}

function cookie(req: Request, name: string): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

interface BuiltPage {
  title?: string;
  description: string;
  /** The data the page shows: the same data renders the same page (its ETag). */
  model: unknown;
  main: () => SafeHtml;
  feeds?: { rss: string; atom: string; title: string };
  query?: Record<string, string | undefined>;
  noindex?: boolean;
  /** The navigation item to mark current, when the route's own is not it. */
  current?: string;
  /** Keep the rendered page (false for search results: their keys are unbounded). */
  store?: boolean;
}

class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The node's public site (the city's is the portal): server-rendered pages that work without JavaScript, feeds,
 * sitemap, stylesheet; on the city also the network map and the network-wide settings. Reads come from memory:
 * the catalog (lists, search), the channel tree, cached notices and directory; an article page reads its body
 * once per version.
 */
export function siteRoutes(node: NodeContext, runtime: SiteRuntime): Router {
  const router = Router();
  const compress = compression();
  /** Bodies of recently read articles by id (with the catalog signature they were read at): no database read twice. */
  const bodies = new LRUCache<string, LoadedArticle>({ max: 300 });
  const isCity = node.config.tier === 'city';
  const directory = isCity ? directoryModels(node.connection) : undefined;

  const site = (): SiteInfo => ({
    code: node.config.code,
    name: node.config.name,
    tier: node.config.tier,
    baseUrl: node.site.url.replace(/\/$/, ''),
    cssHref: CSS_PATH,
  });

  const modesOf = (req: Request): PageModes => ({ elder: cookie(req, ELDER_COOKIE) === '1', mourning: runtime.settings.get().mourning });

  const nav = (index: ChannelIndex, current: string | null): NavItem[] => [
    { href: '/', label: '首页', current: current === '/' },
    ...subnetworks(index).map((c) => ({ href: `/channels/${c._id}`, label: c.name, current: current === c._id })),
    ...(isCity ? [{ href: '/network', label: '网群地图', current: current === '/network' }] : []),
    // Readers' sections (services/src/readers).
    { href: '/topics', label: '专题' },
    { href: '/contests', label: '征文' },
    { href: '/messages', label: '留言' },
    { href: '/search', label: '搜索', current: current === '/search' },
  ];

  /** Sends a rendered page with its ETag (304 when the reader has it) and gzip when accepted. */
  const send = (req: Request, res: Response, page: RenderedPage, modes: PageModes, status = 200): void => {
    res.status(status);
    res.set('Content-Type', 'text/html; charset=utf-8');
    res.set('Vary', 'Accept-Encoding, Cookie');
    res.set('X-Content-Type-Options', 'nosniff');
    // The public pages run no script at all: a sanitiser miss in an article body could not run one either.
    res.set('Content-Security-Policy', PAGE_CSP);
    if (status !== 200) {
      res.set('Cache-Control', 'no-store');
    } else {
      res.set('Cache-Control', `${modes.elder ? 'private' : 'public'}, max-age=${PUBLIC_MAX_AGE}`);
      res.set('ETag', page.etag);
      if (req.fresh) {
        res.status(304).end();
        return;
      }
    }
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.set('Content-Encoding', 'gzip');
      res.send(page.gzip());
    } else {
      res.send(page.body);
    }
  };

  /** `?elder=1|0` switches the 适老化 mode (a cookie, no script) and returns to the page without the parameter. */
  const switchedMode = (req: Request, res: Response): boolean => {
    const elder = single(req.query.elder);
    if (elder !== '1' && elder !== '0') return false;
    const url = new URL(req.originalUrl, 'http://x');
    url.searchParams.delete('elder');
    res.set('Set-Cookie', `${ELDER_COOKIE}=${elder}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`);
    res.set('Cache-Control', 'no-store');
    res.redirect(303, `${url.pathname}${url.search}`);
    return true;
  };

  const renderPage = async (
    req: Request,
    res: Response,
    key: string,
    current: string | null,
    build: (index: ChannelIndex) => Promise<BuiltPage>,
  ) => {
    if (switchedMode(req, res)) return;
    const modes = modesOf(req);
    const pageKey = `${key}|${modes.elder ? 'e' : ''}${modes.mourning ? 'm' : ''}`;
    const recent = runtime.pages.recent(pageKey);
    if (recent) {
      send(req, res, recent, modes);
      return;
    }
    const index = await channelsOf(node);
    const built = await build(index);
    const navItems = nav(index, built.current ?? current);
    const page = runtime.pages.page(
      pageKey,
      { m: built.model, nav: navItems, modes, t: built.title, d: built.description },
      () =>
        layout({
          site: site(),
          modes,
          title: built.title,
          description: built.description,
          path: req.path,
          query: built.query,
          nav: navItems,
          feeds: built.feeds,
          noindex: built.noindex,
          main: built.main(),
        }).value,
      built.store ?? true,
    );
    send(req, res, page, modes);
  };

  const pages = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));

  router.get('/', compress, async (req, res) => {
    runtime.visits?.pageView({}, { ip: req.ip, userAgent: req.get('user-agent') });
    await renderPage(req, res, 'home', '/', async (index) => {
      const model: HomeModel = {
        siteName: node.config.name,
        headlines: latest(node, 8),
        sections: subnetworks(index).map((c) => ({
          slug: c._id,
          name: c.name,
          items: latest(node, HOME_SECTION_ITEMS, index.subtree(c._id)),
        })),
        notices: await notices(node, 5),
        mostRead: runtime.views.top(8).map((a) => articleItem(node, a)),
        topics: runtime.activeTopics?.().slice(0, 6),
      };
      return {
        description: `${node.config.name}：党建要闻、基层动态、通知公告。`,
        model,
        main: () => homeMain(model),
        feeds: { rss: '/feed.xml', atom: '/atom.xml', title: node.config.name },
      };
    });
  });

  const channelModel = (index: ChannelIndex, slug: string, pageParam: unknown): ChannelModel => {
    const channel = index.get(slug);
    if (!channel || index.isRetired(slug)) throw new PageError(404, `栏目不存在或已停用：${slug}`);
    const raw = single(pageParam) ?? '1';
    if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1) throw new PageError(400, '页码应为正整数');
    const page = Number(raw);
    const channels = index.subtree(slug);
    const catalog = catalogOf(node);
    const total = catalog.count(channels);
    const last = Math.min(pages(total), MAX_PAGE);
    if (page > last) throw new PageError(404, `本栏目只有 ${last} 页`);
    const items = catalog
      .list({ channels, first: page * PAGE_SIZE })
      .items.slice((page - 1) * PAGE_SIZE)
      .map((i) => articleItem(node, i.article));
    const trail = channel.path
      .filter((s) => s !== slug)
      .map((s) => index.get(s))
      .filter((c) => !!c)
      .map((c) => ({ slug: c._id, name: c.name }));
    const children = index
      .children(slug)
      .filter((c) => !index.isRetired(c._id))
      .map((c) => ({ slug: c._id, name: c.name }));
    return { slug, name: channel.name, trail, children, items, page, pages: last, total };
  };

  router.get('/channels/:slug', compress, async (req, res) => {
    const slug = String(req.params.slug);
    runtime.visits?.pageView({ channel: slug }, { ip: req.ip, userAgent: req.get('user-agent') });
    await renderPage(req, res, `channel:${slug}:${single(req.query.page) ?? '1'}`, null, async (index) => {
      const model = channelModel(index, slug, req.query.page);
      return {
        current: model.trail[0]?.slug ?? slug,
        title: model.page > 1 ? `${model.name}（第 ${model.page} 页）` : model.name,
        description: `${node.config.name}${model.name}栏目，共 ${model.total} 条信息。`,
        model,
        main: () => channelMain(model),
        query: { page: model.page > 1 ? String(model.page) : undefined },
        feeds: { rss: `/channels/${slug}/feed.xml`, atom: `/channels/${slug}/atom.xml`, title: `${model.name} - ${node.config.name}` },
      };
    });
  });

  const loadArticle = async (id: string): Promise<LoadedArticle> => {
    const catalog = catalogOf(node);
    const signature = /^[0-9a-f]{24}$/.test(id) ? catalog.signatureOf(id) : undefined;
    // Only what the catalog holds as published is public: anything else is "not found" without a database read.
    if (signature === undefined) throw new PageError(404, '该信息不存在或已撤回');
    const cached = bodies.get(id);
    if (cached?.signature === signature) return cached;
    const doc = await node.models.Article.findById(new Types.ObjectId(id), {
      transitions: 0,
      sensitiveHits: 0,
      pendingEvents: 0,
    }).lean<ArticleDoc>();
    if (!doc || doc.status !== 'published') throw new PageError(404, '该信息不存在或已撤回');
    const mediaIds = [...(doc.coverImageId ? [doc.coverImageId] : []), ...(doc.attachmentIds ?? [])];
    // One `_id` lookup each: FerretDB answers those directly, while `$in` scans the collection.
    const media = await Promise.all(
      [...new Set(mediaIds)].map((mid) => node.models.Media.findById(mid, { filename: 1, size: 1, contentType: 1, alt: 1 }).lean().exec()),
    );
    const byId = new Map(media.filter((m) => !!m).map((m) => [String(m._id), m]));
    const loaded: LoadedArticle = {
      signature,
      model: {
        id,
        title: doc.title,
        subtitle: doc.subtitle,
        author: doc.author,
        sourceUnit: doc.sourceUnit,
        publishedAt: doc.publishedAt ? new Date(doc.publishedAt).toISOString() : null,
        provenance: provenanceOf(node, doc),
        body: doc.body,
        // A picture not here yet (a copy's media are fetched in the background) is left out rather than broken.
        cover:
          doc.coverImageId && byId.has(doc.coverImageId)
            ? { id: doc.coverImageId, alt: byId.get(doc.coverImageId)?.alt || doc.title }
            : null,
        attachments: (doc.attachmentIds ?? []).flatMap((aid) => {
          const m = byId.get(aid);
          return m ? [{ id: aid, filename: m.filename, size: m.size, contentType: m.contentType }] : [];
        }),
        version: doc.version,
      },
      channel: doc.channel,
      description: excerpt(doc.summary || doc.bodyText || doc.title, 120),
    };
    // Kept only once every picture and attachment is here: until then each view looks again.
    if (mediaIds.every((m) => byId.has(m))) bodies.set(id, loaded);
    return loaded;
  };

  router.get('/articles/:id', compress, async (req, res) => {
    const id = String(req.params.id);
    const loaded = await loadArticle(id);
    // A robot's view counts neither in the statistics nor in the most-read list.
    if (runtime.visits?.pageView({ channel: loaded.channel, article: id }, { ip: req.ip, userAgent: req.get('user-agent') }) !== false) {
      runtime.views.record(id);
    }
    await renderPage(req, res, `article:${id}`, null, async (index) => {
      const channel = index.get(loaded.channel);
      const trail = (channel?.path ?? [loaded.channel])
        .map((s) => index.get(s))
        .filter((c) => !!c)
        .map((c) => ({ slug: c._id, name: c.name }));
      const model: ArticleModel = { ...loaded.model, trail, comments: runtime.articleComments?.(id) };
      return {
        title: model.title,
        description: loaded.description,
        model,
        main: () => articleMain(model),
      };
    });
  });

  router.get('/notices/:id', compress, async (req, res) => {
    const id = String(req.params.id);
    const rt = syndicationOf(node);
    const doc = rt && /^[a-z][a-z0-9_]*:[0-9a-f]{24}$/.test(id) ? await rt.models.Notice.findById(id, { pendingEvents: 0 }).lean() : null;
    if (!doc) throw new PageError(404, '该通知不存在');
    await renderPage(req, res, `notice:${id}`, null, async () => {
      const model = { title: doc.title, body: doc.body, issuedAt: new Date(doc.issuedAt).toISOString(), issuedBy: doc.issuedBy };
      return {
        title: model.title,
        description: `通知公告：${model.title}`,
        model,
        main: () =>
          html`<nav class="breadcrumb" aria-label="当前位置">
              <ol>
                <li><a href="/">首页</a></li>
                <li aria-current="page">通知公告</li>
              </ol>
            </nav>
            <article>
              <h1>${model.title}</h1>
              <p class="meta"><span>发布时间：${formatDateTime(model.issuedAt)}</span><span>来源：市级门户</span></p>
              <div class="article-body">${trustedHtml(model.body)}</div>
            </article>`,
      };
    });
  });

  router.get('/search', compress, async (req, res) => {
    const query = (single(req.query.q) ?? '').trim();
    const after = single(req.query.after) ?? null;
    await renderPage(req, res, `search:${query}:${after ?? ''}`, '/search', async () => {
      const model: SearchModel = { query, error: null, total: 0, hits: [], next: null, after };
      if (query) {
        try {
          const page = await searchArticles(node, { query, first: PAGE_SIZE, after });
          model.total = page.totalCount;
          model.next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
          model.hits = await Promise.all(page.hits.map(async (h) => ({ ...articleItem(node, h.article), snippet: await h.highlight() })));
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          model.error = e.message;
        }
      }
      return {
        title: query ? `搜索：${query}` : '站内搜索',
        description: `在${node.config.name}中搜索信息。`,
        model,
        main: () => searchMain(model),
        query: { q: query || undefined, after: after ?? undefined },
        noindex: true,
        store: false,
      };
    });
  });

  if (isCity && directory) {
    let directoryCache: { at: number; entries: Promise<MapEntry[]> } | null = null;
    interface MapEntry {
      code: string;
      name: string;
      tier: 'city' | 'county' | 'township';
      parent: string | null;
      url: string;
      lastSeen: Date;
    }
    const entries = (): Promise<MapEntry[]> => {
      const now = Date.now();
      if (directoryCache && now - directoryCache.at < 30_000) return directoryCache.entries;
      const read = directory.DirectoryEntry.find({ status: 'active' }, { code: 1, name: 1, tier: 1, parent: 1, url: 1, lastSeen: 1 })
        .lean<MapEntry[]>()
        .exec();
      directoryCache = { at: now, entries: read };
      read.catch(() => (directoryCache = null));
      return read;
    };
    const networkLatest = new NetworkLatest(node);
    runtime.networkLatest = networkLatest;
    router.get('/network', compress, async (req, res) => {
      await renderPage(req, res, 'network', '/network', async () => {
        const list = await entries();
        const staleMs = node.config.staleAfterSeconds * 1000;
        const now = node.now().getTime();
        // Each node's newest item that reached the portal: the origin of a copy and every node it passed through.
        const latestOf = new Map<string, { id: string; title: string; publishedAt: string | null }>();
        for (const { article } of catalogOf(node).list({ first: 5_000 }).items) {
          const item = { id: String(article._id), title: article.title, publishedAt: articleItem(node, article).publishedAt };
          const codes = article.origin ? [article.origin.node, ...(article.hops ?? []).map((h) => h.node)] : [node.config.code];
          for (const code of codes) if (!latestOf.has(code)) latestOf.set(code, item);
        }
        const own = networkLatest.read(list);
        const cityNewest = latest(node, 1)[0];
        const byParent = new Map<string | null, MapEntry[]>();
        for (const e of list) byParent.set(e.parent, [...(byParent.get(e.parent) ?? []), e]);
        const build = (e: MapEntry): MapNode => ({
          code: e.code,
          name: e.name,
          tier: e.tier,
          url: e.code === node.config.code ? '' : e.url.replace(/\/$/, ''),
          reachable: e.code === node.config.code || now - new Date(e.lastSeen).getTime() <= staleMs,
          own:
            e.code === node.config.code
              ? cityNewest
                ? { id: cityNewest.id, title: cityNewest.title, publishedAt: cityNewest.publishedAt }
                : null
              : (own.get(e.code) ?? null),
          latest: latestOf.get(e.code) ?? null,
          children: (byParent.get(e.code) ?? []).sort((a, b) => a.code.localeCompare(b.code)).map(build),
        });
        const cityEntry = list.find((e) => e.code === node.config.code);
        const root = cityEntry ? build(cityEntry) : null;
        const counts = { city: 0, county: 0, township: 0 };
        for (const e of list) counts[e.tier]++;
        const model = { root, counts };
        return {
          title: '网群地图',
          description: `${node.config.name}网群地图：龙头、骨干、节点各站点及其最新信息。`,
          model,
          main: () => networkMain(root, counts),
        };
      });
    });
    router.get(NETWORK_SETTINGS_PATH, (_req, res) => {
      res.set('Cache-Control', 'no-cache').json(runtime.settings.get());
    });
  }

  // What this node published last, for the portal's network map (public: it is on the home page anyway).
  router.get(LATEST_PATH, (_req, res) => {
    const newest = latest(node, 1)[0];
    res
      .set('Cache-Control', 'public, max-age=30')
      .json({ code: node.config.code, latest: newest ? { id: newest.id, title: newest.title, publishedAt: newest.publishedAt } : null });
  });

  const feedItems = (channels?: ReadonlySet<string>) => latest(node, FEED_ITEMS, channels);
  const sendXml = (req: Request, res: Response, type: string, body: string) => {
    res.set('Content-Type', `${type}; charset=utf-8`).set('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE}`).send(body);
  };
  for (const [file, format, type] of [
    ['feed.xml', 'rss', 'application/rss+xml'],
    ['atom.xml', 'atom', 'application/atom+xml'],
  ] as const) {
    router.get(`/${file}`, compress, (req, res) => {
      const b = site().baseUrl;
      sendXml(
        req,
        res,
        type,
        renderFeed({ baseUrl: b, siteName: node.config.name, pagePath: '/', feedPrefix: '', items: feedItems() }, format),
      );
    });
    router.get(`/channels/:slug/${file}`, compress, async (req, res) => {
      const slug = String(req.params.slug);
      const index = await channelsOf(node);
      const channel = index.get(slug);
      if (!channel) throw new PageError(404, `栏目不存在：${slug}`);
      const b = site().baseUrl;
      sendXml(
        req,
        res,
        type,
        renderFeed(
          {
            baseUrl: b,
            siteName: node.config.name,
            channelName: channel.name,
            pagePath: `/channels/${slug}`,
            feedPrefix: `/channels/${slug}`,
            items: feedItems(index.subtree(slug)),
          },
          format,
        ),
      );
    });
  }

  // The sitemap lists every published article (up to 50,000): built again when the catalog's size or newest item or
  // the channel tree changed, and at least every 10 minutes (an edit of an old article moves its lastmod).
  let sitemap: { key: string; at: number; xml: string } | null = null;
  router.get('/sitemap.xml', compress, async (req, res) => {
    const index = await channelsOf(node);
    const catalog = catalogOf(node);
    const newest = latest(node, 1)[0];
    const key = `${catalog.size}|${newest?.id ?? ''}:${newest?.signature ?? ''}|${index.size}|${site().baseUrl}`;
    if (!sitemap || sitemap.key !== key || Date.now() - sitemap.at > 10 * 60_000) {
      const entries: SitemapEntry[] = [{ path: '/' }];
      if (isCity) entries.push({ path: '/network' });
      for (const c of index.ordered()) if (!index.isRetired(c._id)) entries.push({ path: `/channels/${c._id}` });
      for (const { article } of catalog.list({ first: 50_000 - entries.length }).items) {
        const t = article.updatedAt ?? article.publishedAt;
        entries.push({ path: `/articles/${String(article._id)}`, lastmod: t ? new Date(t).toISOString().slice(0, 10) : undefined });
      }
      sitemap = { key, at: Date.now(), xml: renderSitemap(site().baseUrl, entries) };
    }
    sendXml(req, res, 'application/xml', sitemap.xml);
  });

  router.get('/robots.txt', (_req, res) => {
    res
      .type('text/plain')
      .set('Cache-Control', 'public, max-age=3600')
      .send(`User-agent: *\nDisallow: /admin\nDisallow: /search\nSitemap: ${site().baseUrl}/sitemap.xml\n`);
  });

  router.get(CSS_PATH, compress, (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=31536000, immutable').send(SITE_CSS);
  });

  // Errors of the site's own routes become HTML pages: 4xx with a message, never a stack; 5xx logged.
  router.use(async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    let status = 500;
    let message = '服务器暂时无法处理请求，请稍后再试。';
    const known = requestError(err);
    if (err instanceof PageError) ({ status, message } = err);
    else if (known) ({ httpStatus: status, message } = known);
    else node.log.error({ err, url: req.originalUrl }, '站点页面出错');
    try {
      const modes = modesOf(req);
      const index = await channelsOf(node).catch(() => null);
      const body = layout({
        site: site(),
        modes,
        title: status === 404 ? '页面不存在' : '出错了',
        description: message,
        path: req.path,
        nav: index ? nav(index, null) : [{ href: '/', label: '首页' }],
        noindex: true,
        main: errorMain(status, message),
      }).value;
      res.status(status).set('Cache-Control', 'no-store').set('Content-Security-Policy', PAGE_CSP).type('html').send(body);
    } catch {
      res.status(status).type('text/plain').send(message);
    }
  });

  return router;
}
