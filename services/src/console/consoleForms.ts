import { channelIndexOf } from '../channels/channelIndex';
import type { NodeContext } from '../node/nodeContext';
import { escapeHtml, html, type SafeHtml } from '../site/html';

/** Form fields with their errors next to them (aria-invalid, aria-describedby), and an error summary on top. */

export type FieldErrors = Record<string, string>;

export interface FieldSpec {
  name: string;
  label: string;
  value?: string;
  error?: string;
  type?: 'text' | 'password' | 'textarea' | 'select';
  options?: { value: string; label: string }[];
  required?: boolean;
  maxlength?: number;
  hint?: string;
  autocomplete?: string;
  rows?: number;
  /** A textarea the rich-text editor takes over when JavaScript runs (consoleEditor.ts). */
  richEditor?: boolean;
}

export function field(f: FieldSpec): SafeHtml {
  const id = `f-${f.name}`;
  const described = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = html` id="${id}"
  name="${f.name}"${f.required ? html` required aria-required="true"` : ''}${f.error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}`;
  let control: SafeHtml;
  if (f.type === 'textarea')
    control = html`<textarea
      class="field wide"
      ${common}
      rows="${f.rows ?? 12}"
      ${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}${f.richEditor ? html` data-rich-editor` : ''}
    >
${f.value ?? ''}</textarea>`;
  else if (f.type === 'select')
    control = html`<select class="field" ${common}>
      ${(f.options ?? []).map((o) => html`<option value="${o.value}" ${o.value === f.value ? html` selected` : ''}>${o.label}</option>`)}
    </select>`;
  else
    control = html`<input
      class="field"
      type="${f.type ?? 'text'}"
      ${common}
      value="${f.value ?? ''}"
      ${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}
    />`;
  return html`<div class="form-row${f.error ? ' has-error' : ''}">
    <label for="${id}">${f.label}${f.required ? html`<span aria-hidden="true"> *</span>` : ''}</label>
    ${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''} ${control}
    ${f.error ? html`<p class="field-error" id="${id}-error">${f.error}</p>` : ''}
  </div>`;
}

export function errorSummary(errors: FieldErrors, labels: Record<string, string>): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  return html`<div class="error-box" role="alert" tabindex="-1">
    <p><strong>请修改以下内容：</strong></p>
    <ul>
      ${entries.map(([name, message]) => (labels[name] ? html`<li><a href="#f-${name}">${labels[name]}：${message}</a></li>` : html`<li>${message}</li>`))}
    </ul>
  </div>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

/** Plain text as the editor typed it → paragraphs of escaped text (blank lines separate paragraphs). */
export function textToParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Marks every occurrence of the words in a text (escaped), for sensitive-word hits. */
export function markWords(text: string, words: readonly string[]): SafeHtml {
  const unique = [...new Set(words.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return html`${text}`;
  const pattern = new RegExp(unique.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(html`${text.slice(last, match.index)}<mark class="hit">${match[0]}</mark>`);
    last = match.index + match[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}

/** The node's channels in tree order (indented by depth), retired ones left out: the options of a channel select. */
export async function channelOptions(node: Pick<NodeContext, 'models'>): Promise<{ value: string; label: string }[]> {
  const index = await channelIndexOf(node.models);
  return index
    .ordered()
    .filter((c) => !index.isRetired(c._id))
    .map((c) => ({ value: c._id, label: `${'　'.repeat(c.path.length - 1)}${c.name}` }));
}
