import { escapeHtml, html, queryString, trustedHtml } from './html';

describe('html templates', () => {
  it('escapes every interpolated string, in text and attributes', () => {
    const title = '<script>alert("x")</script> & \'党建\'';
    const out = html`<a title="${title}">${title}</a>`.value;
    expect(out).toBe(
      '<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;党建&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;党建&#39;</a>',
    );
    expect(out).not.toContain('<script>');
  });

  it('keeps nested templates and trusted (sanitised) HTML as markup, joins arrays, drops empty values', () => {
    // Called through another name, so prettier's embedded-HTML formatting leaves this template's whitespace alone.
    const h = html;
    const items = ['甲', '<乙>'].map((t) => h`<li>${t}</li>`);
    expect(h`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>甲</li><li>&lt;乙&gt;</li></ul>0');
    expect(html`<div>${trustedHtml('<p>正文</p>')}</div>`.value).toBe('<div><p>正文</p></div>');
  });

  it('escapeHtml and queryString', () => {
    expect(escapeHtml('a&b<c>"\'')).toBe('a&amp;b&lt;c&gt;&quot;&#39;');
    expect(queryString({ q: '党建 信息', page: 2, after: null, x: '' })).toBe('?q=%E5%85%9A%E5%BB%BA+%E4%BF%A1%E6%81%AF&page=2');
    expect(queryString({})).toBe('');
  });
});
