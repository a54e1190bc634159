import { MAX_TERM_LENGTH, indexTerms, normalizeText, queryTerms, toSimplified } from './chineseText';

/** What the database does with `{ terms: { $all: required } }`. */
function matches(text: string, query: string): boolean {
  const terms = new Set(indexTerms(text));
  const { required } = queryTerms(query);
  return required.length > 0 && required.every((term) => terms.has(term));
}

describe('normalizeText', () => {
  it('folds traditional to simplified', () => {
    expect(normalizeText('党建')).toBe('党建');
    expect(normalizeText('黨建')).toBe('党建');
    expect(normalizeText('興賓區信息員')).toBe('兴宾区信息员');
    expect(normalizeText('先鋒網')).toBe('先锋网');
    expect(normalizeText('三級三批')).toBe('三级三批');
  });

  it('folds Hong Kong / Taiwan variants too', () => {
    expect(normalizeText('衞生綫裡')).toBe('卫生线里');
  });

  it('leaves simplified text alone', () => {
    const text = '坚持和加强党的全面领导，显著提升基层党组织建设质量，什么都要干净';
    expect(toSimplified(text)).toBe(text);
  });

  it('handles full-width forms, case, spaces and invisible characters', () => {
    expect(normalizeText('ＧＤＰ，２０２４！')).toBe('gdp,2024!');
    expect(normalizeText('  党建\u3000\n\t工作  ')).toBe('党建 工作');
    expect(normalizeText('党\u200b建\ufeff')).toBe('党建');
    expect(normalizeText('DangJian 先锋网')).toBe('dangjian 先锋网');
  });

  it('is idempotent', () => {
    const once = normalizeText('黨建引領　ＡＢＣ　信息員……');
    expect(normalizeText(once)).toBe(once);
  });
});

describe('indexTerms', () => {
  it('indexes bigrams the segmenter misses (兴宾区 → 兴宾, 宾区)', () => {
    const terms = indexTerms('兴宾区召开党建工作会议');
    expect(terms).toEqual(expect.arrayContaining(['兴宾', '宾区', '党建', '建工', '工作']));
  });

  it('indexes single characters', () => {
    expect(indexTerms('兴宾区')).toEqual(expect.arrayContaining(['兴', '宾', '区']));
  });

  it('indexes the network vocabulary', () => {
    const terms = indexTerms('信息员参加三级三批培训，登录先锋网');
    expect(terms).toEqual(expect.arrayContaining(['信息', '息员', '三级', '级三', '三批', '先锋', '锋网']));
  });

  it('keeps the segmenter words of two or more characters', () => {
    expect(indexTerms('中华人民共和国')).toEqual(expect.arrayContaining(['共和国']));
  });

  it('stores traditional text in simplified form', () => {
    const terms = indexTerms('黨建工作');
    expect(terms).toEqual(expect.arrayContaining(['党建', '党', '建']));
    expect(terms).not.toContain('黨建');
    expect(terms).not.toContain('黨');
  });

  it('indexes Latin words and numbers in lower case, compound words also by parts', () => {
    const terms = indexTerms('GDP增长5.2%，详见 WWW.LB.GOV.CN 2024年');
    expect(terms).toEqual(expect.arrayContaining(['gdp', '5.2', 'www.lb.gov.cn', 'lb', 'gov', '2024', '年']));
  });

  it('does not index punctuation or spaces', () => {
    expect(indexTerms('，。！？「」《》 … ——')).toEqual([]);
    expect(indexTerms('')).toEqual([]);
  });

  it('de-duplicates', () => {
    const terms = indexTerms('党建党建 党建，黨建');
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms.filter((term) => term === '党建')).toHaveLength(1);
  });
});

describe('queryTerms', () => {
  it('requires every bigram of a run', () => {
    expect(queryTerms('信息员').required).toEqual(['信息', '息员']);
    expect(queryTerms('兴宾区').required).toEqual(['兴宾', '宾区']);
    expect(queryTerms('三级三批').required).toEqual(['三级', '级三', '三批']);
  });

  it('normalises traditional queries', () => {
    expect(queryTerms('黨建').required).toEqual(['党建']);
    expect(queryTerms('信息員').required).toEqual(['信息', '息员']);
  });

  it('requires a single character as itself', () => {
    expect(queryTerms('党').required).toEqual(['党']);
  });

  it('splits runs at spaces and punctuation and takes Latin words whole', () => {
    const { required, phrases } = queryTerms('党建，先锋网 GDP');
    expect(required).toEqual(expect.arrayContaining(['党建', '先锋', '锋网', 'gdp']));
    expect(required).not.toContain('建先');
    expect(phrases).toEqual(expect.arrayContaining(['党建', '先锋网', 'gdp']));
  });

  it.each(['', '   ', '\u3000\n', '，。！？', '...!!!', '「」《》——'])('finds nothing searchable in %j', (query) => {
    expect(queryTerms(query).required).toEqual([]);
  });
});

describe('matching', () => {
  const traditional = '興賓區黨建工作會議召開，信息員參加三級三批培訓。';
  const simplified = '兴宾区党建工作会议召开，信息员参加三级三批培训。';

  it('finds a traditional text with a simplified query', () => {
    for (const query of ['党建', '信息员', '兴宾区', '三级三批', '党']) expect(matches(traditional, query)).toBe(true);
  });

  it('finds a simplified text with a traditional query', () => {
    for (const query of ['黨建', '信息員', '興賓區', '三級三批']) expect(matches(simplified, query)).toBe(true);
  });

  it('does not match the characters when they are not adjacent', () => {
    expect(matches('兴业区宾馆', '兴宾区')).toBe(false);
    expect(matches('先锋模范作用，网格化管理', '先锋网')).toBe(false);
  });

  it('requires every part of the query', () => {
    expect(matches(simplified, '党建 先锋网')).toBe(false);
    expect(matches(simplified + '登录先锋网', '党建 先锋网')).toBe(true);
  });
});

describe('long input', () => {
  it('tokenises 100k characters of repeated vocabulary into the same terms as one copy', () => {
    const unit = '兴宾区党建工作，信息员三级三批培训，登录先锋网 GDP 2024。';
    const long = unit.repeat(Math.ceil(100_000 / unit.length));
    expect(long.length).toBeGreaterThanOrEqual(100_000);
    expect(new Set(indexTerms(long))).toEqual(new Set(indexTerms(unit)));
  });

  it('tokenises 100k distinct-ish characters with bounded, unique terms', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 5000))).join('');
    const terms = indexTerms(text);
    expect(new Set(terms).size).toBe(terms.length);
    // 5,000 distinct characters and at most one bigram per position, plus segmenter words.
    expect(terms.length).toBeLessThan(5_000 + 100_000 + 20_000);
    expect(terms).toEqual(expect.arrayContaining(['一']));
  });

  it('drops over-long tokens', () => {
    const terms = indexTerms('x'.repeat(100_000) + ' 党建');
    expect(terms.every((term) => term.length <= MAX_TERM_LENGTH)).toBe(true);
    expect(terms).toContain('党建');
  });
});
