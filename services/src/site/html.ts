/**
 * Server-side HTML by typed template functions. `html\`…\`` escapes every interpolated value unless it is already
 * `SafeHtml` (the result of another `html\`…\``, or `trustedHtml()` — used only for the article body and notice
 * bodies, which were sanitised by sanitize-html when they were written). Arrays are joined, null/undefined/false
 * render nothing. Nothing else turns a string into markup, so content cannot inject it by accident.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup that was sanitised where it was stored (article and notice bodies). Never pass request input here. */
export function trustedHtml(sanitised: string): SafeHtml {
  return new SafeHtml(sanitised);
}

/** A query string from parameters, leaving out empty ones: `?a=1&b=x`; '' when none. */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
