import { monthOf, monthRange, parsePeriod, previousMonth, daysLeftInMonth } from './months';
import type { ItemFacts } from './officerItems';
import { isFalseRetraction, scoreOfficerMonth, sumFigures } from './scoreOfficerMonth';
import { DEFAULT_RULES, mergeRules, parseRulesOverride, rulesHash } from './scoringRules';

/** China time: 2026-03-10 09:00 CST. */
const cst = (day: string, time = '09:00') => new Date(`${day}T${time}:00+08:00`);

function item(fields: Partial<ItemFacts>): ItemFacts {
  return {
    id: Math.random().toString(16).slice(2),
    title: '凤凰镇开展主题党日活动',
    channel: 'dangjian-jiceng',
    createdBy: 'acct_1',
    officer: null,
    submittedAt: null,
    publishedAt: null,
    retractedAt: null,
    retractionReason: null,
    adoptions: [],
    newspaperAt: null,
    topicAt: null,
    ...fields,
  };
}

describe('months in China time', () => {
  it('puts an instant in its China-time month and gives month ranges and periods', () => {
    expect(monthOf(new Date('2026-02-28T16:30:00Z'))).toBe('2026-03'); // 00:30 on 1 March in China
    expect(monthOf(new Date('2026-02-28T15:59:59Z'))).toBe('2026-02');
    expect(monthRange('2026-03')).toEqual({ start: new Date('2026-02-28T16:00:00Z'), end: new Date('2026-03-31T16:00:00Z') });
    expect(parsePeriod('2026').months).toHaveLength(12);
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(daysLeftInMonth(cst('2026-03-31'))).toBe(0);
    expect(daysLeftInMonth(cst('2026-03-27'))).toBe(4);
  });

  it('refuses malformed months and periods with BAD_USER_INPUT', () => {
    for (const bad of ['2026-13', '2026-3', 'march', '', '1999', '2026-03-01']) {
      expect(() => parsePeriod(bad)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    }
  });
});

describe('scoreOfficerMonth (pure)', () => {
  const march = '2026-03';

  it('counts an officer with 2 items as short of the default quota of 3, with no base points', () => {
    const items = [
      item({ submittedAt: cst('2026-03-02') }),
      item({ submittedAt: cst('2026-03-20') }),
      item({ submittedAt: cst('2026-02-27') }),
    ];
    const f = scoreOfficerMonth(items, DEFAULT_RULES, march);
    expect(f).toMatchObject({ submitted: 2, quota: 3, quotaMet: false, short: 1, score: 0 });
  });

  it('scores local publication, county and city adoption each in the month it happened', () => {
    const it1 = item({
      submittedAt: cst('2026-03-02'),
      publishedAt: cst('2026-03-03'),
      adoptions: [
        { node: 'xingbin', tier: 'county', at: cst('2026-03-04') },
        { node: 'laibin', tier: 'city', at: cst('2026-04-01', '10:00') },
      ],
    });
    const others = [item({ submittedAt: cst('2026-03-05') }), item({ submittedAt: cst('2026-03-06') })];
    const m = scoreOfficerMonth([it1, ...others], DEFAULT_RULES, march);
    expect(m).toMatchObject({ submitted: 3, published: 1, adoptedCounty: 1, adoptedCity: 0, quotaMet: true, publishedAdopted: 1 });
    expect(m.points).toEqual({ published: 1, adoptedCounty: 2, adoptedCity: 0, newspaper: 0, topic: 0, quotaBase: 10, penalty: 0 });
    expect(m.score).toBe(13);
    const a = scoreOfficerMonth([it1, ...others], DEFAULT_RULES, '2026-04');
    expect(a).toMatchObject({ adoptedCity: 1, score: 5, submitted: 0, quotaMet: false });
  });

  it('scores only the highest level under `highest`, and column points override the adoption points', () => {
    const adopted = item({
      channel: 'dangjian-jiceng-zuzhi',
      publishedAt: cst('2026-03-03'),
      adoptions: [
        { node: 'xingbin', tier: 'county', at: cst('2026-03-04') },
        { node: 'laibin', tier: 'city', at: cst('2026-03-05') },
      ],
    });
    const rules = mergeRules({
      quota: 0,
      quotaBase: 0,
      multiLevel: 'highest',
      channelPoints: [
        { channel: 'dangjian', adoptedCity: 20 },
        { channel: 'dangjian-jiceng', adoptedCity: 80 },
      ],
    });
    const f = scoreOfficerMonth([adopted], rules, march);
    expect(f.points).toMatchObject({ published: 1, adoptedCounty: 0, adoptedCity: 80 });
    expect(f).toMatchObject({ adoptedCounty: 1, adoptedCity: 1, score: 81 });
    const each = scoreOfficerMonth([adopted], { ...rules, multiLevel: 'each' }, march);
    expect(each.score).toBe(1 + 2 + 80);
  });

  it('subtracts the penalty for an item retracted as false, in the month of the retraction', () => {
    const fake = item({ publishedAt: cst('2026-03-03'), retractedAt: cst('2026-03-09'), retractionReason: '经核查内容失实' });
    const wrongChannel = item({ publishedAt: cst('2026-03-03'), retractedAt: cst('2026-03-09'), retractionReason: '栏目放错' });
    expect(isFalseRetraction(fake, DEFAULT_RULES)).toBe(true);
    expect(isFalseRetraction(wrongChannel, DEFAULT_RULES)).toBe(false);
    const f = scoreOfficerMonth([fake, wrongChannel], { ...DEFAULT_RULES, quota: 0, quotaBase: 0 }, march);
    expect(f).toMatchObject({ retractedFalse: 1, score: 2 - 5 });
  });

  it('gives exactly the new scores when the rules change (recomputation, nothing to undo)', () => {
    const items = [
      item({
        submittedAt: cst('2026-03-01'),
        publishedAt: cst('2026-03-02'),
        adoptions: [{ node: 'xingbin', tier: 'county', at: cst('2026-03-03') }],
      }),
      item({ submittedAt: cst('2026-03-04'), publishedAt: cst('2026-03-05') }),
      item({ submittedAt: cst('2026-03-06') }),
    ];
    expect(scoreOfficerMonth(items, DEFAULT_RULES, march).score).toBe(2 + 2 + 10);
    const changed = mergeRules({ points: { adoptedCounty: 15 }, quotaBase: 0 });
    expect(changed.points.adoptedCity).toBe(DEFAULT_RULES.points.adoptedCity);
    expect(scoreOfficerMonth(items, changed, march).score).toBe(2 + 15);
    expect(rulesHash(changed)).not.toBe(rulesHash(DEFAULT_RULES));
  });

  it('sums months into a year and counts the months with the quota met', () => {
    const months = ['2026-01', '2026-02'].map((m) =>
      scoreOfficerMonth(
        [1, 2, 3].map((d) => item({ submittedAt: cst(`${m}-0${d}`), publishedAt: cst(`${m}-0${d}`) })),
        DEFAULT_RULES,
        m,
      ),
    );
    const year = sumFigures([...months, scoreOfficerMonth([], DEFAULT_RULES, '2026-03')]);
    expect(year).toMatchObject({ submitted: 6, published: 6, quotaMonths: 2, quotaMet: false, score: 2 * (3 + 10) });
  });
});

describe('rules overrides', () => {
  it('merges partial overrides field by field and treats nulls as "inherit"', () => {
    const network = parseRulesOverride({ quota: 4, points: { adoptedCity: 20 } });
    const local = parseRulesOverride({ quota: null, points: { published: 2, adoptedCity: null }, commendation: { maxCount: 5 } });
    const rules = mergeRules(network, local);
    expect(rules.quota).toBe(4);
    expect(rules.points).toEqual({ ...DEFAULT_RULES.points, adoptedCity: 20, published: 2 });
    expect(rules.commendation).toEqual({ ...DEFAULT_RULES.commendation, maxCount: 5 });
  });

  it('refuses bad rules with BAD_USER_INPUT naming the field', () => {
    expect(() => parseRulesOverride({ quota: -1 })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'quota' } }),
    );
    expect(() => parseRulesOverride({ points: { adoptedCity: 'many' } })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => parseRulesOverride({ multiLevel: 'sometimes' })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => parseRulesOverride({ bonus: 3 })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => parseRulesOverride({ channelPoints: [{ channel: 'Bad Slug!' }] })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
