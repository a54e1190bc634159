import { sharedTypeDefs } from '@djnet/shared';
import { FEDERATION_LINK } from './federationLink';
import { directoryTypeDefs } from '../directory/directorySchema';
import { partnerTypeDefs } from '../partners/partnerSchema';
import { OFFICERS_SINCE, officerTypeDefs } from '../officers/officerSchema';
import { NEWSPAPER_SINCE, newspaperTypeDefs } from '../newspaper/newspaperSchema';
import { READERS_SINCE, readersTypeDefs } from '../readers/readersSchema';

/**
 * A node's subgraph SDL at a schema level: the shared content types (identical in every subgraph) plus the
 * node's one namespaced field `Network.<code>` and, for its writes, `Mutation.<code>`. The city adds the
 * network directory and the partner API keys.
 */
export function nodeTypeDefs(code: string, level: number, isCity: boolean): string {
  return [
    FEDERATION_LINK,
    // The namespace is static (root fields need an explicit hint; what is under a node says how long it keeps).
    'type Query {\n  "整个网群：每个节点贡献一个以其代码命名的字段"\n  network: Network! @shareable @cacheControl(maxAge: 300)\n}',
    `"网群命名空间"\ntype Network @shareable {\n  "节点 ${code} 的站点；节点不可达时为 null 并附错误"\n  ${code}: Site\n}`,
    // Mutations cannot share a namespace root field across subgraphs (composition requires each mutation field
    // to be resolvable from one subgraph), so each node contributes its own root field `Mutation.<code>`.
    `type Mutation {\n  "节点 ${code} 的写操作（需登录，登录本身除外）"\n  ${code}: SiteMutations!\n}`,
    sharedTypeDefs(level),
    ...(level >= OFFICERS_SINCE ? [officerTypeDefs] : []),
    ...(level >= NEWSPAPER_SINCE ? [newspaperTypeDefs] : []),
    ...(level >= READERS_SINCE ? [readersTypeDefs] : []),
    ...(isCity ? [directoryTypeDefs, partnerTypeDefs] : []),
  ].join('\n\n');
}
