import { escapeHtml } from './html';

export interface SitemapEntry {
  path: string;
  lastmod?: string;
}

/** Sitemap protocol 0.9 (at most 50,000 URLs a file: the newest articles are kept). */
export const SITEMAP_MAX_URLS = 50_000;

export function renderSitemap(baseUrl: string, entries: readonly SitemapEntry[]): string {
  const urls = entries
    .slice(0, SITEMAP_MAX_URLS)
    .map((e) => `<url><loc>${escapeHtml(`${baseUrl}${e.path}`)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
