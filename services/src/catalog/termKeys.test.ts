import { MAX_TERM_LENGTH, indexTerms, queryTerms } from '../search/chineseText';
import { TermDictionary, addDocumentKeys, fieldHasTerm, termKey } from './termKeys';

/** The terms a query can require: indexTerms without the segmenter's Han words (queries ask for bigrams instead). */
function queryableTerms(text: string): string[] {
  return indexTerms(text).filter((t) => !/\p{Script=Han}/u.test(t) || Array.from(t).length <= 2);
}

const TEXTS = [
  '兴宾区凤凰镇党委组织全镇信息员开展“三级三批”党建工作培训。',
  '黨建引領鄉村振興，興賓區信息員踴躍報送',
  '2024年5月，GDP增长6.5%，详见 www.lb.gov.cn 或 http://example.org/a_b?x=1 ，电话0772-4212345。',
  'Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ１２３ 与 ㈠ 第一条；iPhone15、COVID-19、e-mail、don’t',
  '〇 々 𠀀𠀁 ⺮ 部首 ⽇ 和 日本語のテキスト、한국어 텍스트',
  'x'.repeat(MAX_TERM_LENGTH + 1) + ' ' + 'y'.repeat(MAX_TERM_LENGTH),
  '',
  '，。！？   \n\t',
];

describe('term keys', () => {
  it('a document holds a term key exactly when indexTerms lists the term', () => {
    for (const text of TEXTS) {
      const dictionary = new TermDictionary();
      const keys = new Set<number>();
      addDocumentKeys(text, dictionary, keys);
      const expected = queryableTerms(text);
      const expectedKeys = new Set(expected.map((t) => termKey(t, dictionary)));
      expect(expectedKeys.has(undefined)).toBe(false);
      expect([...keys].sort()).toEqual([...expectedKeys].sort());
    }
  });

  it('every required term of a query found in a text has a key the text holds', () => {
    const dictionary = new TermDictionary();
    const keys = new Set<number>();
    addDocumentKeys(TEXTS.join('\n'), dictionary, keys);
    for (const query of [
      '党建',
      '黨建',
      '信息员',
      '兴宾区',
      '三级三批',
      'gdp',
      'www.lb.gov.cn',
      '6.5',
      'iphone15',
      '〇',
      '𠀀𠀁',
      '日本語',
    ]) {
      for (const term of queryTerms(query).required) {
        const key = termKey(term, dictionary);
        expect({ query, term, held: key !== undefined && keys.has(key) }).toEqual({ query, term, held: true });
      }
    }
  });

  it('keys of Han characters and pairs are arithmetic, other terms come from the dictionary; unknown terms have none', () => {
    const dictionary = new TermDictionary();
    expect(termKey('党建', dictionary)).toBeDefined();
    expect(termKey('党', dictionary)).toBeDefined();
    expect(termKey('党建', dictionary)).not.toBe(termKey('建党', dictionary));
    expect(termKey('gdp', dictionary)).toBeUndefined();
    expect(dictionary.size).toBe(0);
    addDocumentKeys('gdp 增长', dictionary, new Set());
    expect(termKey('gdp', dictionary)).toBeDefined();
    expect(dictionary.size).toBe(1);
  });

  it('finds Han terms anywhere and other words only on word boundaries', () => {
    expect(fieldHasTerm('兴宾区党建', '党建')).toBe(true);
    expect(fieldHasTerm('gdp增长', 'gdp')).toBe(true);
    expect(fieldHasTerm('gdpr 条例', 'gdp')).toBe(false);
    expect(fieldHasTerm('the gdp, 2024', 'gdp')).toBe(true);
  });
});
