import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export interface SubgraphInput {
  name: string;
  url: string;
  sdl: string;
}

export type CompositionOutcome = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** Composes subgraph SDLs into a supergraph (CPU-bound: about a second at 80 subgraphs). */
export function composeSupergraph(subgraphs: SubgraphInput[]): CompositionOutcome {
  try {
    const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
    if (result.errors || !result.supergraphSdl) {
      return { ok: false, errors: (result.errors ?? []).map((e) => e.message) };
    }
    return { ok: true, supergraphSdl: result.supergraphSdl };
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
}
