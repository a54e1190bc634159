import { composeSupergraph } from '../../../gateway/src/composeSupergraph';
import { nodeTypeDefs } from './nodeTypeDefs';

describe('node subgraph SDL', () => {
  it('composes for a city, a county and a township, each contributing its namespaced fields', () => {
    const outcome = composeSupergraph([
      { name: 'laibin', url: 'http://a/graphql', sdl: nodeTypeDefs('laibin', 1, true) },
      { name: 'xingbin', url: 'http://b/graphql', sdl: nodeTypeDefs('xingbin', 1, false) },
      { name: 'xingbin_fenghuang', url: 'http://c/graphql', sdl: nodeTypeDefs('xingbin_fenghuang', 1, false) },
    ]);
    if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
    expect(outcome.supergraphSdl).toContain('xingbin_fenghuang: Site');
    expect(outcome.supergraphSdl).toContain('xingbin_fenghuang: SiteMutations!');
    expect(outcome.supergraphSdl).toContain('type SiteInfo');
  });
});
