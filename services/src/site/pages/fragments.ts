import { html, type SafeHtml } from '../html';
import type { ArticleItem } from '../siteContent';
import { articlePath, formatDate } from '../siteFormat';

/** A list of article links with dates (and, for items from other nodes, where they came from). */
export function articleList(items: readonly ArticleItem[], emptyText = '暂无信息'): SafeHtml {
  if (items.length === 0) return html`<p class="empty">${emptyText}</p>`;
  return html`<ul class="list">
    ${items.map(
      (a) =>
        html`<li>
          <a href="${articlePath(a.id)}">${a.title}</a
          ><span class="date"
            >${a.provenance.length > 0 ? html`${a.provenance[0]} · ` : ''}<time datetime="${a.publishedAt ?? ''}"
              >${formatDate(a.publishedAt)}</time
            ></span
          >
        </li> `,
    )}
  </ul>`;
}

/** 来源：凤凰镇 → 兴宾区 */
export function provenanceLine(provenance: readonly string[]): SafeHtml {
  if (provenance.length === 0) return html``;
  return html`<span class="provenance">来源：${provenance.join(' → ')}</span>`;
}

/** Numbered pages: previous, a window of numbers, next. `href(n)` builds a page's link. */
export function pager(page: number, pages: number, href: (n: number) => string): SafeHtml {
  if (pages <= 1) return html``;
  const from = Math.max(1, page - 3);
  const to = Math.min(pages, page + 3);
  const numbers: number[] = [];
  for (let n = from; n <= to; n++) numbers.push(n);
  return html`<nav class="pager" aria-label="分页">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">上一页</a>` : ''}
    ${numbers.map((n) => (n === page ? html`<span aria-current="page">${n}</span>` : html`<a href="${href(n)}">${n}</a>`))}
    ${page < pages ? html`<a href="${href(page + 1)}" rel="next">下一页</a>` : ''}
    <span>第 ${page} / ${pages} 页</span>
  </nav>`;
}
