import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { createLogger, ensureIndexes, openNodeDatabase, parseNodeConfig, type Tier } from '../../shared/src';
import type { Role } from '../../services/src/accounts/accountModel';
import type { Actor } from '../../services/src/accounts/actor';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { ArticleCatalog } from '../../services/src/catalog/articleCatalog';
import type { RequestContext } from '../../services/src/graphql/requestContext';
import type { NodeKeyring } from '../../services/src/keys/nodeKeyring';
import type { NetworkView } from '../../services/src/network/networkView';
import type { NodeContext } from '../../services/src/node/nodeContext';
import { nodeModels } from '../../services/src/node/nodeModels';
import { SiteIdentity } from '../../services/src/node/siteIdentity';
import { testMongoUri, uniqueDatabaseName } from '../support/testDatabase';

/**
 * One node's context on a real database of its own, without HTTP, keys or registration: enough for the channel
 * commands and catalog reads. `ancestors` are the codes of the nodes above it, nearest first.
 */
export interface ContentTestNode {
  node: NodeContext;
  connection: Connection;
  /** A request context for an actor (role null: anonymous); `home` defaults to this node. */
  as(role: Role | null, home?: string): RequestContext;
  close(): Promise<void>;
}

export async function openContentTestNode(spec: {
  code: string;
  tier: Tier;
  parent?: string;
  ancestors?: string[];
}): Promise<ContentTestNode> {
  const connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName(`content_${spec.code}`));
  const models = nodeModels(connection);
  await ensureIndexes(connection);
  const config = parseNodeConfig({
    code: spec.code,
    name: `${spec.code} 测试站`,
    tier: spec.tier,
    parent: spec.parent ?? null,
    port: 0,
    ...(spec.tier === 'city' ? {} : { cityUrl: 'http://127.0.0.1:9', registrationToken: 'djreg_test_token_not_used' }),
  });
  const ancestors = spec.ancestors ?? [];
  const network: NetworkView = {
    cityCode: () => (spec.tier === 'city' ? spec.code : (ancestors[ancestors.length - 1] ?? null)),
    ancestors: () => ancestors,
    verifyFrom: async () => false,
  } as NetworkView;
  const node: NodeContext = {
    config,
    log: createLogger({ test: 'content' }, 'silent'),
    connection,
    models,
    site: new SiteIdentity(config, 'http://127.0.0.1:9'),
    keyring: {} as NodeKeyring,
    network,
    catalog: new ArticleCatalog({
      texts: async (ids) => {
        const docs = await models.Article.find({ _id: { $in: ids } }, { bodyText: 1 }).lean();
        return new Map(docs.map((d) => [String(d._id), d.bodyText]));
      },
      article: (id) => models.Article.findById(id).lean<ArticleDoc>().exec(),
    }),
    now: () => new Date(),
  };
  return {
    node,
    connection,
    as(role, home) {
      const actor: Actor | null = role
        ? {
            accountId: `acct_${randomBytes(3).toString('hex')}`,
            username: `${role}_t`,
            name: `${role}测试`,
            role,
            node: home ?? spec.code,
            reviewLevel: 3,
          }
        : null;
      return { node, actor };
    },
    async close() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

let sequence = 0;

/** A published (or other status) article document, as the workflow would have stored it. */
export function articleDoc(node: string, fields: Partial<ArticleDoc> & { title: string; channel: string }): Omit<ArticleDoc, '_id'> {
  const at = fields.publishedAt ?? new Date(Date.UTC(2024, 0, 1) + ++sequence * 60_000);
  return {
    node,
    subtitle: null,
    author: null,
    officer: null,
    sourceUnit: null,
    tags: [],
    summary: null,
    body: `<p>${fields.bodyText ?? ''}</p>`,
    bodyText: '',
    coverImageId: null,
    attachmentIds: [],
    status: 'published',
    reviewLevel: null,
    reason: null,
    createdBy: 'acct_test',
    createdAt: at,
    updatedAt: at,
    publishedAt: fields.status && fields.status !== 'published' ? null : at,
    version: 1,
    revision: 0,
    viewCount: 0,
    transitions: [],
    sensitiveHits: [],
    importKey: null,
    ...fields,
  };
}
