import { highlight } from './highlight';

describe('highlight', () => {
  it('marks the original traditional characters for a simplified query', () => {
    expect(highlight('興賓區黨建工作會議', '党建')).toBe('興賓區<mark>黨建</mark>工作會議');
  });

  it('marks simplified characters for a traditional query', () => {
    expect(highlight('兴宾区党建工作会议', '黨建')).toBe('兴宾区<mark>党建</mark>工作会议');
  });

  it('marks a whole run, not its separate bigrams', () => {
    expect(highlight('各村信息员参加培训', '信息员')).toBe('各村<mark>信息员</mark>参加培训');
    expect(highlight('落实三级三批要求', '三級三批')).toBe('落实<mark>三级三批</mark>要求');
  });

  it('marks every occurrence of every query part', () => {
    expect(highlight('先锋网报道：兴宾区党建，先锋网转载', '先锋网 兴宾区')).toBe(
      '<mark>先锋网</mark>报道：<mark>兴宾区</mark>党建，<mark>先锋网</mark>转载',
    );
  });

  it('escapes everything outside and inside the marks', () => {
    const html = highlight('<script>alert("党建")</script> & 党建 <b>', '党建');
    expect(html).toBe('&lt;script&gt;alert(&quot;<mark>党建</mark>&quot;)&lt;/script&gt; &amp; <mark>党建</mark> &lt;b&gt;');
    expect(html).not.toContain('<script');
    expect(highlight('a<b>', 'b')).toBe('a&lt;<mark>b</mark>&gt;');
  });

  it('matches Latin words case- and width-insensitively, on word boundaries', () => {
    expect(highlight('ＧＤＰ增长；GDPR 与 gdp', 'GDP')).toBe('<mark>ＧＤＰ</mark>增长；GDPR 与 <mark>gdp</mark>');
  });

  it('maps through characters that normalisation expands', () => {
    expect(highlight('㍿と党建', '株式会社')).toBe('<mark>㍿</mark>と党建');
    expect(highlight('稍等……党建', '党建')).toBe('稍等……<mark>党建</mark>');
  });

  it('keeps supplementary characters whole', () => {
    expect(highlight('𠮷野家的党建', '党建')).toBe('𠮷野家的<mark>党建</mark>');
  });

  it('cuts a snippet around the first match', () => {
    const text = '前言'.repeat(200) + '黨建引領' + '後記'.repeat(200);
    const html = highlight(text, '党建', { maxLength: 20 });
    expect(html).toMatch(/^…前言.*<mark>黨建<\/mark>引領.*後記…$/);
    expect(html.replace(/<\/?mark>/g, '').replace(/…/g, '')).toHaveLength(20);
  });

  it('shows the start of the text when there is no match or nothing to search', () => {
    expect(highlight('兴宾区<党建>工作', '先锋网')).toBe('兴宾区&lt;党建&gt;工作');
    expect(highlight('兴宾区党建工作', '  ，。 ')).toBe('兴宾区党建工作');
    expect(highlight('兴宾区党建工作', '', { maxLength: 3 })).toBe('兴宾区…');
  });

  it('collapses whitespace in the snippet', () => {
    expect(highlight('党建\n\n  工作', '工作')).toBe('党建 <mark>工作</mark>');
  });

  it('handles a 100k-character text', () => {
    const text = '信息员'.repeat(20_000) + '兴宾区党建' + '三级三批'.repeat(10_000);
    const html = highlight(text, '兴宾区', { maxLength: 40 });
    expect(html).toContain('<mark>兴宾区</mark>');
  });

  it('falls back per character when conversion changes the character count', () => {
    jest.isolateModules(() => {
      // A converter that turns one character into two, which real OpenCC data does not (yet) do.
      jest.doMock('opencc-js/t2cn', () => ({ Converter: () => (s: string) => s.replace(/黨/g, '党党') }));
      const isolated = require('./highlight') as typeof import('./highlight');
      expect(isolated.highlight('兴宾区黨建工作', '黨建')).toBe('兴宾区<mark>黨建</mark>工作');
    });
    jest.dontMock('opencc-js/t2cn');
  });
});
