import sanitizeHtml from 'sanitize-html';
import { htmlToText } from '../articles/articleContent';
import { findPublicationDate, parseLegacyDate } from './legacyDate';
import { toSimplified } from './repairText';

/**
 * Reads an article out of an old, already decoded HTML page: its title (<title> without the site name, or the
 * first <h1>), its main content (without navigation, scripts, styles, sidebars and footers), its date (from a
 * <meta> or the page text), author, source and channel hints. Pure; the import sanitises and repairs the result.
 */

export interface HtmlArticle {
  title: string;
  /** The main content's HTML, not yet sanitised for publication. */
  bodyHtml: string;
  date: Date | undefined;
  /** The text the date was read from, for the report and the import key. */
  dateText: string | null;
  author: string | null;
  source: string | null;
  /** Channel names or slugs the page mentions (meta, breadcrumb), most specific first. */
  channelHints: string[];
}

// Elements that are never content; removed with everything inside them.
const NEVER_CONTENT = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'select',
  'textarea',
  'button',
  'svg',
  'canvas',
  'map',
]);

// id/class words of page furniture in old portal templates.
const FURNITURE =
  /(?:^|[\s_-])(?:nav|navbar|navigation|menu|topmenu|header|top|footer|foot|bottom|sidebar|side|left|right|breadcrumbs?|crumbs?|position|location|weizhi|copyright|banner|share|toolbar|login|search|sousuo|related|xiangguan|pager|pagination|links?|friendlink|youqing|ad|ads|gg)(?:$|[\s_-])/i;

// id/class words of the main content.
const CONTENT_HINT =
  /(?:^|[\s_-])(?:content|contents|article|arti|main_?text|maintext|text|zoom|detail|details|news_?content|newscontent|news_?body|body_?text|bodytext|zw|zhengwen|wenzhang|trs_editor|con|cont|entry|post)(?:$|[\s_-])/i;

// Blocks that may hold a whole article (inline wrappers like <font> often hold one paragraph only).
const CONTAINERS = new Set(['div', 'td', 'article', 'main', 'section']);

const HAN = /\p{Script=Han}/u;

function attribText(attribs: Record<string, string>): string {
  return `${attribs.id ?? ''} ${attribs.class ?? ''}`.trim();
}

/** The page with never-content elements and furniture removed, as balanced HTML with all other tags. */
function withoutFurniture(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    exclusiveFilter: (frame) => {
      if (NEVER_CONTENT.has(frame.tag)) return true;
      const names = attribText(frame.attribs);
      return names !== '' && FURNITURE.test(names) && !CONTENT_HINT.test(names);
    },
  });
}

interface Element {
  tag: string;
  names: string;
  start: number;
  end: number;
  /** Where the content between the opening and closing tags starts and ends. */
  innerStart: number;
  innerEnd: number;
}

/** Elements of balanced HTML (as sanitize-html writes it), with their extents. */
function elementsOf(html: string): Element[] {
  const elements: Element[] = [];
  const stack: Element[] = [];
  for (const m of html.matchAll(/<(\/)?([a-zA-Z][\w:-]*)([^>]*?)(\/)?>/g)) {
    const [, closing, rawTag, attrs, selfClosing] = m;
    const tag = rawTag!.toLowerCase();
    if (closing) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at < 0) continue;
      const [open] = stack.splice(at);
      open!.innerEnd = m.index;
      open!.end = m.index + m[0].length;
      continue;
    }
    const names = [...attrs!.matchAll(/\b(?:id|class)\s*=\s*"([^"]*)"/gi)].map((a) => a[1]).join(' ');
    const end = m.index + m[0].length;
    const element: Element = {
      tag,
      names,
      start: m.index,
      end: selfClosing ? end : html.length,
      innerStart: end,
      innerEnd: selfClosing ? end : html.length,
    };
    elements.push(element);
    if (!selfClosing) stack.push(element);
  }
  return elements;
}

/** Counts of Han characters in text before each position, overall and inside links. */
function hanPrefixSums(html: string): { all: Int32Array; linked: Int32Array } {
  const all = new Int32Array(html.length + 1);
  const linked = new Int32Array(html.length + 1);
  let inTag = false;
  let linkDepth = 0;
  for (let i = 0; i < html.length; i++) {
    const ch = html[i]!;
    let han = 0;
    if (ch === '<') {
      inTag = true;
      const tag = /^<(\/?)a\b/i.exec(html.slice(i, i + 4));
      if (tag) linkDepth = Math.max(0, linkDepth + (tag[1] ? -1 : 1));
    } else if (ch === '>') inTag = false;
    else if (!inTag && HAN.test(ch)) han = 1;
    all[i + 1] = all[i]! + han;
    linked[i + 1] = linked[i]! + (linkDepth > 0 ? han : 0);
  }
  return { all, linked };
}

/**
 * The inside of the main content: the smallest block named like content holding at least 40% of the page's
 * unlinked Chinese text, else the smallest block holding 75% of it (what is left out is titles, date lines
 * and unnamed furniture), else the whole body.
 */
function mainContent(cleaned: string): string {
  const body = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(cleaned)?.[1] ?? cleaned;
  const sums = hanPrefixSums(body);
  const text = (e: Element) => sums.all[e.end]! - sums.all[e.start]! - (sums.linked[e.end]! - sums.linked[e.start]!);
  const total = sums.all[body.length]! - sums.linked[body.length]!;
  if (total === 0) return body;
  const elements = elementsOf(body).filter((e) => CONTAINERS.has(e.tag));
  const smallest = (candidates: Element[]) => candidates.sort((a, b) => a.end - a.start - (b.end - b.start))[0];
  const named = smallest(elements.filter((e) => CONTENT_HINT.test(e.names) && text(e) >= total * 0.4));
  const chosen = named ?? smallest(elements.filter((e) => text(e) >= total * 0.75));
  return chosen ? body.slice(chosen.innerStart, chosen.innerEnd) : body;
}

const META_LINE =
  /^\s*【?\s*(?:(?:发布|发表|更新)?(?:时间|日期)|来源|稿源|信息来源|作者|撰稿|编辑|责任编辑|责编|审核|点击|浏览|阅读)(?:次数|数)?\s*[：:】]/;
const PAGE_TOOLS =
  /^(?:\s*[【[]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|返回|加入收藏|收藏本页|推荐给朋友|字号[：:]?|[大中小])\s*[】\]]?\s*)+$/;
const BLOCKS = /^(?:h[1-6]|p|div|span|font|strong|b|center|td|tr|table|a)$/;
const EMPTY_REMOVABLE = /^(?:p|div|span|font|center)$/;

/** The content without a repeated title, date/source/author lines, print/close links and empty wrappers. */
function withoutRepeats(content: string, title: string): string {
  const normalise = (s: string) => s.replace(/\s+/g, '');
  const bareTitle = normalise(title);
  return sanitizeHtml(content, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    exclusiveFilter: (frame) => {
      if (!BLOCKS.test(frame.tag)) return false;
      const text = frame.text.trim();
      if (text === '') return frame.mediaChildren.length === 0 && EMPTY_REMOVABLE.test(frame.tag);
      if (bareTitle !== '' && normalise(text) === bareTitle) return true;
      if (text.length >= 120) return false;
      const simplified = toSimplified(text); // labels of Big5 pages: 發布時間, 來源
      return META_LINE.test(simplified) || PAGE_TOOLS.test(simplified);
    },
  });
}

function metaContent(html: string, names: RegExp): string | undefined {
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const name = /\b(?:name|property|itemprop|http-equiv)\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1];
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = content?.[1] ?? content?.[2] ?? content?.[3];
    if (name && names.test(name) && value?.trim()) return decodeEntities(value.trim());
  }
  return undefined;
}

function decodeEntities(text: string): string {
  return htmlToText(text.replace(/</g, '&lt;')).replace(/\s+/g, ' ').trim();
}

function firstElementText(html: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'i').exec(html);
  const text = m ? decodeEntities(m[1]!.replace(/<[^>]*>/g, '')) : '';
  return text || undefined;
}

// "标题 - 兴宾区党建网", "标题_工作动态_来宾党建网", "来宾党建网 >> 标题", "标题 | 站名"
const TITLE_SEPARATOR = /(\s[-–—|｜]\s|_|——|--|>>|»|\||｜)/;
const SITE_NAME = /(网|站|门户|首页|主页|平台|portal|home)$/i;

/** A page title without the site's name (and channel names next to it) before or after the article's title. */
function stripSiteName(pageTitle: string, channelHints: readonly string[]): string {
  const parts = pageTitle.split(TITLE_SEPARATOR); // [segment, separator, segment, …]
  const removable = (segment: string | undefined) => {
    const s = segment?.trim() ?? '';
    return s === '' || SITE_NAME.test(s) || channelHints.includes(s);
  };
  const hasSite = parts.some((p, i) => i % 2 === 0 && SITE_NAME.test(p.trim()));
  if (!hasSite) return pageTitle.trim();
  while (parts.length > 2 && removable(parts[parts.length - 1])) parts.splice(-2);
  while (parts.length > 2 && removable(parts[0])) parts.splice(0, 2);
  return parts.join('').trim();
}

/** The article's title from the first <h1> when <title> contains it, else <title> without the site name. */
function titleOf(html: string, cleaned: string, channelHints: readonly string[]): string {
  const h1Text = firstElementText(cleaned, 'h1');
  const h1 = h1Text && !SITE_NAME.test(h1Text) ? h1Text : undefined;
  const pageTitle = firstElementText(html, 'title');
  if (!pageTitle) return h1 ?? firstElementText(cleaned, 'h2') ?? '';
  if (h1 && pageTitle.includes(h1)) return h1;
  return stripSiteName(pageTitle, channelHints);
}

function labelled(text: string, labels: string): string | null {
  const m = new RegExp(`(?:${labels})\\s*[：:]\\s*([^\\s　|｜【】\\[\\]，,；;]{1,40})`).exec(text);
  const value = m?.[1]?.trim();
  return value ? value : null;
}

const BREADCRUMB = /(?:当前位置|您的位置|你的位置|您现在的位置|所在位置|位置)\s*[：:]\s*([^\n]+)/;
const NOT_CHANNELS = /^(首页|主页|网站首页|正文|内容|详细内容|详情|文章内容|浏览文章|阅读文章)$/;

function breadcrumbHints(text: string): string[] {
  const trail = BREADCRUMB.exec(text)?.[1];
  if (!trail) return [];
  return trail
    .split(/\s*(?:>>|>|»|＞|→|\/|\\|›)\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s.length <= 20 && !NOT_CHANNELS.test(s) && !SITE_NAME.test(s))
    .reverse();
}

export function extractHtmlArticle(html: string, options: { latest: Date }): HtmlArticle {
  // Simplified, so that labels (發布時間, 來源, 當前位置) read the same on Big5 pages.
  const pageText = toSimplified(
    htmlToText(sanitizeHtml(html, { allowedTags: ['p', 'br', 'div', 'li', 'tr', 'h2', 'h3', 'h4', 'h5', 'h6'], allowedAttributes: {} })),
  );
  const cleaned = withoutFurniture(html);

  const metaDate = metaContent(
    html,
    /^(publishdate|pubdate|publish_date|publishtime|published|date|dc\.date(\.created|\.issued)?|dcterms\.(created|issued)|article:published_time|firstpublishedtime|createdate)$/i,
  );
  const fromMeta = parseLegacyDate(metaDate, options.latest);
  const fromText = fromMeta ? undefined : findPublicationDate(pageText, options.latest);

  const channelHints = [
    metaContent(html, /^(channel|column|columnname|lanmu|category|catalog|section|article:section)$/i),
    ...breadcrumbHints(pageText),
  ].filter((h): h is string => !!h);

  const title = titleOf(html, cleaned, channelHints);
  const content = withoutRepeats(mainContent(cleaned), title);
  return {
    title,
    bodyHtml: content,
    date: fromMeta ?? fromText?.date,
    dateText: fromMeta ? metaDate! : (fromText?.text ?? null),
    author: metaContent(html, /^(author|article:author|dc\.creator)$/i) ?? labelled(pageText, '作者|撰稿'),
    source: metaContent(html, /^(source|contentsource|copyright_source)$/i) ?? labelled(pageText, '来源|稿源|信息来源'),
    channelHints,
  };
}
