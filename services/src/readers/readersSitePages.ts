import { html, trustedHtml, type SafeHtml } from '../site/html';
import { articleList } from '../site/pages/fragments';
import { formatDate, formatDateTime } from '../site/siteFormat';
import type { Challenge } from './proofOfWork';
import type { PublicComment } from './publicComments';
import type { ContestDoc, TopicDoc } from './readersModels';
import type { TopicItem } from './topicItems';

export type Errors = Record<string, string>;

function errorBox(errors: Errors): SafeHtml {
  const list = Object.values(errors);
  if (list.length === 0) return html``;
  return html`<div class="error-box" role="alert">
    <p><strong>未能提交：</strong></p>
    <ul>
      ${list.map((m) => html`<li>${m}</li>`)}
    </ul>
  </div>`;
}

function input(
  name: string,
  label: string,
  value: string,
  errors: Errors,
  opts: { required?: boolean; max?: number; rows?: number; hint?: string } = {},
): SafeHtml {
  const id = `f-${name.replace(/[^a-z0-9_-]/gi, '-')}`;
  const err = errors[name];
  const describedBy = [opts.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attrs = html` id="${id}"
  name="${name}"${opts.required ? html` required aria-required="true"` : ''}${err ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${opts.max ? html` maxlength="${opts.max}"` : ''}`;
  return html`<div class="form-row${err ? ' has-error' : ''}">
    <label for="${id}">${label}${opts.required ? html`<span aria-hidden="true"> *</span>` : ''}</label>
    ${opts.hint ? html`<p class="hint" id="${id}-hint">${opts.hint}</p>` : ''}
    ${opts.rows ? html`<textarea class="field wide" rows="${opts.rows}" ${attrs}>${value}</textarea>` : html`<input class="field" type="text" ${attrs} value="${value}" />`}
    ${err ? html`<p class="field-error" id="${id}-error">${err}</p>` : ''}
  </div>`;
}

/** The human check: the script fills `pow_work`; without script the reader answers the sum. */
function humanCheck(challenge: Challenge, errors: Errors): SafeHtml {
  return html`<input type="hidden" name="pow_token" value="${challenge.token}" /><input type="hidden" name="pow_work" value="" />
    <div class="pow-sum">
      ${input('pow_sum', `人机验证：${challenge.question}`, '', errors, { max: 4, hint: '浏览器运行脚本时会自动完成验证，无需填写。' })}
    </div>
    <p class="pow-status hint" role="status"></p>`;
}

export function commentFormMain(
  a: { id: string; title: string },
  values: Record<string, string>,
  errors: Errors,
  challenge: Challenge,
  sent: boolean,
): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/">首页</a></li>
        <li><a href="/articles/${a.id}">${a.title}</a></li>
        <li aria-current="page">发表评论</li>
      </ol>
    </nav>
    <h1>发表评论</h1>
    ${sent ? html`<p class="notice-box" role="status">评论已提交，经审核后显示。</p>` : ''}
    <p>评论文章：<a href="/articles/${a.id}">${a.title}</a></p>
    ${errorBox(errors)}
    <form method="post" action="/articles/${a.id}/comment" data-pow="${challenge.difficulty}">
      ${input('nickname', '昵称（公开显示，可不填）', values.nickname ?? '', errors, { max: 20 })}
      ${input('body', '评论内容', values.body ?? '', errors, { required: true, max: 1000, rows: 6 })} ${humanCheck(challenge, errors)}
      <p class="hint">评论经审核后公开，只显示昵称，不显示您的任何个人信息。</p>
      <button class="button" type="submit">提交评论</button>
    </form>`;
}

export function messageFormMain(siteName: string, values: Record<string, string>, errors: Errors, challenge: Challenge): SafeHtml {
  return html`<h1>给${siteName}留言</h1>
    ${errorBox(errors)}
    <form method="post" action="/messages" data-pow="${challenge.difficulty}">
      ${input('subject', '主题', values.subject ?? '', errors, { required: true, max: 60 })}
      ${input('body', '留言内容', values.body ?? '', errors, { required: true, max: 1000, rows: 8 })}
      ${input('nickname', '昵称（公开显示，可不填）', values.nickname ?? '', errors, { max: 20 })}
      ${input('contact', '联系方式（仅工作人员可见，可不填）', values.contact ?? '', errors, { max: 60 })} ${humanCheck(challenge, errors)}
      <p class="hint">留言经审核后与答复一并公开，只显示昵称，联系方式不公开。</p>
      <button class="button" type="submit">提交留言</button>
    </form>`;
}

export function messagesMain(siteName: string, messages: readonly PublicComment[], sent: boolean): SafeHtml {
  return html`<h1>${siteName} · 留言板</h1>
    ${sent ? html`<p class="notice-box" role="status">留言已提交，经审核后公开。</p>` : ''}
    <p><a class="button" href="/messages/new">我要留言</a></p>
    ${
      messages.length === 0
        ? html`<p class="empty">暂无公开的留言。</p>`
        : messages.map(
            (m) =>
              html`<article class="panel spaced">
                <h2>${m.subject}</h2>
                <p class="meta"><span>${m.nickname}</span><time datetime="${m.createdAt}">${formatDateTime(m.createdAt)}</time></p>
                <p>${m.body}</p>
                ${
                  m.reply
                    ? html`<div class="notice-box">
                        <p><strong>答复：</strong>${m.reply}</p>
                        <p class="date">${formatDateTime(m.repliedAt)}</p>
                      </div>`
                    : html`<p class="hint">尚未答复。</p>`
                }
              </article>`,
          )
    }`;
}

export function topicsMain(topics: readonly TopicDoc[]): SafeHtml {
  return html`<h1>专题</h1>
    ${
      topics.length === 0
        ? html`<p class="empty">暂无专题。</p>`
        : html`<ul class="list">
            ${topics.map((t) => html`<li><a href="/topics/${t._id}">${t.title}</a><span class="date">${formatDate(t.startsAt)}${t.endsAt ? html` – ${formatDate(t.endsAt)}` : ''}</span></li>`)}
          </ul>`
    }`;
}

export interface TopicModel {
  topic: Pick<TopicDoc, '_id' | 'title' | 'description' | 'bannerImageId' | 'startsAt' | 'endsAt' | 'sections' | 'pages'>;
  items: TopicItem[];
  /** The section shown (null: the topic's own list). */
  section: { slug: string; title: string } | null;
  contests: { slug: string; title: string; status: string; winners: { entryId: string; title: string; author: string; prize: string }[] }[];
}

export function topicMain(m: TopicModel): SafeHtml {
  const t = m.topic;
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/">首页</a></li>
        <li><a href="/topics">专题</a></li>
        ${
          m.section
            ? html`<li><a href="/topics/${t._id}">${t.title}</a></li>
                <li aria-current="page">${m.section.title}</li>`
            : html`<li aria-current="page">${t.title}</li>`
        }
      </ol>
    </nav>
    ${t.bannerImageId ? html`<p><img class="cover" src="/media/${t.bannerImageId}" alt="${t.title}" /></p>` : ''}
    <h1>${m.section ? `${t.title} · ${m.section.title}` : t.title}</h1>
    <p class="meta"><span>${formatDate(t.startsAt)}${t.endsAt ? html` 至 ${formatDate(t.endsAt)}` : ' 起'}</span></p>
    ${m.section ? '' : html`<p>${t.description}</p>`}
    ${
      t.sections.length > 0 || t.pages.length > 0
        ? html`<nav aria-label="专题栏目">
            <ul class="sublist">
              ${t.sections.map((s) => html`<li><a href="/topics/${t._id}/sections/${s.slug}" ${m.section?.slug === s.slug ? html` aria-current="page"` : ''}>${s.title}</a></li>`)}
              ${t.pages.map((p) => html`<li><a href="/topics/${t._id}/pages/${p.slug}">${p.title}</a></li>`)}
            </ul>
          </nav>`
        : ''
    }
    <section aria-labelledby="items-h">
      <h2 id="items-h">专题信息（${m.items.length}）</h2>
      ${articleList(m.items.slice(0, 100), '本专题暂无信息')}
    </section>
    ${m.contests.map(
      (c) =>
        html`<section class="spaced" aria-labelledby="contest-${c.slug}">
          <h2 id="contest-${c.slug}"><a href="/contests/${c.slug}">${c.title}</a></h2>
          ${
            c.winners.length > 0
              ? html`<ul class="list">
                  ${c.winners.map((w) => html`<li><a href="/contests/${c.slug}/entries/${encodeURIComponent(w.entryId)}">${w.title}</a><span class="date">${w.prize} · ${w.author}</span></li>`)}
                </ul>`
              : html`<p class="hint">
                  ${c.status === 'published' ? '本次征文无获奖作品。' : '征文进行中，评选结果公布后在此展示获奖作品。'}
                </p>`
          }
        </section>`,
    )}`;
}

export function topicPageMain(t: Pick<TopicDoc, '_id' | 'title'>, page: { title: string; body: string }): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/">首页</a></li>
        <li><a href="/topics/${t._id}">${t.title}</a></li>
        <li aria-current="page">${page.title}</li>
      </ol>
    </nav>
    <h1>${page.title}</h1>
    <div class="article-body">${trustedHtml(page.body)}</div>`;
}

export function contestsMain(contests: readonly ContestDoc[], now: Date): SafeHtml {
  return html`<h1>网络征文</h1>
    ${
      contests.length === 0
        ? html`<p class="empty">暂无征文活动。</p>`
        : html`<ul class="list">
            ${contests.map((c) => html`<li><a href="/contests/${c._id}">${c.title}</a><span class="date">${statusLabel(c, now)} · 截止 ${formatDate(c.endsAt)}</span></li>`)}
          </ul>`
    }`;
}

/** A contest's state for the public page, at the node's clock (`node.now()`). */
export function statusLabel(c: Pick<ContestDoc, 'status' | 'endsAt' | 'startsAt'>, now: Date): string {
  if (c.status === 'published') return '已公布结果';
  if (now.getTime() < new Date(c.startsAt).getTime()) return '尚未开始';
  if (now.getTime() > new Date(c.endsAt).getTime() || c.status === 'judging') return '评选中';
  return '征集中';
}

export function contestMain(c: ContestDoc, sent: boolean, now: Date): SafeHtml {
  const status = statusLabel(c, now);
  const open = status === '征集中';
  const categoryName = (key: string) => c.categories.find((x) => x.key === key)?.name ?? key;
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/">首页</a></li>
        <li><a href="/contests">征文</a></li>
        <li aria-current="page">${c.title}</li>
      </ol>
    </nav>
    <h1>${c.title}</h1>
    ${sent ? html`<p class="notice-box" role="status">作品已提交，感谢参与！</p>` : ''}
    <p class="meta"><span>${formatDateTime(c.startsAt)} 至 ${formatDateTime(c.endsAt)}</span><span>${status}</span></p>
    <section aria-labelledby="rules-h">
      <h2 id="rules-h">征文规则</h2>
      <p>${c.rules}</p>
      <p>类别：${c.categories.map((x) => x.name).join('、')}${c.onePerPersonPerCategory ? '（每人每个类别限投一篇）' : ''}</p>
      <p>评分标准：${c.criteria.map((x) => `${x.name}（${x.max} 分）`).join('、')}</p>
    </section>
    ${open ? html`<p><a class="button" href="/contests/${c._id}/enter">我要投稿</a></p>` : ''}
    ${
      c.status === 'published'
        ? html`<section aria-labelledby="results-h">
            <h2 id="results-h">评选结果</h2>
            <table class="table">
              <caption class="visually-hidden">
                评选结果
              </caption>
              <thead>
                <tr>
                  <th scope="col">类别</th>
                  <th scope="col">名次</th>
                  <th scope="col">作品</th>
                  <th scope="col">作者</th>
                  <th scope="col">得分</th>
                  <th scope="col">奖项</th>
                </tr>
              </thead>
              <tbody>
                ${c.results.map(
                  (r) =>
                    html`<tr>
                      <td>${categoryName(r.category)}</td>
                      <td>${r.rank}</td>
                      <td>
                        ${r.prize ? html`<a href="/contests/${c._id}/entries/${encodeURIComponent(r.entryId)}">${r.title}</a>` : r.title}
                      </td>
                      <td>${r.author}</td>
                      <td>${r.score}</td>
                      <td>${r.prize ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </section>`
        : ''
    }`;
}

export function entryFormMain(c: ContestDoc, values: Record<string, string>, errors: Errors, challenge: Challenge): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/contests">征文</a></li>
        <li><a href="/contests/${c._id}">${c.title}</a></li>
        <li aria-current="page">投稿</li>
      </ol>
    </nav>
    <h1>投稿：${c.title}</h1>
    ${errorBox(errors)}
    <form method="post" action="/contests/${c._id}/enter" data-pow="${challenge.difficulty}">
      <div class="form-row${errors.category ? ' has-error' : ''}">
        <label for="f-category">类别<span aria-hidden="true"> *</span></label>
        <select class="field" id="f-category" name="category" required aria-required="true">
          ${c.categories.map((x) => html`<option value="${x.key}" ${values.category === x.key ? html` selected` : ''}>${x.name}</option>`)}</select
        >${errors.category ? html`<p class="field-error">${errors.category}</p>` : ''}
      </div>
      ${input('title', '作品标题', values.title ?? '', errors, { required: true, max: 60 })}
      ${input('author', '作者姓名（公布结果时显示）', values.author ?? '', errors, { required: true, max: 30 })}
      ${c.identityFields.map((f) => input(`identity.${f.key}`, `${f.label}（仅组织方可见）`, values[`identity.${f.key}`] ?? '', errors, { required: f.required, max: 100 }))}
      ${input('body', '作品正文（不少于 50 字）', values.body ?? '', errors, { required: true, max: 30000, rows: 16 })}
      ${humanCheck(challenge, errors)}
      <button class="button" type="submit">提交作品</button>
    </form>`;
}

export function entryMain(c: ContestDoc, e: { title: string; author: string; body: string; prize: string | null }): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/contests">征文</a></li>
        <li><a href="/contests/${c._id}">${c.title}</a></li>
        <li aria-current="page">获奖作品</li>
      </ol>
    </nav>
    <article>
      <h1>${e.title}</h1>
      <p class="meta"><span>作者：${e.author}</span>${e.prize ? html`<span>${e.prize}</span>` : ''}</p>
      <div class="article-body">${e.body.split(/\n\s*\n/).map((p) => html`<p>${p}</p>`)}</div>
    </article>`;
}

export function limitedMain(seconds: number): SafeHtml {
  return html`<h1>提交过于频繁</h1>
    <p>同一网络地址提交次数过多，请在 ${Math.ceil(seconds / 60)} 分钟后再试。</p>`;
}

export function mostReadMain(items: { id: string; title: string; pv: number }[], days: number): SafeHtml {
  return html`<h1>阅读排行（近 ${days} 天）</h1>
    ${
      items.length === 0
        ? html`<p class="empty">暂无数据。</p>`
        : html`<ol class="list">
            ${items.map((a) => html`<li><a href="/articles/${a.id}">${a.title}</a><span class="date">${a.pv} 次阅读</span></li>`)}
          </ol>`
    }`;
}
