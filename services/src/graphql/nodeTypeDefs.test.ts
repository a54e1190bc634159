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

  it('carries cache hints on public types and PRIVATE 0 on staff fields, and composes with a node that has none', () => {
    const sdl = nodeTypeDefs('xingbin', 1, false);
    expect(sdl).toContain('directive @cacheControl');
    expect(sdl).toMatch(/type Site @shareable @cacheControl\(maxAge: \d+\)/);
    expect(sdl).toMatch(/type Article @shareable @cacheControl\(maxAge: \d+\)/);
    expect(sdl).toMatch(/reviewQueue\(.*\): \[Article!\]! @cacheControl\(maxAge: 0, scope: PRIVATE\)/);
    const withoutHints = sdl
      .replace(/directive @cacheControl[^\n]*/, '')
      .replace(/ @cacheControl\([^)]*\)/g, '')
      .replace(/enum CacheControlScope \{[^}]*\}/, '');
    const outcome = composeSupergraph([
      { name: 'laibin', url: 'http://a/graphql', sdl: nodeTypeDefs('laibin', 1, true) },
      { name: 'xingbin', url: 'http://b/graphql', sdl: withoutHints },
    ]);
    if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
    // Hints stay in the subgraphs: the gateway reads each node's Cache-Control header.
    expect(outcome.supergraphSdl).not.toContain('@cacheControl');
  });

  it('gives the city, and only the city, the partner-key fields', () => {
    expect(nodeTypeDefs('laibin', 1, true)).toContain('issuePartnerKey(input: PartnerKeyInput!): IssuedPartnerKey!');
    expect(nodeTypeDefs('xingbin', 1, false)).not.toContain('PartnerKey');
  });
});
