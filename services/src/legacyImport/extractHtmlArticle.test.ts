import { extractHtmlArticle } from './extractHtmlArticle';

const latest = new Date('2024-01-01T00:00:00Z');

/** A page the way the 2007 sites saved them: table layout, furniture without semantic tags. */
const legacyPage = `<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>兴宾区召开党建信息工作会议_工作动态_兴宾区党建网</title>
<style>.t{font-size:12px}</style>
<script>var counter = "统计代码";</script>
</head><body>
<div id="top"><a href="/">兴宾区党建网</a> <a href="/a">首页</a> <a href="/b">工作动态</a></div>
<table width="960"><tr>
<td class="left" width="200"><a href="/x">基层党建</a><br><a href="/y">组织建设</a><br>友情链接</td>
<td>
  <div class="weizhi">当前位置：首页 &gt; 工作动态 &gt; 正文</div>
  <h1>兴宾区召开党建信息工作会议</h1>
  <div class="info">发布时间：2007-03-05 10:20 来源：兴宾区委组织部 作者：韦明 点击数：128</div>
  <div id="zoom">
    <p>3月5日，兴宾区召开全区党建信息工作会议，总结2006年工作。</p>
    <p>会议要求各乡镇<a href="/n">信息员</a>每月至少报送3条信息，切实提高信息质量。</p>
    <script>document.write('<p>广告</p>')</script>
    <p><img src="http://example.org/a.jpg" onerror="alert(1)"></p>
  </div>
  <div>【打印本页】【关闭窗口】</div>
</td></tr></table>
<div class="footer">版权所有：中共来宾市兴宾区委组织部 2007年</div>
</body></html>`;

describe('extractHtmlArticle', () => {
  it('finds title, date, source, author, channel and the main content of a table-layout page', () => {
    const page = extractHtmlArticle(legacyPage, { latest });
    expect(page.title).toBe('兴宾区召开党建信息工作会议');
    expect(page.date?.toISOString()).toBe('2007-03-05T02:20:00.000Z');
    expect(page.source).toBe('兴宾区委组织部');
    expect(page.author).toBe('韦明');
    expect(page.channelHints).toContain('工作动态');
    expect(page.bodyHtml).toContain('总结2006年工作');
    expect(page.bodyHtml).toContain('<a href="/n">信息员</a>');
    for (const furniture of [
      '友情链接',
      '基层党建',
      '统计代码',
      '广告',
      '版权所有',
      '当前位置',
      '发布时间',
      '打印本页',
      '<h1>',
      '<script',
      'font-size',
    ]) {
      expect(page.bodyHtml).not.toContain(furniture);
    }
  });

  it('reads the title from <title> without the site name, and dates written in Chinese', () => {
    const page = extractHtmlArticle(
      '<html><head><title>来宾党建网 - 象州县开展主题党日活动</title></head><body><p>2007年3月5日，象州县各党支部开展主题党日活动。</p><p>活动分三个阶段进行。</p></body></html>',
      { latest },
    );
    expect(page.title).toBe('象州县开展主题党日活动');
    expect(page.date?.toISOString()).toBe('2007-03-04T16:00:00.000Z');
    expect(page.bodyHtml).toContain('活动分三个阶段进行');
  });

  it('keeps a dash inside a title and prefers a <meta> date', () => {
    const page = extractHtmlArticle(
      '<html><head><title>坚持党建引领——记凤凰镇党委 - 兴宾区党建网</title><meta name="PubDate" content="2008-06-01 09:00"></head><body><p>正文 2007年1月1日</p></body></html>',
      { latest },
    );
    expect(page.title).toBe('坚持党建引领——记凤凰镇党委');
    expect(page.date?.toISOString()).toBe('2008-06-01T01:00:00.000Z');
  });

  it('falls back to the first <h1> without a <title>, and finds no date in a page without one', () => {
    const page = extractHtmlArticle('<body><h1>通知</h1><p>请各单位按时报送。</p></body>', { latest });
    expect(page.title).toBe('通知');
    expect(page.date).toBeUndefined();
    expect(page.bodyHtml).toContain('请各单位按时报送');
  });
});
