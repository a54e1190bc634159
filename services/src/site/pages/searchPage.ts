import { html, queryString, trustedHtml, type SafeHtml } from '../html';
import { articlePath, formatDate } from '../siteFormat';
import { provenanceLine } from './fragments';

export interface SearchModel {
  query: string;
  /** A message for a query that cannot run (empty, too long), shown by the field. */
  error: string | null;
  total: number;
  hits: { id: string; title: string; publishedAt: string | null; provenance: string[]; snippet: string }[];
  /** The cursor of the next page, if there is one. */
  next: string | null;
  /** This page's cursor (none on the first page). */
  after: string | null;
}

export function searchMain(m: SearchModel): SafeHtml {
  return html`<h1>站内搜索</h1>
    <form method="get" action="/search" role="search" novalidate>
      <p>
        <label for="q">检索词</label><br />
        <input
          class="field"
          id="q"
          type="search"
          name="q"
          value="${m.query}"
          maxlength="200"
          ${m.error ? html` aria-invalid="true" aria-describedby="q-error"` : ''}
        />
        <button class="button" type="submit">搜索</button>
      </p>
      ${m.error ? html`<p id="q-error" class="error-box" role="alert">${m.error}</p>` : ''}
    </form>
    ${
      !m.error && m.query
        ? html`<p>找到 ${m.total} 条与“${m.query}”相关的信息${m.after ? '（续）' : ''}</p>
            ${m.hits.length === 0 ? html`<p class="empty">没有找到相关信息，请换个检索词试试。</p>` : ''}
            ${m.hits.map(
              (h) =>
                html`<div class="search-hit">
                  <a href="${articlePath(h.id)}">${h.title}</a> <span class="date">${formatDate(h.publishedAt)}</span>
                  <p>${trustedHtml(h.snippet)}</p>
                  ${h.provenance.length > 0 ? html`<p>${provenanceLine(h.provenance)}</p>` : ''}
                </div>`,
            )}
            ${m.next ? html`<nav class="pager" aria-label="分页"><a href="/search${queryString({ q: m.query, after: m.next })}" rel="next">下一页</a></nav>` : ''}`
        : ''
    }`;
}
