import { html, trustedHtml, type SafeHtml } from '../html';
import { channelPath, formatDateTime, formatSize } from '../siteFormat';
import { provenanceLine } from './fragments';

export interface AttachmentItem {
  id: string;
  filename: string;
  size: number;
  contentType: string;
}

export interface ArticleModel {
  id: string;
  title: string;
  subtitle: string | null;
  author: string | null;
  sourceUnit: string | null;
  publishedAt: string | null;
  trail: { slug: string; name: string }[];
  provenance: string[];
  /** Sanitised when it was written (sanitize-html in articleContent.ts). */
  body: string;
  cover: { id: string; alt: string } | null;
  attachments: AttachmentItem[];
  version: number;
  /** Approved readers' comments (services/src/readers); absent where that area is not running. */
  comments?: ArticleComment[];
}

/** A reader's comment as the public sees it: a nickname, never contact details or an address. */
export interface ArticleComment {
  id: string;
  nickname: string;
  body: string;
  createdAt: string;
}

function commentsSection(m: ArticleModel): SafeHtml {
  if (!m.comments) return html``;
  return html`<section class="comments spaced" aria-labelledby="comments-h">
    <h2 id="comments-h">读者评论（${m.comments.length}）</h2>
    ${
      m.comments.length === 0
        ? html`<p class="empty">暂无评论。</p>`
        : html`<ol class="list">
            ${m.comments.map(
              (c) =>
                html`<li>
                  <p><strong>${c.nickname}</strong>：${c.body}</p>
                  <time class="date" datetime="${c.createdAt}">${formatDateTime(c.createdAt)}</time>
                </li>`,
            )}
          </ol>`
    }
    <p><a class="button" href="/articles/${m.id}/comment">发表评论</a> <span class="hint">评论经审核后显示。</span></p>
  </section>`;
}

export function articleMain(m: ArticleModel): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/">首页</a></li>
        ${m.trail.map((c) => html`<li><a href="${channelPath(c.slug)}">${c.name}</a></li>`)}
        <li aria-current="page">正文</li>
      </ol>
    </nav>
    <article>
      <h1>${m.title}</h1>
      ${m.subtitle ? html`<p><strong>${m.subtitle}</strong></p>` : ''}
      <p class="meta">
        <span>发布时间：<time datetime="${m.publishedAt ?? ''}">${formatDateTime(m.publishedAt)}</time></span>
        ${m.author ? html`<span>作者：${m.author}</span>` : ''} ${m.sourceUnit ? html`<span>单位：${m.sourceUnit}</span>` : ''}
        ${provenanceLine(m.provenance)}
      </p>
      ${m.cover ? html`<p><img class="cover" src="/media/${m.cover.id}" alt="${m.cover.alt}" /></p>` : ''}
      <div class="article-body">${trustedHtml(m.body)}</div>
      ${
        m.attachments.length > 0
          ? html`<section class="attachments" aria-labelledby="att-h">
              <h2 id="att-h">附件</h2>
              <ul class="list">
                ${m.attachments.map((a) => html`<li><a href="/media/${a.id}" download="${a.filename}">${a.filename}</a><span class="date">${formatSize(a.size)}</span></li>`)}
              </ul>
            </section>`
          : ''
      }
    </article>
    ${commentsSection(m)}`;
}
