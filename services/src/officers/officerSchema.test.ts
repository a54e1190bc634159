import { CURRENT_SCHEMA_LEVEL } from '@djnet/shared';
import { composeSupergraph } from '../../../gateway/src/composeSupergraph';
import { nodeTypeDefs } from '../graphql/nodeTypeDefs';
import { OFFICERS_SINCE } from './officerSchema';

describe('officer SDL', () => {
  it('composes for a city, a county and a township at the current level, with the officer fields on Site', () => {
    const outcome = composeSupergraph([
      { name: 'laibin', url: 'http://a/graphql', sdl: nodeTypeDefs('laibin', CURRENT_SCHEMA_LEVEL, true) },
      { name: 'xingbin', url: 'http://b/graphql', sdl: nodeTypeDefs('xingbin', CURRENT_SCHEMA_LEVEL, false) },
      { name: 'xingbin_fenghuang', url: 'http://c/graphql', sdl: nodeTypeDefs('xingbin_fenghuang', CURRENT_SCHEMA_LEVEL, false) },
    ]);
    if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
    expect(outcome.supergraphSdl).toMatch(
      /officerRanking\(period: String!, scope: RankingScope = NODE, kind: OfficerKind = OFFICER\): OfficerRanking!/,
    );
    expect(outcome.supergraphSdl).toContain('createOfficer(input: OfficerInput!): Officer!');
    expect(outcome.supergraphSdl).toContain('type Officer');
  });

  it('leaves the officer types out below their level, so older nodes compose with newer ones', () => {
    expect(OFFICERS_SINCE).toBeLessThanOrEqual(CURRENT_SCHEMA_LEVEL);
    const old = nodeTypeDefs('xingbin', OFFICERS_SINCE - 1, false);
    expect(old).not.toContain('Officer');
    expect(old).not.toContain('officerRanking');
    const outcome = composeSupergraph([
      { name: 'laibin', url: 'http://a/graphql', sdl: nodeTypeDefs('laibin', OFFICERS_SINCE - 1, true) },
      { name: 'xingbin', url: 'http://b/graphql', sdl: old },
    ]);
    if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
  });

  it('marks the officer fields as private staff data (never cached as public)', () => {
    const sdl = nodeTypeDefs('xingbin', CURRENT_SCHEMA_LEVEL, false);
    for (const field of [
      'officers(',
      'officer(id',
      'officerRules:',
      'officersShort(',
      'officerRanking(',
      'commendation(',
      'officerMessages(',
      'officerJobRuns:',
    ]) {
      const line = sdl.split('\n').find((l) => l.includes(` ${field}`))!;
      expect(line).toContain('@cacheControl(maxAge: 0, scope: PRIVATE)');
    }
  });
});
