import { distributionCsv, rollUp } from './distributionRollup';
import type { SubscriptionQuotasDoc, SubscriptionReportDoc } from './newspaperModels';

const quotas: SubscriptionQuotasDoc = {
  _id: '2026',
  year: 2026,
  deadline: '2026-12-31',
  remindDays: 15,
  quotas: [
    { node: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin', quota: 100 },
    { node: 'xiangzhou', name: '象州县党建网', tier: 'county', parent: 'laibin', quota: 50 },
    { node: 'xingbin_fenghuang', name: '凤凰镇', tier: 'township', parent: 'xingbin', quota: 40 },
    { node: 'xingbin_sanwu', name: '三五镇', tier: 'township', parent: 'xingbin', quota: 30 },
  ],
  revision: 1,
  updatedAt: new Date(),
  updatedBy: '编辑部',
  pendingEvents: [],
};

const report = (node: string, parent: string | null, total: number): SubscriptionReportDoc => ({
  _id: `2026:${node}`,
  year: 2026,
  node,
  name: node,
  tier: parent === 'laibin' ? 'county' : 'township',
  parent,
  units: [{ unit: '党委', count: total }],
  total,
  reportedAt: new Date(),
  reportedBy: '管理员',
  revision: 1,
  pendingEvents: [],
});

const reports = [
  report('xingbin', 'laibin', 20),
  report('xingbin_fenghuang', 'xingbin', 30),
  report('xingbin_sanwu', 'xingbin', 30),
  report('xiangzhou', 'laibin', 60),
];

describe('distribution roll-up', () => {
  it('rolls townships into their county and counties into the city, ranking each tier by rate', () => {
    const r = rollUp(2026, quotas, reports, { code: 'laibin', tier: 'city' });
    expect(r.counties.map((c) => [c.node, c.subscribed, c.rate, c.rank])).toEqual([
      ['xiangzhou', 60, 1.2, 1],
      ['xingbin', 80, 0.8, 2],
    ]);
    expect(r.townships.map((t) => [t.node, t.subscribed, t.rate, t.rank])).toEqual([
      ['xingbin_sanwu', 30, 1, 1],
      ['xingbin_fenghuang', 30, 0.75, 2],
    ]);
    expect(r.total).toEqual({ quota: 150, subscribed: 140, rate: 0.9333 });
  });

  it('a county sees its own subtree only; a node without a report counts 0', () => {
    const r = rollUp(2026, quotas, reports.slice(0, 2), { code: 'xingbin', tier: 'county' });
    expect(r.counties.map((c) => c.node)).toEqual(['xingbin']);
    expect(r.townships.map((t) => [t.node, t.subscribed])).toEqual([
      ['xingbin_fenghuang', 30],
      ['xingbin_sanwu', 0],
    ]);
    expect(r.total).toEqual({ quota: 100, subscribed: 50, rate: 0.5 });
  });

  it('ties share a rank and the CSV is spreadsheet-safe', () => {
    const r = rollUp(2026, quotas, [report('xingbin_fenghuang', 'xingbin', 20), report('xingbin_sanwu', 'xingbin', 15)], {
      code: 'laibin',
      tier: 'city',
    });
    expect(r.townships.map((t) => t.rank)).toEqual([1, 1]);
    const csv = distributionCsv(r);
    expect(csv.startsWith('\uFEFF层级,排名,节点代码')).toBe(true);
    expect(csv).toContain('乡镇,1,xingbin_fenghuang,凤凰镇,xingbin,40,20,50.0%');
    expect(csv.trimEnd().split('\r\n').at(-1)).toBe('合计,,,,,150,35,23.3%');
  });
});
