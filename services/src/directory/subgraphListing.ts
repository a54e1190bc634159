import { createHash } from 'node:crypto';
import type { DirectoryEntry, DirectoryModels } from './directoryModels';

/** What the gateway needs to compose the supergraph: every active node, its URL and its SDL per level. */
export interface SubgraphListing {
  code: string;
  name: string;
  tier: string;
  url: string;
  graphqlUrl: string;
  schemaLevel: number;
  sdlByLevel: Record<string, string>;
  lastSeen: string;
  reachable: boolean;
}

export async function listSubgraphs(
  models: DirectoryModels,
  staleAfterMs: number,
  now = Date.now(),
): Promise<{ etag: string; subgraphs: SubgraphListing[] }> {
  const entries = await models.DirectoryEntry.find({ status: 'active' }).sort({ code: 1 }).lean<DirectoryEntry[]>();
  const subgraphs = entries.map((e) => {
    const sdl = e.sdlByLevel instanceof Map ? Object.fromEntries(e.sdlByLevel) : (e.sdlByLevel as unknown as Record<string, string>);
    return {
      code: e.code,
      name: e.name,
      tier: e.tier,
      url: e.url,
      graphqlUrl: `${e.url}/graphql`,
      schemaLevel: e.schemaLevel,
      sdlByLevel: sdl,
      lastSeen: new Date(e.lastSeen).toISOString(),
      reachable: now - new Date(e.lastSeen).getTime() <= staleAfterMs,
    };
  });
  // The etag covers only what composition depends on, so heartbeats do not look like changes.
  const etag = createHash('sha256')
    .update(JSON.stringify(subgraphs.map((s) => [s.code, s.graphqlUrl, s.schemaLevel, s.sdlByLevel])))
    .digest('base64url')
    .slice(0, 27);
  return { etag: `"${etag}"`, subgraphs };
}
