import { activeKeyPem } from './directoryKeys';
import type { DirectoryEntry, DirectoryModels } from './directoryModels';

/**
 * The city's directory entity. Deliberately not named `Site`: a `@key` on the shared node type would let the
 * planner send one node's fields to another node (DESIGN.md §2).
 */
export const directoryTypeDefs = `"网群目录中的一个节点（由市级节点回答）"
type SiteInfo @key(fields: "code") {
  code: String!
  name: String!
  tier: Tier!
  parent: String
  "站点对外地址"
  url: String!
  status: SiteStatus!
  "最近一次心跳（ISO 8601）"
  lastSeen: String!
  "最近心跳在时限内"
  reachable: Boolean!
  schemaLevel: Int!
  "节点当前签名公钥（Ed25519，PEM）；轮换后旧公钥见 GET /directory/keys/<code>"
  publicKey: String
  children: [String!]!
}

"目录状态：ACTIVE 在网，LEFT 已退出"
enum SiteStatus {
  ACTIVE
  LEFT
}

extend type Query {
  "网群目录，可按层级或上级筛选"
  sites(tier: Tier, parent: String): [SiteInfo!]!
  "目录中的一个节点"
  site(code: String!): SiteInfo
}`;

export interface SiteInfoView {
  code: string;
  name: string;
  tier: string;
  parent: string | null;
  url: string;
  status: string;
  lastSeen: string;
  reachable: boolean;
  schemaLevel: number;
  publicKey: string | null;
  children: string[];
}

export function siteInfoView(entry: DirectoryEntry, allEntries: DirectoryEntry[], staleAfterMs: number, now = Date.now()): SiteInfoView {
  return {
    code: entry.code,
    name: entry.name,
    tier: entry.tier.toUpperCase(),
    parent: entry.parent,
    url: entry.url,
    status: entry.status.toUpperCase(),
    lastSeen: new Date(entry.lastSeen).toISOString(),
    reachable: entry.status === 'active' && now - new Date(entry.lastSeen).getTime() <= staleAfterMs,
    schemaLevel: entry.schemaLevel,
    publicKey: activeKeyPem(entry.keys),
    children: allEntries
      .filter((e) => e.parent === entry.code && e.status === 'active')
      .map((e) => e.code)
      .sort(),
  };
}

export function directoryResolvers(models: DirectoryModels, staleAfterMs: number) {
  const all = () => models.DirectoryEntry.find({}).sort({ code: 1 }).lean<DirectoryEntry[]>();
  return {
    Query: {
      sites: async (_: unknown, args: { tier?: string | null; parent?: string | null }) => {
        const entries = await all();
        return entries
          .filter((e) => (!args.tier || e.tier === args.tier.toLowerCase()) && (args.parent == null || e.parent === args.parent))
          .map((e) => siteInfoView(e, entries, staleAfterMs));
      },
      site: async (_: unknown, args: { code: string }) => {
        const entries = await all();
        const entry = entries.find((e) => e.code === args.code);
        return entry ? siteInfoView(entry, entries, staleAfterMs) : null;
      },
    },
    SiteInfo: {
      __resolveReference: async (ref: { code: string }) => {
        const entries = await all();
        const entry = entries.find((e) => e.code === ref.code);
        return entry ? siteInfoView(entry, entries, staleAfterMs) : null;
      },
    },
  };
}
