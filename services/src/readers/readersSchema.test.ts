import { composeSupergraph } from '../../../gateway/src/composeSupergraph';
import { nodeTypeDefs } from '../graphql/nodeTypeDefs';
import { READERS_SINCE } from './readersSchema';

describe('readers schema', () => {
  it('composes from its level on across a city, a county and a township, and is absent below it', () => {
    const outcome = composeSupergraph([
      { name: 'laibin', url: 'http://a/graphql', sdl: nodeTypeDefs('laibin', READERS_SINCE, true) },
      { name: 'xingbin', url: 'http://b/graphql', sdl: nodeTypeDefs('xingbin', READERS_SINCE, false) },
      { name: 'xingbin_fenghuang', url: 'http://c/graphql', sdl: nodeTypeDefs('xingbin_fenghuang', READERS_SINCE, false) },
    ]);
    if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
    expect(outcome.supergraphSdl).toContain('readers: Readers!');
    expect(outcome.supergraphSdl).toContain('readers: ReadersMutations!');
    expect(nodeTypeDefs('xingbin', READERS_SINCE - 1, false)).not.toContain('Readers');
    // Staff fields are never cached as public.
    expect(nodeTypeDefs('xingbin', READERS_SINCE, false)).toMatch(
      /commentQueue\(.*\): \[Comment!\]! @cacheControl\(maxAge: 0, scope: PRIVATE\)/,
    );
  });
});
