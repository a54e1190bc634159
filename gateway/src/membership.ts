import { CURRENT_SCHEMA_LEVEL, MIN_SUPPORTED_SCHEMA_LEVEL } from '@djnet/shared';
import type { SubgraphInput } from './composeSupergraph';

/** A node as the city directory lists it for the gateway. */
export interface DirectorySubgraph {
  code: string;
  name: string;
  graphqlUrl: string;
  schemaLevel: number;
  sdlByLevel: Record<string, string>;
  reachable: boolean;
}

export interface ExcludedNode {
  code: string;
  reason: string;
}

export interface MembershipPlan {
  /** The schema level the network is composed at: the highest every included node supports. */
  level: number;
  subgraphs: SubgraphInput[];
  excluded: ExcludedNode[];
}

/**
 * Decides which nodes go into the supergraph and at which schema level: nodes below the gateway's minimum
 * level are left out; the level is the lowest of the others' highest levels (capped at the gateway's own),
 * and each node contributes its SDL for that level.
 */
export function planMembership(
  nodes: DirectorySubgraph[],
  gatewayLevel = CURRENT_SCHEMA_LEVEL,
  minLevel = MIN_SUPPORTED_SCHEMA_LEVEL,
): MembershipPlan {
  const excluded: ExcludedNode[] = [];
  const eligible = nodes.filter((n) => {
    if (n.schemaLevel < minLevel) {
      excluded.push({ code: n.code, reason: `模式级别 ${n.schemaLevel} 低于网关支持的最低级别 ${minLevel}` });
      return false;
    }
    return true;
  });
  const level = Math.min(gatewayLevel, ...eligible.map((n) => n.schemaLevel));
  const subgraphs: SubgraphInput[] = [];
  for (const n of eligible) {
    const sdl = n.sdlByLevel[String(level)];
    if (!sdl) excluded.push({ code: n.code, reason: `未提供第 ${level} 级的子图 SDL` });
    else subgraphs.push({ name: n.code, url: n.graphqlUrl, sdl });
  }
  return { level: Number.isFinite(level) ? level : gatewayLevel, subgraphs, excluded };
}
