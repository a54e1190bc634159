import { html, type SafeHtml } from '../html';
import type { ArticleItem } from '../siteContent';
import { channelPath } from '../siteFormat';
import { articleList, pager } from './fragments';

export interface ChannelModel {
  slug: string;
  name: string;
  /** Channels above this one, top first. */
  trail: { slug: string; name: string }[];
  children: { slug: string; name: string }[];
  items: ArticleItem[];
  page: number;
  pages: number;
  total: number;
}

export function channelMain(m: ChannelModel): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/">首页</a></li>
        ${m.trail.map((c) => html`<li><a href="${channelPath(c.slug)}">${c.name}</a></li>`)}
        <li aria-current="page">${m.name}</li>
      </ol>
    </nav>
    <h1>${m.name}</h1>
    ${
      m.children.length > 0
        ? html`<nav aria-label="下级栏目">
            <ul class="sublist">
              ${m.children.map((c) => html`<li><a href="${channelPath(c.slug)}">${c.name}</a></li>`)}
            </ul>
          </nav>`
        : ''
    }
    <p class="date">共 ${m.total} 条信息</p>
    ${articleList(m.items, '本栏目暂无信息')} ${pager(m.page, m.pages, (n) => channelPath(m.slug, n))}
    <p class="more"><a href="/channels/${m.slug}/feed.xml">订阅本栏目（RSS）</a> · <a href="/channels/${m.slug}/atom.xml">Atom</a></p>`;
}
