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
    </article>`;
}
