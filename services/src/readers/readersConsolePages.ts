import { csrfField, field, type FieldErrors } from '../console/consoleForms';
import { html, type SafeHtml } from '../site/html';
import { formatDateTime } from '../site/siteFormat';
import type { CommentDoc, ContestDoc, ContestEntryDoc, ContestScoreDoc, TopicDoc } from './readersModels';

const STATUS: Record<string, string> = { pending: '待审核', approved: '已通过', rejected: '未通过' };

function errorList(errors: FieldErrors): SafeHtml {
  const list = Object.entries(errors);
  if (list.length === 0) return html``;
  return html`<div class="error-box" role="alert">
    <p><strong>请修改以下内容：</strong></p>
    <ul>
      ${list.map(([, m]) => html`<li>${m}</li>`)}
    </ul>
  </div>`;
}

export function commentsQueueMain(csrf: string, status: string, comments: readonly CommentDoc[], titles: Map<string, string>): SafeHtml {
  return html`<h1>留言评论审核</h1>
    <nav aria-label="状态">
      <ul class="sublist">
        ${['pending', 'approved', 'rejected'].map((s) => html`<li><a href="/admin/readers/comments?status=${s}" ${s === status ? html` aria-current="page"` : ''}>${STATUS[s]}</a></li>`)}
      </ul>
    </nav>
    ${comments.length === 0 ? html`<p class="empty">没有${STATUS[status]}的留言评论。</p>` : ''}
    ${comments.map(
      (c) =>
        html`<article class="panel spaced" aria-labelledby="c-${c._id}">
          <h2 id="c-${c._id}">
            ${c.kind === 'message' ? html`留言：${c.subject}` : html`评论：<a href="/articles/${c.article ?? ''}">${titles.get(c.article ?? '') ?? c.article}</a>`}
          </h2>
          <p class="meta">
            <span>${c.nickname}</span
            ><span>${formatDateTime(c.createdAt)}</span>${c.contact ? html`<span>联系方式：${c.contact}</span>` : ''}<span class="status"
              >${STATUS[c.status]}</span
            >
          </p>
          ${c.sensitiveWords.length > 0 ? html`<p class="hits"><strong>含敏感词，已暂扣：</strong>${c.sensitiveWords.join('、')}</p>` : ''}
          <p>${c.body}</p>
          ${c.reply ? html`<p class="notice-box"><strong>答复：</strong>${c.reply}</p>` : ''}
          ${c.reason ? html`<p class="hint">不予通过理由：${c.reason}</p>` : ''}
          <div class="actions">
            ${
              c.status !== 'approved'
                ? html`<form method="post" action="/admin/readers/comments/${c._id}/moderate">
                    ${csrfField(csrf)}<input type="hidden" name="decision" value="approve" />
                    ${c.sensitiveWords.length > 0 ? html`<label><input type="checkbox" name="confirmSensitive" value="1" /> 已核实敏感词，确认通过</label>` : ''}
                    <button class="button" type="submit">通过</button>
                  </form>`
                : ''
            }
            ${
              c.status !== 'rejected'
                ? html`<form method="post" action="/admin/readers/comments/${c._id}/moderate">
                    ${csrfField(csrf)}<input type="hidden" name="decision" value="reject" /> <label for="r-${c._id}">理由</label>
                    <input class="field" id="r-${c._id}" name="reason" maxlength="200" />
                    <button class="button secondary" type="submit">不予通过</button>
                  </form>`
                : ''
            }
            ${
              c.kind === 'message'
                ? html`<form method="post" action="/admin/readers/comments/${c._id}/reply">
                    ${csrfField(csrf)} <label for="a-${c._id}">答复（与留言一并公开）</label><br /><textarea
                      class="field wide"
                      id="a-${c._id}"
                      name="reply"
                      rows="3"
                      maxlength="2000"
                    >
${c.reply ?? ''}</textarea>
                    ${c.sensitiveWords.length > 0 && c.status !== 'approved' ? html`<label><input type="checkbox" name="confirmSensitive" value="1" /> 已核实敏感词</label>` : ''}
                    <button class="button" type="submit">发布答复</button>
                  </form>`
                : ''
            }
          </div>
        </article>`,
    )}`;
}

export const TOPIC_LABELS: Record<string, string> = {
  slug: '代码',
  title: '标题',
  description: '简介',
  startsAt: '开始日期',
  endsAt: '结束日期',
  channels: '栏目',
  tags: '标签',
  picks: '精选文章',
  sections: '专题栏目',
  pages: '子页面',
};

export function topicsAdminMain(
  csrf: string,
  topics: readonly TopicDoc[],
  values: Record<string, string>,
  errors: FieldErrors,
  canCreate: boolean,
): SafeHtml {
  return html`<h1>专题</h1>
    <table class="table">
      <caption class="visually-hidden">
        专题列表
      </caption>
      <thead>
        <tr>
          <th scope="col">标题</th>
          <th scope="col">代码</th>
          <th scope="col">时间</th>
          <th scope="col">状态</th>
        </tr>
      </thead>
      <tbody>
        ${topics.map(
          (t) =>
            html`<tr>
              <td><a href="/topics/${t._id}">${t.title}</a></td>
              <td>${t._id}</td>
              <td>${formatDateTime(t.startsAt)}${t.endsAt ? html` – ${formatDateTime(t.endsAt)}` : ''}</td>
              <td>${t.status === 'active' ? '进行中' : '已归档'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      canCreate
        ? html`<h2>新建专题</h2>
            ${errorList(errors)}
            <form method="post" action="/admin/readers/topics">
              ${csrfField(csrf)}
              ${field({ name: 'slug', label: TOPIC_LABELS.slug!, value: values.slug, error: errors.slug, required: true, hint: '用于网址，如 xianfeng-2026' })}
              ${field({ name: 'title', label: TOPIC_LABELS.title!, value: values.title, error: errors.title, required: true, maxlength: 60 })}
              ${field({ name: 'description', label: TOPIC_LABELS.description!, value: values.description, error: errors.description, type: 'textarea', rows: 4 })}
              ${field({ name: 'bannerImageId', label: '横幅图片编号（已上传图片地址 /media/ 之后的部分，可不填）', value: values.bannerImageId, error: errors.bannerImageId })}
              ${field({ name: 'startsAt', label: TOPIC_LABELS.startsAt!, value: values.startsAt, error: errors.startsAt, required: true, hint: '如 2026-07-01' })}
              ${field({ name: 'endsAt', label: TOPIC_LABELS.endsAt!, value: values.endsAt, error: errors.endsAt, hint: '可不填' })}
              ${field({ name: 'channels', label: '收录栏目（代码，逗号分隔，含下级栏目）', value: values.channels, error: errors.channels })}
              ${field({ name: 'tags', label: '收录标签（逗号分隔）', value: values.tags, error: errors.tags })}
              ${field({ name: 'picks', label: '精选文章编号（逗号分隔）', value: values.picks, error: errors.picks })}
              ${field({ name: 'sections', label: '专题栏目（每行：代码|名称|栏目,栏目|标签,标签）', value: values.sections, error: errors.sections, type: 'textarea', rows: 4 })}
              ${field({ name: 'pages', label: '子页面（每段首行：代码|标题，其后为正文；段与段之间用一行 --- 分隔）', value: values.pages, error: errors.pages, type: 'textarea', rows: 6 })}
              <button class="button" type="submit">创建专题</button>
            </form>`
        : html`<p class="hint">专题由市级或县级站点创建。</p>`
    }`;
}

export const CONTEST_LABELS: Record<string, string> = {
  slug: '代码',
  title: '标题',
  rules: '征文规则',
  categories: '类别',
  identityFields: '身份信息',
  criteria: '评分标准',
  prizes: '奖项',
  judges: '评委',
  startsAt: '开始时间',
  endsAt: '截止时间',
  topic: '所属专题',
};

export function contestsAdminMain(
  csrf: string,
  contests: readonly ContestDoc[],
  values: Record<string, string>,
  errors: FieldErrors,
  canCreate: boolean,
): SafeHtml {
  return html`<h1>网络征文</h1>
    <table class="table">
      <caption class="visually-hidden">
        征文列表
      </caption>
      <thead>
        <tr>
          <th scope="col">标题</th>
          <th scope="col">截止</th>
          <th scope="col">状态</th>
        </tr>
      </thead>
      <tbody>
        ${contests.map(
          (c) =>
            html`<tr>
              <td><a href="/admin/readers/contests/${c._id}">${c.title}</a></td>
              <td>${formatDateTime(c.endsAt)}</td>
              <td>${c.status === 'published' ? '已公布结果' : '征集/评选中'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      canCreate
        ? html`<h2>新建征文</h2>
            ${errorList(errors)}
            <form method="post" action="/admin/readers/contests">
              ${csrfField(csrf)}
              ${field({ name: 'slug', label: CONTEST_LABELS.slug!, value: values.slug, error: errors.slug, required: true })}
              ${field({ name: 'title', label: CONTEST_LABELS.title!, value: values.title, error: errors.title, required: true, maxlength: 60 })}
              ${field({ name: 'rules', label: CONTEST_LABELS.rules!, value: values.rules, error: errors.rules, type: 'textarea', rows: 5 })}
              ${field({ name: 'categories', label: '类别（每行：代码|名称）', value: values.categories ?? 'essay|散文\npoem|诗歌', error: errors.categories, type: 'textarea', rows: 3, required: true })}
              ${field({ name: 'identityFields', label: '投稿人须填写的身份信息（每行：代码|名称|必填 是/否|用于识别 是/否）', value: values.identityFields ?? 'phone|手机号|是|是\nunit|工作单位|否|否', error: errors.identityFields, type: 'textarea', rows: 3 })}
              ${field({ name: 'criteria', label: '评分标准（每行：代码|名称|满分）', value: values.criteria ?? 'theme|主题思想|40\nwriting|文字表达|60', error: errors.criteria, type: 'textarea', rows: 3, required: true })}
              ${field({ name: 'prizes', label: '奖项（每行：名称|每类名额）', value: values.prizes ?? '一等奖|1\n二等奖|2\n三等奖|3', error: errors.prizes, type: 'textarea', rows: 3 })}
              ${field({ name: 'judges', label: '评委（本站账号用户名，逗号分隔）', value: values.judges, error: errors.judges, required: true })}
              ${field({
                name: 'onePerPersonPerCategory',
                label: '每人每个类别限投一篇',
                value: values.onePerPersonPerCategory ?? 'yes',
                type: 'select',
                options: [
                  { value: 'yes', label: '是' },
                  { value: 'no', label: '否' },
                ],
              })}
              ${field({ name: 'startsAt', label: CONTEST_LABELS.startsAt!, value: values.startsAt, error: errors.startsAt, required: true, hint: '如 2026-07-01' })}
              ${field({ name: 'endsAt', label: CONTEST_LABELS.endsAt!, value: values.endsAt, error: errors.endsAt, required: true })}
              ${field({ name: 'topic', label: '所属专题代码（获奖作品在专题页展示，可不填）', value: values.topic, error: errors.topic })}
              <button class="button" type="submit">创建征文</button>
            </form>`
        : ''
    }`;
}

export function contestAdminMain(
  csrf: string,
  c: ContestDoc,
  entries: readonly ContestEntryDoc[],
  myScores: Map<string, ContestScoreDoc>,
  counts: Map<string, number>,
  isJudge: boolean,
  canPublish: boolean,
  errors: FieldErrors,
): SafeHtml {
  const catName = (k: string) => c.categories.find((x) => x.key === k)?.name ?? k;
  return html`<h1>${c.title}</h1>
    <p class="meta">
      <span>${entries.length} 篇作品</span><span>${c.status === 'published' ? '已公布结果' : '征集/评选中'}</span
      ><a href="/contests/${c._id}">查看公开页面</a>
    </p>
    ${errorList(errors)}
    ${entries.map((e) => {
      const mine = myScores.get(e._id);
      return html`<article class="panel spaced" aria-labelledby="e-${e.personKey}-${e.category}">
        <h2 id="e-${e.personKey}-${e.category}">${e.title}</h2>
        <p class="meta">
          <span>${catName(e.category)}</span><span>作者：${e.author}</span><span>${formatDateTime(e.submittedAt)}</span
          ><span>已评 ${counts.get(e._id) ?? 0} 位评委</span>
        </p>
        <p class="hint">${c.identityFields.map((f) => `${f.label}：${e.identity[f.key] ?? ''}`).join('；')}</p>
        <details>
          <summary>正文</summary>
          ${e.body.split(/\n\s*\n/).map((p) => html`<p>${p}</p>`)}
        </details>
        ${
          isJudge && c.status !== 'published'
            ? html`<form method="post" action="/admin/readers/contests/${c._id}/score">
                ${csrfField(csrf)}<input type="hidden" name="entry" value="${e._id}" />
                ${c.criteria.map(
                  (k) =>
                    html`<label for="s-${e.personKey}-${e.category}-${k.key}">${k.name}（0–${k.max}）</label>
                      <input
                        class="field"
                        type="number"
                        min="0"
                        max="${k.max}"
                        step="0.5"
                        id="s-${e.personKey}-${e.category}-${k.key}"
                        name="score.${k.key}"
                        value="${mine ? String(mine.scores[k.key] ?? '') : ''}"
                        required
                      /> `,
                )}
                <button class="button" type="submit">${mine ? '修改评分' : '评分'}</button>
              </form>`
            : ''
        }
      </article>`;
    })}
    ${
      canPublish && c.status !== 'published'
        ? html`<form method="post" action="/admin/readers/contests/${c._id}/publish">
            ${csrfField(csrf)}<button class="button" type="submit">按评委评分公布结果</button>
          </form>`
        : ''
    }`;
}

export interface StatsModel {
  scope: 'node' | 'network';
  from: string;
  to: string;
  daily: { day: string; pv: number; uv: number }[];
  nodes: { code: string; name: string; pv: number; uv: number; subtreePv: number }[];
  channels: { key: string; name: string; pv: number; uv: number }[];
  articles: { key: string; title: string; pv: number; uv: number }[];
  stale: string[];
  dailyChart: string | null;
  nodesChart: string | null;
}

const emptyRow = (rows: readonly unknown[], columns: number): SafeHtml =>
  rows.length === 0
    ? html`<tr>
        <td colspan="${columns}">暂无数据</td>
      </tr>`
    : html``;

export function statsMain(m: StatsModel): SafeHtml {
  return html`<h1>访问统计</h1>
    <form method="get" action="/admin/readers/stats" class="actions">
      ${field({ name: 'from', label: '开始日期', value: m.from })} ${field({ name: 'to', label: '结束日期', value: m.to })}
      ${field({
        name: 'scope',
        label: '范围',
        value: m.scope,
        type: 'select',
        options: [
          { value: 'node', label: '本站' },
          { value: 'network', label: '本站及全部下级站点' },
        ],
      })}
      <button class="button" type="submit">查询</button>
    </form>
    ${m.stale.length > 0 ? html`<p class="hits">以下站点暂不可达，采用其上次报来的数据：${m.stale.join('、')}</p>` : ''}
    <p class="hint">
      浏览量（PV）为页面打开次数，访客数（UV）为当日不同访客数（各站点分别计，合计为各站之和）；已排除明显的爬虫，不保存访客 IP。
    </p>
    ${m.dailyChart ? html`<p><img class="cover" src="${m.dailyChart}" alt="每日浏览量与访客数折线图（数据见下表）" /></p>` : ''}
    <table class="table">
      <caption>
        每日合计
      </caption>
      <thead>
        <tr>
          <th scope="col">日期</th>
          <th scope="col">浏览量</th>
          <th scope="col">访客数</th>
        </tr>
      </thead>
      <tbody>
        ${emptyRow(m.daily, 3)}${m.daily.map(
          (d) =>
            html`<tr>
              <td>${d.day}</td>
              <td>${d.pv}</td>
              <td>${d.uv}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      m.scope === 'network'
        ? html`${m.nodesChart ? html`<p><img class="cover" src="${m.nodesChart}" alt="各站点浏览量条形图（数据见下表）" /></p>` : ''}
            <table class="table">
              <caption>
                各站点
              </caption>
              <thead>
                <tr>
                  <th scope="col">站点</th>
                  <th scope="col">本站浏览量</th>
                  <th scope="col">本站访客数</th>
                  <th scope="col">含下级站点浏览量</th>
                </tr>
              </thead>
              <tbody>
                ${emptyRow(m.nodes, 4)}${m.nodes.map(
                  (n) =>
                    html`<tr>
                      <td>${n.name}（${n.code}）</td>
                      <td>${n.pv}</td>
                      <td>${n.uv}</td>
                      <td>${n.subtreePv}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : html`<table class="table">
              <caption>
                栏目
              </caption>
              <thead>
                <tr>
                  <th scope="col">栏目</th>
                  <th scope="col">浏览量</th>
                  <th scope="col">访客数</th>
                </tr>
              </thead>
              <tbody>
                ${emptyRow(m.channels, 3)}${m.channels.map(
                  (c) =>
                    html`<tr>
                      <td>${c.name}</td>
                      <td>${c.pv}</td>
                      <td>${c.uv}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <table class="table">
              <caption>
                文章（阅读最多）
              </caption>
              <thead>
                <tr>
                  <th scope="col">文章</th>
                  <th scope="col">浏览量</th>
                  <th scope="col">访客数</th>
                </tr>
              </thead>
              <tbody>
                ${emptyRow(m.articles, 3)}${m.articles.map(
                  (a) =>
                    html`<tr>
                      <td><a href="/articles/${a.key}">${a.title}</a></td>
                      <td>${a.pv}</td>
                      <td>${a.uv}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }`;
}
