import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import { issuePartnerKey } from './issuePartnerKey';
import type { PartnerKeyDoc, PartnerKeyModel } from './partnerKeyModel';
import { revokePartnerKey } from './revokePartnerKey';

/** City only: partner API keys, managed by the city admin. */
export const partnerTypeDefs = `"合作方 API 密钥（只存哈希；密钥本身只在签发时显示一次）"
type PartnerKey {
  id: ID!
  "合作方名称"
  name: String!
  "联系人或联系方式"
  contact: String
  "密钥前几位，用于辨认"
  keyPrefix: String!
  "每分钟请求上限"
  requestsPerMinute: Int!
  "允许的浏览器来源（CORS）；* 为任意来源"
  allowedOrigins: [String!]!
  "只允许运行已登记的操作（白名单模式）"
  allowListOnly: Boolean!
  createdAt: String!
  "签发人账号"
  createdBy: String!
  "撤销时间；未撤销为 null"
  revokedAt: String
  revokedBy: String
}

"新签发的密钥：key 只在此时返回一次"
type IssuedPartnerKey {
  key: String!
  partnerKey: PartnerKey!
}

input PartnerKeyInput {
  name: String!
  contact: String
  "默认 600"
  requestsPerMinute: Int
  allowedOrigins: [String!]
  allowListOnly: Boolean = false
}

extend type Query {
  "全部合作方密钥（市级管理员）"
  partnerKeys: [PartnerKey!]!
}

extend type Mutation {
  "签发合作方密钥（市级管理员）；密钥只显示一次"
  issuePartnerKey(input: PartnerKeyInput!): IssuedPartnerKey!
  "撤销合作方密钥（市级管理员）"
  revokePartnerKey(id: ID!): PartnerKey!
}`;

export interface PartnerKeyView {
  id: string;
  name: string;
  contact: string | null;
  keyPrefix: string;
  requestsPerMinute: number;
  allowedOrigins: string[];
  allowListOnly: boolean;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export function partnerKeyView(doc: PartnerKeyDoc): PartnerKeyView {
  return {
    id: doc._id,
    name: doc.name,
    contact: doc.contact,
    keyPrefix: doc.keyPrefix,
    requestsPerMinute: doc.requestsPerMinute,
    allowedOrigins: doc.allowedOrigins,
    allowListOnly: doc.allowListOnly,
    createdAt: doc.createdAt.toISOString(),
    createdBy: doc.createdBy,
    revokedAt: doc.revokedAt?.toISOString() ?? null,
    revokedBy: doc.revokedBy,
  };
}

export interface PartnerSchemaParts {
  keys: PartnerKeyModel;
  /** Tells gateways the listing changed (they re-read it at once instead of at their next poll). */
  keysChanged(): void;
}

/** Resolvers for the city's partner-key fields: every one requires an admin of the city. */
export function partnerResolvers(parts: PartnerSchemaParts) {
  const admin = (ctx: RequestContext) => requireRole(ctx, ['admin']).actor;
  return {
    Query: {
      partnerKeys: async (_: unknown, __: unknown, ctx: RequestContext) => {
        admin(ctx);
        const docs = await parts.keys.find({}).sort({ createdAt: 1, _id: 1 }).lean<PartnerKeyDoc[]>();
        return docs.map(partnerKeyView);
      },
    },
    Mutation: {
      issuePartnerKey: async (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        const actor = admin(ctx);
        const issued = await issuePartnerKey(parts.keys, args.input, actor.accountId, ctx.node.now());
        ctx.node.log.info({ partnerKey: issued.doc._id, name: issued.doc.name, by: actor.username }, '已签发合作方密钥');
        parts.keysChanged();
        return { key: issued.key, partnerKey: partnerKeyView(issued.doc) };
      },
      revokePartnerKey: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
        const actor = admin(ctx);
        const doc = await revokePartnerKey(parts.keys, args.id, actor.accountId, ctx.node.now());
        ctx.node.log.info({ partnerKey: doc._id, name: doc.name, by: actor.username }, '已撤销合作方密钥');
        parts.keysChanged();
        return partnerKeyView(doc);
      },
    },
  };
}
