import sanitizeHtml from 'sanitize-html';

/** Limits on article content (characters). */
export const ARTICLE_LIMITS = {
  title: 200,
  subtitle: 200,
  author: 60,
  officer: 60,
  sourceUnit: 100,
  summary: 1000,
  tag: 30,
  tags: 20,
  body: 200_000,
} as const;

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'blockquote',
    'pre',
    'code',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'span',
    'div',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    '*': ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }),
  },
};

/** Rich HTML made safe: scripts, event handlers, styles, iframes and javascript: URLs removed. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}

/** Pictures in a body that are this node's own media (`<img src="/media/<id>">`, as the console's editor inserts them). */
export function bodyMediaIds(html: string): string[] {
  const ids = new Set<string>();
  for (const m of html.matchAll(/<img\b[^>]*?\ssrc\s*=\s*["']\/media\/([A-Za-z0-9_-]{1,64})["']/gi)) ids.add(m[1]!);
  return [...ids];
}

/** True when sanitising changed something dangerous (a script, handler or foreign element), not just whitespace. */
export function htmlHadUnsafeContent(original: string, sanitized: string): boolean {
  return /<\s*(script|iframe|object|embed|style|link|meta|form)\b|\son\w+\s*=|javascript:/i.test(original) && original.trim() !== sanitized;
}

/** Plain text of sanitised HTML: tags dropped, entities decoded, block ends as line breaks. */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<\/(p|div|h[2-6]|li|tr|blockquote|pre|figcaption)>|<br\s*\/?>/gi, '\n');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
