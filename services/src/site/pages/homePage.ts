import { html, type SafeHtml } from '../html';
import type { ArticleItem, NoticeItem } from '../siteContent';
import { articlePath, channelPath, excerpt, formatDate } from '../siteFormat';
import { articleList, provenanceLine } from './fragments';

export interface HomeModel {
  siteName: string;
  headlines: ArticleItem[];
  sections: { slug: string; name: string; items: ArticleItem[] }[];
  notices: NoticeItem[];
  mostRead: ArticleItem[];
  /** Active topics (services/src/readers); absent where that area is not running. */
  topics?: { slug: string; title: string }[];
}

export function homeMain(m: HomeModel): SafeHtml {
  const [lead, ...rest] = m.headlines;
  return html`<h1 class="visually-hidden">${m.siteName}首页</h1>
    ${
      m.notices.length > 0
        ? html`<section class="notice-box" aria-labelledby="notices-h">
            <h2 id="notices-h">通知公告</h2>
            <ul class="list">
              ${m.notices.map((n) => html`<li><a href="/notices/${n.id}">${n.title}</a><span class="date">${formatDate(n.issuedAt)}</span></li>`)}
            </ul>
          </section>`
        : ''
    }
    <section aria-labelledby="headlines-h" class="panel">
      <h2 id="headlines-h">头条要闻</h2>
      ${
        lead
          ? html`<p class="headline">
                <a href="${articlePath(lead.id)}"><strong>${lead.title}</strong></a>
              </p>
              ${lead.summary || lead.provenance.length > 0 ? html`<p>${excerpt(lead.summary, 120)} ${provenanceLine(lead.provenance)}</p>` : ''}
              ${articleList(rest)}`
          : html`<p class="empty">本站尚未发布信息</p>`
      }
    </section>
    <div class="grid spaced">
      ${m.sections.map(
        (s) =>
          html`<section class="panel" aria-labelledby="sec-${s.slug}">
            <h2 id="sec-${s.slug}"><a href="${channelPath(s.slug)}">${s.name}</a></h2>
            ${articleList(s.items)}
            <p class="more"><a href="${channelPath(s.slug)}">更多${s.name}信息</a></p>
          </section>`,
      )}
      ${
        m.topics && m.topics.length > 0
          ? html`<section class="panel" aria-labelledby="topics-h">
              <h2 id="topics-h">专题</h2>
              <ul class="list">
                ${m.topics.map((t) => html`<li><a href="/topics/${t.slug}">${t.title}</a></li>`)}
              </ul>
              <p class="more"><a href="/topics">全部专题</a></p>
            </section>`
          : ''
      }
      <section class="panel" aria-labelledby="most-read-h">
        <h2 id="most-read-h">最多阅读</h2>
        ${articleList(m.mostRead, '暂无阅读记录')}
        <p class="more"><a href="/most-read">近 7 天阅读排行</a></p>
      </section>
    </div>`;
}
