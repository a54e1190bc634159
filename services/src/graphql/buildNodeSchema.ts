import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';
import { CURRENT_SCHEMA_LEVEL } from '@djnet/shared';
import type { SiteIdentity } from '../node/siteIdentity';
import { directoryResolvers } from '../directory/directorySchema';
import type { DirectoryModels } from '../directory/directoryModels';
import { nodeTypeDefs } from './nodeTypeDefs';

export interface NodeSchemaParts {
  code: string;
  site: SiteIdentity;
  /** Present on the city only. */
  directory?: { models: DirectoryModels; staleAfterMs: number };
}

/** The node's executable subgraph schema at its own (highest) schema level. */
export function buildNodeSchema(parts: NodeSchemaParts): GraphQLSchema {
  const resolvers: Record<string, Record<string, unknown>> = {
    Query: { network: () => ({}) },
    Network: { [parts.code]: () => parts.site.view() },
  };
  if (parts.directory) {
    const dir = directoryResolvers(parts.directory.models, parts.directory.staleAfterMs);
    Object.assign(resolvers.Query!, dir.Query);
    resolvers.SiteInfo = dir.SiteInfo;
  }
  return buildSubgraphSchema({
    typeDefs: parse(nodeTypeDefs(parts.code, CURRENT_SCHEMA_LEVEL, !!parts.directory)),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}
