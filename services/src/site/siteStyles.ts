/**
 * The public sites' stylesheet, served by the node itself at /site/site.css (nothing from a CDN). Kept as a module, not
 * a .css file, so the TypeScript build carries it into dist/ with the code.
 */
export const SITE_CSS = `
/* 党建网群 public sites: system fonts (no web fonts, nothing from a CDN), relative units so 200% zoom reflows,
   colours checked for WCAG 2.1 AA contrast (text ≥ 4.5:1 on its background). */
:root {
  --red: #a40000; /* 8.3:1 on white */
  --red-dark: #7a0000;
  --ink: #1a1a1a;
  --muted: #4d4d4d; /* 8.6:1 on white */
  --line: #d6d6d6;
  --paper: #ffffff;
  --tint: #faf5f0;
  --focus: #0b57d0;
  font-size: 100%;
}
html.elder { font-size: 137.5%; }
html.mourning { filter: grayscale(100%); }
* { box-sizing: border-box; }
body {
  margin: 0;
  font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", sans-serif;
  font-size: 1rem;
  line-height: 1.75;
  color: var(--ink);
  background: var(--paper);
}
a { color: var(--red); text-underline-offset: 0.15em; }
a:hover { color: var(--red-dark); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: 0.5rem; top: -10rem; background: var(--paper); color: var(--red); padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.topbar { background: var(--tint); border-bottom: 1px solid var(--line); font-size: 0.875rem; }
.topbar .wrap { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; justify-content: space-between; padding-top: 0.25rem; padding-bottom: 0.25rem; }
.topbar a { color: var(--ink); }
.masthead { background: var(--red); color: #fff; }
.masthead .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.75rem; padding-top: 1rem; padding-bottom: 1rem; }
.site-name { font-size: 1.75rem; font-weight: 700; margin: 0; letter-spacing: 0.05em; }
.site-name a { color: #fff; text-decoration: none; }
.site-tier { font-size: 0.9rem; opacity: 1; }
.search-form { display: flex; gap: 0.25rem; }
.search-form input { font: inherit; padding: 0.375rem 0.5rem; border: 1px solid #fff; min-width: 12rem; min-height: 2.5rem; }
.search-form button, .button { font: inherit; padding: 0.375rem 1rem; min-height: 2.5rem; background: var(--red-dark); color: #fff; border: 1px solid #fff; cursor: pointer; }
.nav { background: var(--red-dark); }
.nav ul { list-style: none; margin: 0 auto; padding: 0 1rem; max-width: 72rem; display: flex; flex-wrap: wrap; }
.nav a { display: block; color: #fff; text-decoration: none; padding: 0.5rem 0.9rem; min-height: 2.75rem; }
.nav a:hover, .nav a[aria-current="page"] { background: #5c0000; text-decoration: underline; }
main.wrap { padding-top: 1.25rem; padding-bottom: 2rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; line-height: 1.4; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 0 0 0.5rem; border-bottom: 2px solid var(--red); padding-bottom: 0.25rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1.25rem; }
.spaced { margin-top: 1.25rem; }
.sublist { list-style: none; margin: 0 0 1rem; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
.field { font: inherit; min-height: 2.5rem; min-width: min(20rem, 100%); padding: 0.25rem 0.5rem; border: 1px solid var(--muted); }
.panel { border: 1px solid var(--line); padding: 0.75rem 1rem; background: var(--paper); }
.list { list-style: none; margin: 0; padding: 0; }
.list li { display: flex; justify-content: space-between; gap: 0.75rem; padding: 0.3rem 0; border-bottom: 1px dashed var(--line); }
.list li:last-child { border-bottom: 0; }
.list a { flex: 1; min-width: 0; }
.date { color: var(--muted); white-space: nowrap; font-size: 0.875rem; }
.more { font-size: 0.875rem; }
.headline { font-size: 1.15rem; }
.empty { color: var(--muted); }
.breadcrumb { font-size: 0.875rem; color: var(--muted); margin-bottom: 0.5rem; }
.breadcrumb ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.breadcrumb li + li::before { content: "›"; margin-right: 0.25rem; }
.meta { color: var(--muted); font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: 0.5rem; margin-bottom: 1rem; }
.provenance { color: var(--ink); font-weight: 600; }
.article-body { font-size: 1.1rem; max-width: 45rem; overflow-wrap: anywhere; }
.article-body img { max-width: 100%; height: auto; }
.article-body table { border-collapse: collapse; max-width: 100%; display: block; overflow-x: auto; }
.article-body td, .article-body th { border: 1px solid var(--line); padding: 0.25rem 0.5rem; }
.cover { max-width: 100%; height: auto; }
.attachments { margin-top: 1.5rem; }
.pager { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-top: 1rem; }
.pager a, .pager span { display: inline-block; min-width: 2.75rem; min-height: 2.75rem; padding: 0.5rem 0.75rem; text-align: center; border: 1px solid var(--line); }
.pager [aria-current="page"] { background: var(--red); color: #fff; border-color: var(--red); }
.search-hit { padding: 0.75rem 0; border-bottom: 1px solid var(--line); }
.search-hit p { margin: 0.25rem 0 0; }
mark { background: #fff2a8; color: var(--ink); }
.notice-box { border-left: 4px solid var(--red); background: var(--tint); padding: 0.75rem 1rem; margin-bottom: 1.25rem; }
.error-box { border: 2px solid var(--red); padding: 1rem; }
.map ul { list-style: none; padding-left: 1.25rem; margin: 0.25rem 0; border-left: 2px solid var(--line); }
.map > ul { padding-left: 0; border-left: 0; }
.map li { margin: 0.5rem 0; }
.map .node-name { font-weight: 700; }
.map .tier { display: inline-block; font-size: 0.8rem; padding: 0 0.4rem; border: 1px solid var(--red); color: var(--red); margin-right: 0.4rem; }
.map .latest { display: block; font-size: 0.9rem; color: var(--muted); }
.map .latest a { color: var(--red); }
.footer { border-top: 3px solid var(--red); background: var(--tint); font-size: 0.875rem; padding: 1rem 0; }
.footer p { margin: 0.25rem 0; }
html.elder .list li, html.elder .nav a { padding-top: 0.6rem; padding-bottom: 0.6rem; }
html.elder .list li { flex-direction: column; gap: 0; }
/* Admin console */
.console .masthead .search-form { align-items: center; gap: 0.75rem; }
.rich-editor .ql-editor { font-size: 1rem; line-height: 1.8; min-height: 14em; }
.rich-editor .ql-editor img { max-width: 100%; }
.console .ql-snow .ql-picker.ql-header .ql-picker-label::before, .console .ql-snow .ql-picker.ql-header .ql-picker-item::before { content: '正文'; }
.console .ql-snow .ql-picker.ql-header .ql-picker-label[data-value="2"]::before, .console .ql-snow .ql-picker.ql-header .ql-picker-item[data-value="2"]::before { content: '标题 2'; }
.console .ql-snow .ql-picker.ql-header .ql-picker-label[data-value="3"]::before, .console .ql-snow .ql-picker.ql-header .ql-picker-item[data-value="3"]::before { content: '标题 3'; }
.form-row { margin: 0 0 1rem; }
.form-row label { display: block; font-weight: 600; }
.form-row .wide { width: 100%; max-width: 45rem; }
.hint { margin: 0; color: var(--muted); font-size: 0.9rem; }
.field-error { margin: 0.25rem 0 0; color: var(--red); font-weight: 600; }
.has-error .field { border: 2px solid var(--red); }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; margin: 1rem 0; }
.actions form { margin: 0; }
.button.secondary { background: var(--paper); color: var(--red-dark); border: 2px solid var(--red-dark); }
.table { border-collapse: collapse; width: 100%; }
.table th, .table td { border-bottom: 1px solid var(--line); padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
.table th { background: var(--tint); }
mark.hit { background: #ffd6d6; color: #5c0000; font-weight: 700; outline: 1px solid var(--red); }
.hits { border: 2px solid var(--red); padding: 0.5rem 1rem; margin: 1rem 0; }
.status { display: inline-block; padding: 0 0.4rem; border: 1px solid var(--muted); font-size: 0.85rem; }
@media (max-width: 40rem) {
  .site-name { font-size: 1.35rem; }
  .list li { flex-direction: column; gap: 0; }
  .search-form input { min-width: 0; flex: 1; }
  .search-form { width: 100%; }
}
@media print { .nav, .topbar, .search-form, .skip-link, .footer { display: none; } }
`;
