import { createHash } from 'node:crypto';
import type { DirectoryEntry, DirectoryModels } from './directoryModels';
import { readSdl, sdlHashOf } from './directorySdl';

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
  const subgraphs: (SubgraphListing & { sdlHash: string })[] = [];
  for (const e of entries) {
    // Versions already read come from memory; an entry from before the SDLs moved out still has them inline.
    const sdl = e.sdlHash ? await readSdl(models, e.code, e.sdlHash) : (e.sdlByLevel ?? null);
    if (!sdl) continue; // its SDLs are being replaced right now: listed at the next poll
    subgraphs.push({
      code: e.code,
      name: e.name,
      tier: e.tier,
      url: e.url,
      graphqlUrl: `${e.url}/graphql`,
      schemaLevel: e.schemaLevel,
      sdlByLevel: sdl,
      sdlHash: e.sdlHash || sdlHashOf(sdl),
      lastSeen: new Date(e.lastSeen).toISOString(),
      reachable: now - new Date(e.lastSeen).getTime() <= staleAfterMs,
    });
  }
  // The etag covers only what composition depends on, so heartbeats do not look like changes.
  const etag = createHash('sha256')
    .update(JSON.stringify(subgraphs.map((s) => [s.code, s.graphqlUrl, s.schemaLevel, s.sdlHash])))
    .digest('base64url')
    .slice(0, 27);
  return { etag: `"${etag}"`, subgraphs: subgraphs.map(({ sdlHash: _, ...s }) => s) };
}
