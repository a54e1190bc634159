import { findDates, findPublicationDate, parseLegacyDate } from './legacyDate';
import { csvRecords, jsonRecords, UnreadableExport } from './legacyRecords';
import { CsvSyntaxError, parseCsv } from './parseCsv';

describe('parseCsv', () => {
  it('reads quoted fields with separators, quotes and line breaks inside', () => {
    const rows = parseCsv('title,body\r\n"标题一","第一段,有逗号\r\n第二段 ""引号"""\r\n标题二,正文二\n\n');
    expect(rows).toEqual([
      { line: 1, fields: ['title', 'body'] },
      { line: 2, fields: ['标题一', '第一段,有逗号\r\n第二段 "引号"'] },
      { line: 4, fields: ['标题二', '正文二'] },
    ]);
  });

  it('guesses tab and semicolon separators and keeps empty fields', () => {
    expect(parseCsv('a\tb\tc\n1\t\t3').map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
    expect(parseCsv('a;b\n1;2').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => parseCsv('title,body\nx,"open\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('title,body\nx,"open\n')).toThrow('第 2 行');
  });
});

describe('legacy records', () => {
  it('maps English and Chinese headers, in any order', () => {
    const records = csvRecords('正文,标题,日期,栏目\n"<p>内容</p>",标题一,2007-03-05,工作动态');
    expect(records).toEqual([
      { position: 2, title: '标题一', body: '<p>内容</p>', date: '2007-03-05', channel: '工作动态', author: null, source: null },
    ]);
  });

  it('refuses a CSV without a header row', () => {
    expect(() => csvRecords('标题一,正文一\n标题二,正文二')).toThrow(UnreadableExport);
  });

  it('reads a JSON array or an object holding one', () => {
    expect(jsonRecords('[{"title":"t","body":"b","date":20070305}]')[0]).toMatchObject({ title: 't', body: 'b', date: '20070305' });
    expect(jsonRecords('{"articles":[{"标题":"t","内容":"b"}]}')[0]).toMatchObject({ title: 't', body: 'b' });
    expect(() => jsonRecords('{"x":1}')).toThrow(UnreadableExport);
    expect(() => jsonRecords('[{"title":')).toThrow(UnreadableExport);
  });
});

describe('legacy dates', () => {
  const latest = new Date('2024-01-01T00:00:00Z');

  it('reads the usual forms as Beijing time', () => {
    expect(parseLegacyDate('2007年3月5日', latest)?.toISOString()).toBe('2007-03-04T16:00:00.000Z');
    expect(parseLegacyDate('2007-03-05 14:30', latest)?.toISOString()).toBe('2007-03-05T06:30:00.000Z');
    expect(parseLegacyDate('2007/3/5', latest)?.toISOString()).toBe('2007-03-04T16:00:00.000Z');
    expect(parseLegacyDate('2007.03.05', latest)?.toISOString()).toBe('2007-03-04T16:00:00.000Z');
    expect(parseLegacyDate('2007-03-05T06:30:00Z', latest)?.toISOString()).toBe('2007-03-05T06:30:00.000Z');
  });

  it('refuses impossible, future and unreadable dates', () => {
    expect(parseLegacyDate('2007年2月30日', latest)).toBeUndefined();
    expect(parseLegacyDate('2030-01-01', latest)).toBeUndefined();
    expect(parseLegacyDate('三月五日', latest)).toBeUndefined();
    expect(parseLegacyDate('', latest)).toBeUndefined();
  });

  it('prefers a labelled date in page text', () => {
    expect(findPublicationDate('今天是2023年5月1日 … 发布时间：2007-03-05 来源：组织部', latest)?.text).toBe('2007-03-05');
    expect(findDates('2006年工作总结，2007年3月5日召开', latest).map((d) => d.text)).toEqual(['2007年3月5日']);
  });
});
