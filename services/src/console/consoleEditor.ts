import { readFileSync } from 'node:fs';
import { Router } from 'express';

/**
 * The console's rich-text editor: Quill 2 (BSD-3, served by the node itself, no CDN) on top of the plain textarea.
 * Without JavaScript the textarea works as before (paragraphs separated by a blank line); with it, the editor
 * replaces the textarea, writes its HTML into the hidden `bodyHtml` field on submit (sanitised again by the
 * server) and uploads pictures to `/admin/media`, inserting them as `<img src="/media/<id>" alt="…">`.
 */
const QUILL_VERSION = (JSON.parse(readFileSync(require.resolve('quill/package.json'), 'utf8')) as { version: string }).version;
export const EDITOR_ASSETS = {
  quillJs: `/admin/assets/quill-${QUILL_VERSION}.js`,
  quillCss: `/admin/assets/quill-${QUILL_VERSION}.snow.css`,
  editorJs: `/admin/assets/editor-${QUILL_VERSION}-1.js`,
} as const;

/** The first-party glue between the form and Quill (plain ES2017, no build step). */
const EDITOR_SCRIPT = `(function () {
  'use strict';
  var area = document.querySelector('textarea[data-rich-editor]');
  if (!area || typeof window.Quill !== 'function') return;
  var form = area.form;
  var hidden = form.querySelector('input[name="bodyHtml"]');
  var row = area.closest('.form-row');
  var holder = document.createElement('div');
  holder.className = 'rich-editor';
  holder.id = 'f-body-editor';
  area.insertAdjacentElement('afterend', holder);
  area.hidden = true;
  var label = row && row.querySelector('label');
  if (label) label.setAttribute('for', 'f-body-editor');
  var quill = new window.Quill(holder, {
    theme: 'snow',
    modules: {
      toolbar: {
        container: [[{ header: [2, 3, false] }], ['bold', 'italic', 'underline'], [{ list: 'ordered' }, { list: 'bullet' }], ['blockquote', 'link', 'image'], ['clean']],
        handlers: { image: pickImage },
      },
    },
  });
  var editable = holder.querySelector('.ql-editor');
  editable.setAttribute('role', 'textbox');
  editable.setAttribute('aria-multiline', 'true');
  editable.setAttribute('aria-label', '正文');
  if (area.getAttribute('aria-describedby')) editable.setAttribute('aria-describedby', area.getAttribute('aria-describedby'));
  var toolbar = row && row.querySelector('.ql-toolbar');
  if (toolbar) {
    toolbar.setAttribute('aria-label', '正文格式');
    var names = { 'ql-bold': '加粗', 'ql-italic': '斜体', 'ql-underline': '下划线', 'ql-list': '列表', 'ql-blockquote': '引用', 'ql-link': '链接', 'ql-image': '插入图片', 'ql-clean': '清除格式', 'ql-header': '标题级别' };
    toolbar.querySelectorAll('button, .ql-picker-label').forEach(function (b) {
      var cls = Array.prototype.find.call(b.classList, function (c) { return names[c]; }) || (b.closest('.ql-header') ? 'ql-header' : null);
      var name = cls ? names[cls] : null;
      if (b.value === 'ordered') name = '编号列表';
      if (b.value === 'bullet') name = '项目列表';
      if (name) b.setAttribute('aria-label', name);
    });
  }
  if (hidden && hidden.value) quill.clipboard.dangerouslyPasteHTML(hidden.value);
  else if (area.value.trim()) quill.setText(area.value.replace(/\\n{2,}/g, '\\n'));
  var status = document.createElement('p');
  status.className = 'hint';
  status.setAttribute('role', 'status');
  holder.insertAdjacentElement('afterend', status);

  form.addEventListener('submit', function () {
    var text = quill.getText().trim();
    var hasImage = !!editable.querySelector('img');
    hidden.value = text || hasImage ? quill.root.innerHTML : '';
    area.value = text || (hasImage ? '（图片）' : '');
  });

  function pickImage() {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/png,image/jpeg,image/gif,image/webp';
    input.hidden = true;
    document.body.appendChild(input);
    input.addEventListener('change', function () {
      input.remove();
      var file = input.files && input.files[0];
      if (!file) return;
      var alt = window.prompt('请为图片写一句说明（供看不到图片的读者使用）', '');
      if (alt === null) return;
      alt = alt.trim();
      if (!alt) { status.textContent = '图片未插入：请填写图片说明。'; return; }
      var data = new FormData();
      data.append('_csrf', form.querySelector('input[name="_csrf"]').value);
      data.append('alt', alt);
      data.append('file', file, file.name);
      status.textContent = '正在上传图片…';
      fetch('/admin/media', { method: 'POST', body: data, credentials: 'same-origin' })
        .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
        .then(function (r) {
          if (!r.ok) { status.textContent = '图片上传失败：' + (r.body && r.body.error ? r.body.error : '请稍后再试'); return; }
          var range = quill.getSelection(true);
          var at = range ? range.index : quill.getLength();
          quill.insertEmbed(at, 'image', r.body.url, 'user');
          quill.formatText(at, 1, { alt: alt }, 'user');
          quill.setSelection(at + 1, 0, 'silent');
          status.textContent = '图片已插入。';
        })
        .catch(function () { status.textContent = '图片上传失败：网络错误，请稍后再试'; });
    });
    input.click();
  }
})();
`;

/** Serves Quill and the glue script; versioned paths, so they are cached for a year. */
export function consoleEditorAssets(): Router {
  const router = Router();
  const quillJs = readFileSync(require.resolve('quill/dist/quill.js'));
  const quillCss = readFileSync(require.resolve('quill/dist/quill.snow.css'));
  const send = (type: string, body: Buffer | string) => (_req: unknown, res: import('express').Response) => {
    res.type(type).set('Cache-Control', 'public, max-age=31536000, immutable').set('X-Content-Type-Options', 'nosniff').send(body);
  };
  router.get(EDITOR_ASSETS.quillJs, send('application/javascript', quillJs));
  router.get(EDITOR_ASSETS.quillCss, send('text/css', quillCss));
  router.get(EDITOR_ASSETS.editorJs, send('application/javascript', EDITOR_SCRIPT));
  return router;
}
