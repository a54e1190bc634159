import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';
import { CURRENT_SCHEMA_LEVEL } from '@djnet/shared';
import { accountResolvers } from '../accounts/accountResolvers';
import { articleResolvers } from '../articles/articleResolvers';
import { catalogResolvers } from '../catalog/catalogResolvers';
import { channelResolvers } from '../channels/channelResolvers';
import { directoryResolvers } from '../directory/directorySchema';
import { keyResolvers } from '../keys/keyResolvers';
import type { DirectoryModels } from '../directory/directoryModels';
import type { NodeContext } from '../node/nodeContext';
import { officerResolvers } from '../officers/officerResolvers';
import { newspaperResolvers } from '../newspaper/newspaperResolvers';
import { readersResolvers } from '../readers/readersResolvers';
import { partnerResolvers, type PartnerSchemaParts } from '../partners/partnerSchema';
import { guardEntities } from './guardEntities';
import { mergeResolvers } from './mergeResolvers';
import { nodeTypeDefs } from './nodeTypeDefs';

export interface NodeSchemaParts {
  node: NodeContext;
  /** Present on the city only. */
  directory?: { models: DirectoryModels; staleAfterMs: number };
  /** Present on the city only: partner API keys. */
  partners?: PartnerSchemaParts;
}

/** The node's executable subgraph schema at its own (highest) schema level. */
export function buildNodeSchema(parts: NodeSchemaParts): GraphQLSchema {
  const { code } = parts.node.config;
  const base = {
    Query: { network: () => ({}) },
    Network: { [code]: () => parts.node.site.view() },
    Mutation: { [code]: () => ({}) },
  };
  const maps = [base, accountResolvers, articleResolvers, catalogResolvers, channelResolvers, keyResolvers];
  maps.push(officerResolvers as unknown as (typeof maps)[number]);
  maps.push(newspaperResolvers as unknown as (typeof maps)[number]);
  maps.push(readersResolvers as unknown as (typeof maps)[number]);
  if (parts.directory) {
    const dir = directoryResolvers(parts.directory.models, parts.directory.staleAfterMs);
    maps.push({ Query: dir.Query, SiteInfo: dir.SiteInfo });
  }
  if (parts.partners) maps.push(partnerResolvers(parts.partners));
  return guardEntities(
    buildSubgraphSchema({
      typeDefs: parse(nodeTypeDefs(code, CURRENT_SCHEMA_LEVEL, !!parts.directory)),
      resolvers: mergeResolvers(...maps) as GraphQLResolverMap<unknown>,
    }),
  );
}
