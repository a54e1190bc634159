import { toCsv, csvField } from './csv';
import { commendationList, rankGroups, rankOfficers, type FigureRow } from './rankings';
import { EMPTY_FIGURES } from './scoreOfficerMonth';
import { DEFAULT_RULES } from './scoringRules';

function row(id: string, node: string, unit: string, f: Partial<FigureRow['figures']>, kind: FigureRow['kind'] = 'officer'): FigureRow {
  return { officerId: id, name: `信息员${id}`, kind, unit, node, status: 'active', figures: { ...EMPTY_FIGURES, ...f } };
}

describe('rankings (pure)', () => {
  const rows = [
    row('a', 'xingbin_fenghuang', '凤凰镇党委', {
      score: 30,
      published: 4,
      publishedAdopted: 2,
      adoptedCounty: 2,
      submitted: 5,
      quotaMet: true,
    }),
    row('b', 'xingbin_fenghuang', '凤凰镇党委', {
      score: 30,
      published: 3,
      publishedAdopted: 1,
      adoptedCounty: 2,
      submitted: 5,
      quotaMet: true,
    }),
    row('c', 'xingbin_sanwu', '三五镇党委', { score: 45, published: 2, publishedAdopted: 2, adoptedCity: 1, submitted: 3, quotaMet: true }),
    row('d', 'xingbin_sanwu', '三五镇政府', { score: 0, submitted: 1 }),
  ];

  it('ranks officers by score, then adoptions, then items, sharing ranks on ties', () => {
    const ranked = rankOfficers(rows);
    expect(ranked.map((r) => [r.officerId, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 2],
      ['d', 4],
    ]);
    expect(ranked[1]!.adoptionRate).toBe(0.5);
    expect(ranked[3]!.adoptionRate).toBe(0);
  });

  it('adds units and nodes up', () => {
    const units = rankGroups(rows, 'unit');
    expect(units.map((u) => [u.key, u.score, u.officers, u.quotaMetOfficers])).toEqual([
      ['凤凰镇党委', 60, 2, 2],
      ['三五镇党委', 45, 1, 1],
      ['三五镇政府', 0, 1, 0],
    ]);
    const nodes = rankGroups(rows, 'node');
    expect(nodes.map((n) => [n.key, n.rank, n.score, n.published, n.adoptionRate])).toEqual([
      ['xingbin_fenghuang', 1, 60, 7, 0.429],
      ['xingbin_sanwu', 2, 45, 2, 1],
    ]);
  });

  it('lists outstanding officers by the criteria: score, months of quota met, no false retraction, officers only', () => {
    const year = [
      row('a', 'x', 'u', { score: 120, quotaMonths: 11 }),
      row('b', 'x', 'u', { score: 200, quotaMonths: 12, retractedFalse: 1 }),
      row('c', 'x', 'u', { score: 90, quotaMonths: 12 }),
      row('d', 'x', 'u', { score: 300, quotaMonths: 9 }),
      row('e', 'x', 'u', { score: 500, quotaMonths: 12 }, 'correspondent'),
      row('f', 'x', 'u', { score: 59, quotaMonths: 12 }),
    ];
    const list = commendationList(year, DEFAULT_RULES.commendation);
    expect(list.map((r) => r.officerId)).toEqual(['a', 'c']);
    expect(commendationList(year, { ...DEFAULT_RULES.commendation, maxCount: 1 }).map((r) => r.officerId)).toEqual(['a']);
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180, starts with a BOM, ends lines with CRLF and defuses formulas', () => {
    expect(csvField('普通')).toBe('普通');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说"好"')).toBe('"说""好"""');
    expect(csvField('两\n行')).toBe('"两\n行"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(toCsv(['名次', '姓名'], [[1, '韦,信息员']])).toBe('\uFEFF名次,姓名\r\n1,"韦,信息员"\r\n');
  });
});
