import iconv from 'iconv-lite';
import { decodeLegacyBytes, findCharsetHint, normaliseCharsetLabel } from './decodeLegacyBytes';

const SIMPLIFIED =
  '一、肯定成绩，正视问题，不断增强做好党建信息工作的责任感和紧迫感。党建信息工作是党的工作的重要组成部分，' +
  '是新形势下各级党组织实现科学决策、提高工作水平的重要手段。兴宾区三级三批联动破解难题。';
const TRADITIONAL =
  '一、肯定成績，正視問題，不斷增強做好黨建信息工作的責任感和緊迫感。黨建信息工作是黨的工作的重要組成部分，' +
  '是新形勢下各級黨組織實現科學決策、提高工作水平的重要手段。興賓區三級三批聯動破解難題。';

const page = (charset: string, body: string) =>
  `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"><title>党建网</title></head>` +
  `<body><p>${body}</p></body></html>`;

describe('decodeLegacyBytes', () => {
  it('decodes UTF-8 with and without BOM', () => {
    const withBom = decodeLegacyBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SIMPLIFIED)]));
    expect(withBom).toMatchObject({ text: SIMPLIFIED, encoding: 'utf-8', confidence: 1 });
    expect(withBom.reasons).toContain('UTF-8 byte order mark');

    const plain = decodeLegacyBytes(Buffer.from(SIMPLIFIED));
    expect(plain).toMatchObject({ text: SIMPLIFIED, encoding: 'utf-8' });
    expect(plain.confidence).toBeGreaterThan(0.9);
  });

  it('decodes GBK with and without a meta hint', () => {
    for (const bytes of [iconv.encode(SIMPLIFIED, 'gbk'), iconv.encode(page('gb2312', SIMPLIFIED), 'gbk')]) {
      const result = decodeLegacyBytes(bytes);
      expect(result.encoding).toBe('gb18030');
      expect(result.text).toContain(SIMPLIFIED);
      expect(result.confidence).toBeGreaterThan(0.9);
    }
  });

  it('decodes GBK-encoded traditional text (like speech.txt) as GB18030, not Big5', () => {
    const result = decodeLegacyBytes(iconv.encode(TRADITIONAL, 'gbk'));
    expect(result).toMatchObject({ text: TRADITIONAL, encoding: 'gb18030' });
  });

  it('decodes Big5', () => {
    const result = decodeLegacyBytes(iconv.encode(page('big5', TRADITIONAL), 'big5'));
    expect(result.encoding).toBe('big5');
    expect(result.text).toContain(TRADITIONAL);
    expect(result.confidence).toBeGreaterThan(0.9);
  });

  it('lets the content win over a wrong <meta charset=big5> on a GBK page, and says so', () => {
    const html = `<html><head><meta charset=big5></head><body>${SIMPLIFIED}</body></html>`;
    const result = decodeLegacyBytes(iconv.encode(html, 'gbk'));
    expect(result.encoding).toBe('gb18030');
    expect(result.text).toContain(SIMPLIFIED);
    expect(result.reasons).toContain('declared charset big5 contradicted by content');
  });

  it('lets valid UTF-8 win over a stale gb2312 declaration', () => {
    const html = page('gb2312', SIMPLIFIED);
    const result = decodeLegacyBytes(Buffer.from(html));
    expect(result).toMatchObject({ text: html, encoding: 'utf-8' });
    expect(result.reasons).toContain('declared charset gb2312 contradicted by content');
  });

  it('keeps the declared charset for pure ASCII, where every candidate agrees', () => {
    const html = '<meta charset="GBK"><p>2007</p>';
    expect(decodeLegacyBytes(Buffer.from(html))).toMatchObject({ text: html, encoding: 'gb18030', confidence: 1 });
  });

  it('returns an empty result for an empty buffer', () => {
    expect(decodeLegacyBytes(Buffer.alloc(0))).toEqual({
      text: '',
      encoding: 'utf-8',
      confidence: 0,
      reasons: ['empty input'],
    });
  });

  it('returns low confidence for binary garbage instead of throwing', () => {
    let seed = 12345;
    const garbage = Buffer.alloc(4096, 0).map(() => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed >>> 16;
    });
    const result = decodeLegacyBytes(garbage);
    expect(typeof result.text).toBe('string');
    expect(result.confidence).toBeLessThan(0.5);
  });

  it('lowers confidence for a very short sample', () => {
    const result = decodeLegacyBytes(iconv.encode('党建', 'gbk'));
    expect(result).toMatchObject({ text: '党建', encoding: 'gb18030' });
    expect(result.confidence).toBeLessThan(0.9);
  });
});

describe('charset hints', () => {
  it('reads <meta charset>, http-equiv and XML declarations', () => {
    expect(findCharsetHint(Buffer.from('<meta charset="gb2312">'))).toBe('gb2312');
    expect(findCharsetHint(Buffer.from("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=Big5'>"))).toBe('Big5');
    expect(findCharsetHint(Buffer.from('<?xml version="1.0" encoding="GBK"?>'))).toBe('GBK');
    expect(findCharsetHint(Buffer.from('no hint here'))).toBeUndefined();
  });

  it('normalises labels', () => {
    expect(normaliseCharsetLabel('GB2312')).toBe('gb18030');
    expect(normaliseCharsetLabel('x-gbk')).toBe('gb18030');
    expect(normaliseCharsetLabel('BIG5-HKSCS')).toBe('big5');
    expect(normaliseCharsetLabel('UTF8')).toBe('utf-8');
    expect(normaliseCharsetLabel('iso-8859-1')).toBeUndefined();
  });
});
