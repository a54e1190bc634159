import { html, type SafeHtml } from '../html';

export function errorMain(status: number, message: string): SafeHtml {
  const title = status === 404 ? '页面不存在' : status >= 500 ? '服务暂时不可用' : '请求有误';
  return html`<h1>${title}</h1>
    <div class="error-box" role="alert"><p>${message}</p></div>
    <p><a href="/">返回首页</a> · <a href="/search">站内搜索</a></p>`;
}
