import { queryTerms } from '../search/chineseText';
import { highlight } from '../search/highlight';
import { highlightMatch, searchSnippet } from './searchSnippet';

const FILLER = '会议强调，要把抓好党的建设作为最大的政绩。各级组织要坚持问题导向，逐项研究解决措施。';

describe('search snippets', () => {
  it('equal highlight() on the whole text, for short and long texts and matches anywhere', () => {
    const texts = [
      '兴宾区召开党建工作会议',
      `${FILLER.repeat(3)}信息员按月报送${FILLER}`,
      `${FILLER.repeat(10)}全区黨建工作紮實推進。${FILLER.repeat(10)}`,
      `開頭就是黨建，${FILLER.repeat(12)}`,
      `${FILLER.repeat(12)}结尾是党建`,
      `${FILLER.repeat(6)}GDP 增长，党建 ＧＤＰ 与 gdpr。${FILLER.repeat(6)}`,
      `${FILLER.repeat(6)}𠀀党建𠀁${FILLER.repeat(6)}`,
    ];
    for (const query of ['党建', '黨建', '信息员 报送', 'gdp', '党建 信息员']) {
      const { required } = queryTerms(query);
      for (const text of texts) {
        const full = highlight(text, query);
        expect({ query, text: text.slice(0, 20), snippet: highlightMatch(text, query, required) }).toEqual({
          query,
          text: text.slice(0, 20),
          snippet: full.includes('<mark>') ? full : null,
        });
      }
    }
  });

  it('finds the match despite characters that fold away before it', () => {
    const text = `${'\u200b'.repeat(150)}${FILLER.repeat(4)}党建${FILLER.repeat(4)}`;
    expect(highlightMatch(text, '党建', queryTerms('党建').required)).toContain('<mark>党建</mark>');
  });

  it('takes the body, else the summary, else the title, else the body’s start', () => {
    const { required } = queryTerms('党建');
    expect(searchSnippet('党建', required, ['正文说党建', '摘要', '标题'])).toBe('正文说<mark>党建</mark>');
    expect(searchSnippet('党建', required, ['正文', '摘要说党建', '标题'])).toBe('摘要说<mark>党建</mark>');
    expect(searchSnippet('党建', required, ['正文', null, '党建标题'])).toBe('<mark>党建</mark>标题');
    expect(searchSnippet('党建', required, ['正文', null, '标题'])).toBe('正文');
    expect(searchSnippet('党建', required, ['', null, '标题'])).toBe('标题');
  });
});
