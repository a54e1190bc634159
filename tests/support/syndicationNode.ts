import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { createLogger, ensureIndexes, openNodeDatabase, parseNodeConfig, type NodeConfigInput, type Tier } from '../../shared/src';
import type { Actor } from '../../services/src/accounts/actor';
import { globalArticleId } from '../../services/src/articles/articleIds';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { loadCatalog } from '../../services/src/catalog/loadCatalog';
import { seedSharedChannels } from '../../services/src/channels/syncChannelTree';
import type { RequestContext } from '../../services/src/graphql/requestContext';
import { loadNodeKeyring } from '../../services/src/keys/loadNodeKeyring';
import type { NetworkView } from '../../services/src/network/networkView';
import type { NodeContext } from '../../services/src/node/nodeContext';
import { nodeModels } from '../../services/src/node/nodeModels';
import { SiteIdentity } from '../../services/src/node/siteIdentity';
import { Syndication, type SyndicationOptions } from '../../services/src/syndication/syndication';
import type { ItemPayload, SyndicationEvent } from '../../services/src/syndication/syndicationTypes';
import { testMongoUri, uniqueDatabaseName } from './testDatabase';

/**
 * One node's context and syndication on a real database of its own, without HTTP or registration: for testing
 * the relay and the event handlers directly. The shared channel tree is seeded; edges are pulled by nobody (no
 * peers), so events are applied by calling the handlers.
 */
export interface SyndicationTestNode {
  node: NodeContext;
  syndication: Syndication;
  connection: Connection;
  databaseName: string;
  as(role: Actor['role'] | null, name?: string): RequestContext;
  /** Stops the syndication (as a crash would leave the database) and starts a fresh one on the same database. */
  restart(options?: SyndicationOptions): Promise<Syndication>;
  close(): Promise<void>;
}

export async function openSyndicationTestNode(
  spec: { code: string; tier: Tier; parent?: string | null; config?: Partial<NodeConfigInput> },
  options: SyndicationOptions = {},
  databaseName = uniqueDatabaseName(`syn_${spec.code}`),
): Promise<SyndicationTestNode> {
  const connection = await openNodeDatabase(testMongoUri(), databaseName);
  const models = nodeModels(connection);
  await ensureIndexes(connection);
  await models.NodeSettings.updateOne(
    { _id: 'settings' },
    { $setOnInsert: { reviewLevels: 1, sensitiveWords: [], sensitiveWordsUpdatedAt: null, updatedAt: new Date() } },
    { upsert: true },
  );
  await seedSharedChannels(models, new Date());
  const config = parseNodeConfig({
    code: spec.code,
    name: `${spec.code} 测试站`,
    tier: spec.tier,
    parent: spec.parent ?? null,
    port: 0,
    syndicationPullSeconds: 3600,
    ...(spec.tier === 'city' ? {} : { cityUrl: 'http://127.0.0.1:9', registrationToken: 'djreg_test_token_not_used' }),
    ...spec.config,
  });
  const network: NetworkView = { cityCode: () => 'laibin', ancestors: () => [], verifyFrom: async () => false };
  const node: NodeContext = {
    config,
    log: createLogger({ test: 'syndication' }, 'silent'),
    connection,
    models,
    site: new SiteIdentity(config, 'http://127.0.0.1:9'),
    keyring: await loadNodeKeyring(models.NodeKey, () => new Date()),
    network,
    catalog: await loadCatalog(models, { refreshMs: 0 }),
    now: () => new Date(),
  };
  let syndication = new Syndication(node, options);
  await syndication.start();
  const handle: SyndicationTestNode = {
    node,
    connection,
    databaseName,
    get syndication() {
      return syndication;
    },
    as(role, name) {
      const actor: Actor | null = role
        ? {
            accountId: `acct_${randomBytes(3).toString('hex')}`,
            username: `${role}_t`,
            name: name ?? `${role}测试`,
            role,
            node: spec.code,
            reviewLevel: 3,
          }
        : null;
      return { node, actor };
    },
    async restart(restartOptions = options) {
      await syndication.stop();
      syndication = new Syndication(node, restartOptions);
      await syndication.start();
      return syndication;
    },
    async close() {
      await syndication.stop();
      await connection.dropDatabase();
      await connection.close();
    },
  };
  return handle;
}

/** The payload of an item as a child would send it. */
export function itemPayload(from: string, title: string, over: Partial<ItemPayload> = {}): ItemPayload {
  return {
    title,
    subtitle: null,
    author: '李作者',
    officer: '李信息员',
    sourceUnit: null,
    channel: 'dangjian',
    tags: ['党建'],
    summary: null,
    body: `<p>${title}</p>`,
    publishedAt: new Date().toISOString(),
    coverImage: null,
    attachments: [],
    provenance: {
      origin: {
        node: from,
        name: `${from} 站`,
        tier: 'township',
        officer: '李信息员',
        id: `${from}:000000000000000000000000`,
        publishedAt: null,
      },
      hops: [],
    },
    ...over,
  };
}

let seq = 0;

/** An event as read from a peer (handlers do not check signatures: the edge puller does). */
export function eventFrom(
  from: string,
  kind: string,
  fields: Partial<SyndicationEvent> & { payload: Record<string, unknown> },
): SyndicationEvent {
  return {
    seq: ++seq,
    stream: ['published', 'updated', 'retracted'].includes(kind) ? 'up' : 'down',
    kind,
    key: `${kind}:${seq}`,
    itemId: null,
    version: 1,
    origin: from,
    to: null,
    createdAt: new Date().toISOString(),
    keyId: '0000000000000000',
    signature: '',
    ...fields,
  };
}

/** A fresh item id of a child node. */
export const childItemId = (child: string) => globalArticleId(child, new Types.ObjectId());

export async function articleOf(t: SyndicationTestNode, id: unknown): Promise<ArticleDoc | null> {
  return t.node.models.Article.findById(id).lean<ArticleDoc>();
}
