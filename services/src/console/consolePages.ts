import { EDITOR_ASSETS } from './consoleEditor';
import type { ArticleDoc, ArticleStatus, SensitiveHitRecord } from '../articles/articleModel';
import { pendingRevisionOf, revisionDiff } from '../articles/articleRevision';
import type { InboundItemDoc } from '../syndication/syndicationModels';
import { html, trustedHtml, type SafeHtml } from '../site/html';
import { formatDateTime } from '../site/siteFormat';
import { csrfField, errorSummary, field, markWords, type FieldErrors } from './consoleForms';

export const STATUS_NAMES: Record<ArticleStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  in_review: '审核中',
  published: '已发布',
  returned: '已退回',
  retracted: '已撤回',
};

export function loginMain(
  values: { username: string; home: string },
  errors: FieldErrors,
  next: string,
  homes: { code: string; label: string }[] = [],
): SafeHtml {
  return html`<h1>登录管理后台</h1>
    ${errorSummary(errors, { username: '用户名', password: '密码', home: '账号所属站点' })}
    <form method="post" action="/admin/login" novalidate>
      <input type="hidden" name="next" value="${next}" />
      ${
        homes.length
          ? field({
              name: 'home',
              label: '账号所属站点',
              type: 'select',
              value: values.home,
              error: errors.home,
              hint: '上级站点的管理员可用其上级账号登录本站后台。',
              options: [{ value: '', label: '本站' }, ...homes.map((h) => ({ value: h.code, label: h.label }))],
            })
          : ''
      }
      ${field({ name: 'username', label: '用户名', value: values.username, error: errors.username, required: true, maxlength: 32, autocomplete: 'username' })}
      ${field({ name: 'password', label: '密码', type: 'password', error: errors.password, required: true, autocomplete: 'current-password' })}
      <button class="button" type="submit">登录</button>
    </form>`;
}

export function dashboardMain(name: string, counts: { review?: number; adoption?: number; mine?: number }): SafeHtml {
  return html`<h1>工作台</h1>
    <p>${name}，您好。</p>
    <ul class="list">
      ${counts.mine !== undefined ? html`<li><a href="/admin/articles/new">写稿并报送</a><span class="date">我的稿件 ${counts.mine} 篇</span></li>` : ''}
      ${counts.review !== undefined ? html`<li><a href="/admin/review">审核队列</a><span class="date">待处理 ${counts.review} 篇</span></li>` : ''}
      ${counts.adoption !== undefined ? html`<li><a href="/admin/adoption">采用队列</a><span class="date">待采用 ${counts.adoption} 篇</span></li>` : ''}
    </ul>`;
}

export interface WriteValues {
  title: string;
  channel: string;
  summary: string;
  author: string;
  body: string;
  /** The rich-text editor's HTML (empty without JavaScript: the plain `body` is used). */
  bodyHtml: string;
  /** Cover picture: its description (alt text), and the id once uploaded (kept when the form comes back with errors). */
  coverAlt: string;
  coverImageId: string;
}

export const WRITE_LABELS: Record<string, string> = {
  title: '标题',
  channel: '栏目',
  summary: '摘要',
  author: '作者',
  body: '正文',
  cover: '封面图片',
  coverAlt: '图片说明',
};

/** The cover picture's file input (and, once uploaded, the kept id), with errors by the field. */
function coverField(values: WriteValues, errors: FieldErrors): SafeHtml {
  const error = errors.cover ?? errors.coverImageId;
  return html`<div class="form-row${error ? ' has-error' : ''}">
    <label for="f-cover">封面图片（可选）</label>
    <p class="hint" id="f-cover-hint">JPEG、PNG、GIF 或 WebP，最大 5 MB。${values.coverImageId ? '已上传一张，重新选择可替换。' : ''}</p>
    <input
      class="field"
      type="file"
      id="f-cover"
      name="cover"
      accept="image/jpeg,image/png,image/gif,image/webp"
      aria-describedby="f-cover-hint${error ? ' f-cover-error' : ''}"
      ${error ? html` aria-invalid="true"` : ''}
    />
    ${values.coverImageId ? html`<input type="hidden" name="coverImageId" value="${values.coverImageId}" />` : ''}
    ${error ? html`<p class="field-error" id="f-cover-error">${error}</p>` : ''}
  </div>`;
}

export function writeMain(values: WriteValues, errors: FieldErrors, channels: { value: string; label: string }[], csrf: string): SafeHtml {
  return html`<h1>写稿</h1>
    ${errorSummary(errors, WRITE_LABELS)}
    <form method="post" action="/admin/articles" enctype="multipart/form-data" novalidate>
      ${csrfField(csrf)}
      ${field({ name: 'title', label: '标题', value: values.title, error: errors.title, required: true, maxlength: 200 })}
      ${field({ name: 'channel', label: '栏目', type: 'select', value: values.channel, error: errors.channel, required: true, options: [{ value: '', label: '请选择栏目' }, ...channels] })}
      ${field({ name: 'author', label: '作者', value: values.author, error: errors.author, maxlength: 100 })}
      ${field({ name: 'summary', label: '摘要', type: 'textarea', rows: 3, value: values.summary, error: errors.summary, maxlength: 500 })}
      ${field({ name: 'body', label: '正文', type: 'textarea', value: values.body, error: errors.body, required: true, hint: '每段之间空一行；可用工具栏设置格式、插入图片（需填写图片说明）；发布前由编辑审核。', richEditor: true })}
      <input type="hidden" name="bodyHtml" value="${values.bodyHtml}" />
      ${coverField(values, errors)}
      ${field({ name: 'coverAlt', label: '图片说明', value: values.coverAlt, error: errors.coverAlt, maxlength: 200, hint: '有封面图片时必填：为看不到图片的读者描述图片内容。' })}
      <div class="actions">
        <button class="button" type="submit" name="action" value="submit">提交审核</button>
        <button class="button secondary" type="submit" name="action" value="draft">保存草稿</button>
      </div>
    </form>
    <link rel="stylesheet" href="${EDITOR_ASSETS.quillCss}" />
    <script src="${EDITOR_ASSETS.quillJs}" defer></script>
    <script src="${EDITOR_ASSETS.editorJs}" defer></script>`;
}

export function myArticlesMain(docs: ArticleDoc[]): SafeHtml {
  return html`<h1>我的稿件</h1>
    <p><a href="/admin/articles/new">写新稿件</a></p>
    ${
      docs.length === 0
        ? html`<p class="empty">还没有稿件</p>`
        : html`<table class="table">
            <caption class="visually-hidden">
              我的稿件
            </caption>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">状态</th>
                <th scope="col">更新时间</th>
              </tr>
            </thead>
            <tbody>
              ${docs.map(
                (d) =>
                  html`<tr>
                    <td>
                      ${d.status === 'published' ? html`<a href="/articles/${String(d._id)}">${d.title}</a>` : d.title}${d.reason ? html`<br /><span class="hint">退回理由：${d.reason}</span>` : ''}
                    </td>
                    <td><span class="status">${STATUS_NAMES[d.status]}</span></td>
                    <td>${formatDateTime(d.updatedAt)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/**
 * What a reviewer is asked to sign: the item itself, or a published item's pending revision (a correction, 修改待审),
 * with its state label, level and sensitive-word hits.
 */
function reviewSubject(d: ArticleDoc) {
  const revision = pendingRevisionOf(d);
  if (revision) {
    return {
      revision,
      label: `已发布 · 修改待审（第 ${revision.reviewLevel} 级）`,
      level: revision.reviewLevel,
      hits: revision.sensitiveHits,
    };
  }
  const level = d.reviewLevel ?? 1;
  return {
    revision: null,
    label: `${STATUS_NAMES[d.status]}${d.status === 'in_review' ? `（第 ${level} 级）` : ''}`,
    level,
    hits: d.sensitiveHits ?? [],
  };
}

const openHits = (hits: readonly SensitiveHitRecord[]) => hits.filter((h) => !h.cleared);

export function reviewQueueMain(docs: ArticleDoc[], levels: number): SafeHtml {
  return html`<h1>审核队列</h1>
    <p>本站发布前须经 ${levels} 级审核。敏感词命中须由审核人确认后才能通过最后一级。</p>
    ${
      docs.length === 0
        ? html`<p class="empty">没有待审核的稿件</p>`
        : html`<table class="table">
            <caption class="visually-hidden">
              待审核稿件
            </caption>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">信息员</th>
                <th scope="col">状态</th>
                <th scope="col">敏感词</th>
                <th scope="col">更新时间</th>
              </tr>
            </thead>
            <tbody>
              ${docs.map((d) => {
                const subject = reviewSubject(d);
                const open = openHits(subject.hits);
                const hits = open.length;
                return html`<tr>
                  <td>
                    <a href="/admin/review/${String(d._id)}"
                      >${markWords(
                        subject.revision?.content.title ?? d.title,
                        open.map((h) => h.word),
                      )}</a
                    >
                  </td>
                  <td>${d.officer ?? ''}</td>
                  <td>
                    <span class="status">${subject.label}</span>
                  </td>
                  <td>${hits > 0 ? html`<mark class="hit">${hits} 处</mark>` : '无'}</td>
                  <td>${formatDateTime(d.updatedAt)}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
    }`;
}

export function reviewDetailMain(doc: ArticleDoc, levels: number, errors: FieldErrors, csrf: string): SafeHtml {
  const id = String(doc._id);
  const subject = reviewSubject(doc);
  const revision = subject.revision;
  const open = openHits(subject.hits);
  const words = open.map((h) => h.word);
  const shown = revision ? revision.content : doc;
  const inReview = revision !== null || doc.status === 'in_review';
  const FIELD_NAMES: Record<string, string> = { title: '标题', subtitle: '副标题', summary: '摘要', body: '正文', bodyText: '正文' };
  return html`<nav class="breadcrumb" aria-label="当前位置">
      <ol>
        <li><a href="/admin/review">审核队列</a></li>
        <li aria-current="page">审核稿件</li>
      </ol>
    </nav>
    <h1>${markWords(shown.title, words)}</h1>
    ${errorSummary(errors, { reason: '退回理由' })}
    <p class="meta">
      <span>状态：${subject.label}${inReview ? `，共 ${levels} 级` : ''}</span>
      ${revision ? html`<span>修改人：${revision.createdByName}</span><span>所改版本：第 ${revision.baseVersion} 版</span>` : ''}
      <span>信息员：${doc.officer ?? ''}</span><span>更新：${formatDateTime(doc.updatedAt)}</span>
    </p>
    ${
      open.length > 0
        ? html`<section class="hits" aria-labelledby="hits-h">
            <h2 id="hits-h">敏感词命中 ${open.length} 处（未确认）</h2>
            <ul>
              ${open.map((h) => html`<li>${FIELD_NAMES[h.field] ?? h.field}：“${markWords(h.context, [h.word])}”</li>`)}
            </ul>
            <form method="post" action="/admin/review/${id}/clear">
              ${csrfField(csrf)}<button class="button secondary" type="submit">确认无误（清除标记）</button>
            </form>
          </section>`
        : ''
    }
    ${revision ? revisionDiffSection(doc, revision) : ''}
    ${shown.summary ? html`<p><strong>摘要：</strong>${markWords(shown.summary, words)}</p>` : ''}
    <div class="article-body panel">${words.length > 0 ? html`<p>${markWords(shown.bodyText, words)}</p>` : trustedHtml(shown.body)}</div>
    <div class="actions">
      ${
        doc.status === 'submitted'
          ? html`<form method="post" action="/admin/review/${id}/start">
              ${csrfField(csrf)}<button class="button" type="submit">开始审核</button>
            </form>`
          : ''
      }
      ${
        inReview
          ? html`<form method="post" action="/admin/review/${id}/approve">
              ${csrfField(csrf)}<button class="button" type="submit">
                ${subject.level >= levels ? (revision ? '审核通过并发布修改' : '审核通过并发布') : `通过第 ${subject.level} 级审核`}
              </button>
            </form>`
          : ''
      }
      ${
        inReview || doc.status === 'submitted'
          ? html`<form method="post" action="/admin/review/${id}/return" novalidate>
              ${csrfField(csrf)} ${field({ name: 'reason', label: '退回理由', error: errors.reason, maxlength: 500, required: true })}
              <button class="button secondary" type="submit">${revision ? '退回修改稿' : '退回修改'}</button>
            </form>`
          : ''
      }
    </div>`;
}

const DIFF_FIELD_NAMES: Record<string, string> = { title: '标题', subtitle: '副标题', summary: '摘要', body: '正文' };

/** The revision against the live text: deletions struck through, insertions marked, long unchanged runs shortened. */
function revisionDiffSection(doc: ArticleDoc, revision: NonNullable<ReturnType<typeof pendingRevisionOf>>): SafeHtml {
  const parts = revisionDiff(doc, revision);
  const fields = [...new Set(parts.map((p) => p.field))];
  const same = (text: string) => (text.length > 80 ? `${text.slice(0, 30)} … ${text.slice(-30)}` : text);
  return html`<section class="panel diff" aria-labelledby="diff-h">
    <h2 id="diff-h">修改内容（与现行第 ${doc.version} 版对照）</h2>
    ${
      fields.length === 0
        ? html`<p class="empty">文字未改动（可能只改了栏目、标签或图片）</p>`
        : fields.map(
            (f) =>
              html`<p>
                <strong>${DIFF_FIELD_NAMES[f] ?? f}：</strong>${parts
                  .filter((p) => p.field === f)
                  .map((p) =>
                    p.kind === 'added' ? html`<ins>${p.text}</ins>` : p.kind === 'removed' ? html`<del>${p.text}</del>` : same(p.text),
                  )}
              </p>`,
          )
    }
  </section>`;
}

export function adoptionQueueMain(
  items: InboundItemDoc[],
  names: Map<string, string>,
  errors: { id: string; errors: FieldErrors } | null,
  csrf: string,
): SafeHtml {
  return html`<h1>采用队列</h1>
    <p>下级站点报送的信息。采用后以本站名义发布，并继续向上级报送；不采用须说明理由，理由会反馈给原站点。</p>
    ${
      items.length === 0
        ? html`<p class="empty">没有待采用的信息</p>`
        : items.map((item) => {
            const p = item.payload;
            const err = errors && errors.id === item._id ? errors.errors : {};
            const fieldName = `reason`;
            return html`<section class="panel spaced" aria-labelledby="in-${item._id.replace(/[^a-z0-9]/gi, '_')}">
              <h2 id="in-${item._id.replace(/[^a-z0-9]/gi, '_')}">${p?.title ?? item._id}</h2>
              <p class="meta">
                <span>来自：${names.get(item.from) ?? item.from}</span
                >${p?.officer ? html`<span>信息员：${p.officer}</span>` : ''}<span>收到：${formatDateTime(item.receivedAt)}</span>${item.note ? html`<span>${item.note}</span>` : ''}
              </p>
              ${p?.summary ? html`<p>${p.summary}</p>` : ''}
              <div class="actions">
                <form method="post" action="/admin/adoption/adopt">
                  ${csrfField(csrf)}<input type="hidden" name="id" value="${item._id}" /><button class="button" type="submit">采用</button>
                </form>
                <form method="post" action="/admin/adoption/reject" novalidate>
                  ${csrfField(csrf)}<input type="hidden" name="id" value="${item._id}" />
                  ${field({ name: fieldName, label: '不采用理由', error: err.reason, maxlength: 500 })}
                  <button class="button secondary" type="submit">不采用</button>
                </form>
              </div>
            </section>`;
          })
    }`;
}

export function settingsMain(mourning: boolean, csrf: string): SafeHtml {
  return html`<h1>全网设置</h1>
    <section class="panel">
      <h2>哀悼日灰色主题</h2>
      <p>
        开启后，全市党建网群所有站点（市、县、乡镇）的公众页面显示为灰色；县区和乡镇站点在一分钟内跟随。当前：<strong
          >${mourning ? '已开启' : '未开启'}</strong
        >
      </p>
      <form method="post" action="/admin/settings/mourning">
        ${csrfField(csrf)}<input type="hidden" name="mourning" value="${mourning ? 'off' : 'on'}" />
        <button class="button" type="submit">${mourning ? '关闭灰色主题' : '开启灰色主题'}</button>
      </form>
    </section>`;
}
