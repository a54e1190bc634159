"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.childItemId = void 0;
exports.openSyndicationTestNode = openSyndicationTestNode;
exports.itemPayload = itemPayload;
exports.eventFrom = eventFrom;
exports.articleOf = articleOf;
const node_crypto_1 = require("node:crypto");
const mongoose_1 = require("mongoose");
const src_1 = require("../../shared/src");
const articleIds_1 = require("../../services/src/articles/articleIds");
const loadCatalog_1 = require("../../services/src/catalog/loadCatalog");
const syncChannelTree_1 = require("../../services/src/channels/syncChannelTree");
const loadNodeKeyring_1 = require("../../services/src/keys/loadNodeKeyring");
const nodeModels_1 = require("../../services/src/node/nodeModels");
const siteIdentity_1 = require("../../services/src/node/siteIdentity");
const syndication_1 = require("../../services/src/syndication/syndication");
const testDatabase_1 = require("./testDatabase");
async function openSyndicationTestNode(spec, options = {}, databaseName = (0, testDatabase_1.uniqueDatabaseName)(`syn_${spec.code}`)) {
    const connection = await (0, src_1.openNodeDatabase)((0, testDatabase_1.testMongoUri)(), databaseName);
    const models = (0, nodeModels_1.nodeModels)(connection);
    await (0, src_1.ensureIndexes)(connection);
    await models.NodeSettings.updateOne({ _id: 'settings' }, { $setOnInsert: { reviewLevels: 1, sensitiveWords: [], sensitiveWordsUpdatedAt: null, updatedAt: new Date() } }, { upsert: true });
    await (0, syncChannelTree_1.seedSharedChannels)(models, new Date());
    const config = (0, src_1.parseNodeConfig)({
        code: spec.code,
        name: `${spec.code} 测试站`,
        tier: spec.tier,
        parent: spec.parent ?? null,
        port: 0,
        syndicationPullSeconds: 3600,
        ...(spec.tier === 'city' ? {} : { cityUrl: 'http://127.0.0.1:9', registrationToken: 'djreg_test_token_not_used' }),
        ...spec.config,
    });
    const network = { cityCode: () => 'laibin', ancestors: () => [], verifyFrom: async () => false };
    const node = {
        config,
        log: (0, src_1.createLogger)({ test: 'syndication' }, 'silent'),
        connection,
        models,
        site: new siteIdentity_1.SiteIdentity(config, 'http://127.0.0.1:9'),
        keyring: await (0, loadNodeKeyring_1.loadNodeKeyring)(models.NodeKey, () => new Date()),
        network,
        catalog: await (0, loadCatalog_1.loadCatalog)(models, { refreshMs: 0 }),
        now: () => new Date(),
    };
    let syndication = new syndication_1.Syndication(node, options);
    await syndication.start();
    const handle = {
        node,
        connection,
        databaseName,
        get syndication() {
            return syndication;
        },
        as(role, name) {
            const actor = role
                ? { accountId: `acct_${(0, node_crypto_1.randomBytes)(3).toString('hex')}`, username: `${role}_t`, name: name ?? `${role}测试`, role, node: spec.code, reviewLevel: 3 }
                : null;
            return { node, actor };
        },
        async restart(restartOptions = options) {
            await syndication.stop();
            syndication = new syndication_1.Syndication(node, restartOptions);
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
function itemPayload(from, title, over = {}) {
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
            origin: { node: from, name: `${from} 站`, tier: 'township', officer: '李信息员', id: `${from}:000000000000000000000000`, publishedAt: null },
            hops: [],
        },
        ...over,
    };
}
let seq = 0;
/** An event as read from a peer (handlers do not check signatures: the edge puller does). */
function eventFrom(from, kind, fields) {
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
const childItemId = (child) => (0, articleIds_1.globalArticleId)(child, new mongoose_1.Types.ObjectId());
exports.childItemId = childItemId;
async function articleOf(t, id) {
    return t.node.models.Article.findById(id).lean();
}
//# sourceMappingURL=syndicationNode.js.map