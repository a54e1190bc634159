import { planMembership, type DirectorySubgraph } from './membership';

const node = (code: string, schemaLevel: number): DirectorySubgraph => ({
  code,
  name: code,
  graphqlUrl: `http://127.0.0.1/${code}/graphql`,
  schemaLevel,
  reachable: true,
  sdlByLevel: Object.fromEntries(Array.from({ length: schemaLevel }, (_, i) => [String(i + 1), `# ${code} at level ${i + 1}`])),
});

describe('planMembership', () => {
  it('composes at the highest level every node supports, capped at the gateway level', () => {
    const plan = planMembership([node('laibin', 3), node('xingbin', 2), node('heshan', 3)], 3, 1);
    expect(plan.level).toBe(2);
    expect(plan.subgraphs.map((s) => s.sdl)).toEqual(['# laibin at level 2', '# xingbin at level 2', '# heshan at level 2']);
    expect(planMembership([node('laibin', 5)], 3, 1).level).toBe(3);
  });

  it('leaves out and reports nodes below the minimum level', () => {
    const plan = planMembership([node('laibin', 3), node('old', 1)], 3, 2);
    expect(plan.level).toBe(3);
    expect(plan.subgraphs.map((s) => s.name)).toEqual(['laibin']);
    expect(plan.excluded).toEqual([{ code: 'old', reason: expect.stringContaining('低于网关支持的最低级别 2') }]);
  });

  it('leaves out a node missing the SDL for the chosen level', () => {
    const gap = { ...node('gap', 3), sdlByLevel: { '3': 'x' } };
    const plan = planMembership([node('laibin', 2), gap], 3, 1);
    expect(plan.excluded.map((e) => e.code)).toEqual(['gap']);
  });
});
