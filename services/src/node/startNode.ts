import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Connection } from 'mongoose';
import {
  closeServer,
  defaultBaseUrl,
  ensureIndexes,
  listen,
  openNodeDatabase,
  startDatabaseServer,
  type DatabaseServer,
  type Logger,
  type NodeConfig,
} from '@djnet/shared';
import { sensitiveWordRoutes } from '../articles/sensitiveWordRoutes';
import { startSensitiveWordSync, syncSensitiveWordsOnce } from '../articles/syncSensitiveWords';
import { loadCatalog } from '../catalog/loadCatalog';
import { channelTreeRoutes } from '../channels/channelTreeRoutes';
import { syncChannelTree } from '../channels/syncChannelTree';
import { faviconRoute } from '../site/favicon';
import { directoryModels, type DirectoryModels } from '../directory/directoryModels';
import { directoryRoutes } from '../directory/directoryRoutes';
import { notifyGateways, type GatewayLink } from '../directory/notifyGateways';
import { registerCity, childrenOf, peerUrlsOf } from '../directory/registerNode';
import { buildNodeSchema } from '../graphql/buildNodeSchema';
import { createNodeApp } from '../http/createNodeApp';
import { loadNodeKeyring } from '../keys/loadNodeKeyring';
import { mediaRoutes } from '../media/mediaRoutes';
import { partnerKeyModel } from '../partners/partnerKeyModel';
import { partnerRoutes } from '../partners/partnerRoutes';
import { createNetworkView } from '../network/directoryNetworkView';
import { CityRegistration } from '../registration/registerWithCity';
import { registrationPayload } from '../registration/registrationPayload';
import { ensureNodeSettings } from '../settings/ensureNodeSettings';
import { startSite } from '../site/startSite';
import { Syndication } from '../syndication/syndication';
import { officerRoutes } from '../officers/officerRoutes';
import { startOfficers } from '../officers/officersRuntime';
import { newspaperRoutes } from '../newspaper/newspaperRoutes';
import { newspaperConsoleRoutes } from '../newspaper/newspaperConsoleRoutes';
import { startNewspaper } from '../newspaper/newspaperRuntime';
import { readersConsoleRoutes } from '../readers/readersConsoleRoutes';
import { startReaders } from '../readers/readersRuntime';
import { readersSiteRoutes } from '../readers/readersSiteRoutes';
import { syndicationRoutes } from '../syndication/syndicationRoutes';
import { partnersConsoleRoutes } from '../console/partnersConsole';
import { syndicationConsoleRoutes } from '../console/syndicationConsole';
import { officersConsoleRoutes } from '../console/officersConsole';
import { importConsoleRoutes } from '../console/importConsole';
import type { NodeContext } from './nodeContext';
import { nodeModels } from './nodeModels';
import { SiteIdentity } from './siteIdentity';
import { contentChangeNotifier } from './notifyContentChanged';

export interface RunningNode {
  config: NodeConfig;
  /** Public base URL (the subgraph is at `${url}/graphql`). */
  url: string;
  port: number;
  connection: Connection;
  context: NodeContext;
  directory?: DirectoryModels;
  /** The node's syndication (outbox relay, edges, adoption queue). */
  syndication: Syndication;
  stop(): Promise<void>;
}

/**
 * Brings one node up: its database (MONGODB_URI or the embedded server), models and indexes, keys, settings,
 * channel tree and catalog, subgraph and HTTP server; the city enters itself in its directory, other nodes
 * register with the city and keep a heartbeat. Rejects with a clear error when the config cannot work (port
 * taken, registration refused).
 */
export async function startNode(config: NodeConfig, log: Logger): Promise<RunningNode> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch((e: Error) => log.warn({ err: e.message }, 'cleanup failed'));
  };
  try {
    const dbServer: DatabaseServer = await startDatabaseServer({
      mongodbUri: config.mongodbUri,
      dataDir: join(config.dataDir, 'ferretdb'),
      log,
    });
    cleanups.push(() => dbServer.stop());
    const connection = await openNodeDatabase(dbServer.uri, config.databaseName);
    cleanups.push(() => connection.close());

    const isCity = config.tier === 'city';
    const gateways: GatewayLink = { urls: config.gatewayNotifyUrls, token: config.gatewayNotifyToken };
    const now = () => new Date();
    const models = nodeModels(connection);
    const directory = isCity ? directoryModels(connection) : undefined;
    const partnerKeys = isCity ? partnerKeyModel(connection) : undefined;
    const partners = partnerKeys && { keys: partnerKeys, keysChanged: () => notifyGateways(gateways, log) };
    await ensureIndexes(connection);
    await ensureNodeSettings(models, config.tier, now());

    const network = createNetworkView(config, log, { directory });
    const catalog = await loadCatalog(models, { log });
    cleanups.push(() => catalog.stop());
    const node: NodeContext = {
      config,
      log,
      connection,
      models,
      site: new SiteIdentity(config, config.publicBaseUrl ?? ''),
      keyring: await loadNodeKeyring(models.NodeKey, now),
      network,
      catalog,
      now,
      publicContentChanged: contentChangeNotifier(config.code, gateways, log),
    };
    const staleAfterMs = config.staleAfterSeconds * 1000;
    const schema = buildNodeSchema({
      node,
      directory: directory && { models: directory, staleAfterMs },
      partners,
    });
    const syndication = new Syndication(node);
    const routers = [faviconRoute(), mediaRoutes(node), syndicationRoutes(syndication)];
    routers.push(officerRoutes(node));
    // The newspaper desk (报纸): issue exports and distribution CSV (services/src/newspaper).
    routers.push(newspaperRoutes(node), newspaperConsoleRoutes(node));
    // The public site (the city's is the portal): pages, feeds, sitemap (services/src/site).
    const site = await startSite(node);
    cleanups.push(() => site.stop());
    // Readers (topics, contests, comments, visit statistics): hooks into the site's page views; its routes go first.
    const readers = await startReaders(node, { children: () => syndication.peerInfo().children });
    cleanups.push(() => readers.stop());
    routers.push(readersSiteRoutes(node), readersConsoleRoutes(node));
    routers.push(site.router);
    if (directory) {
      routers.unshift(directoryRoutes({ models: directory, staleAfterMs, gateways, log, node }));
      routers.push(sensitiveWordRoutes(node, directory));
    }
    if (partnerKeys) routers.unshift(partnerRoutes(partnerKeys));
    // The console's operations areas: syndication status and replays, officers, imports; the city's partner keys.
    routers.push(syndicationConsoleRoutes(node), officersConsoleRoutes(node), importConsoleRoutes(node));
    if (partners) routers.push(partnersConsoleRoutes(node, partners));
    if (isCity) {
      // The shared tree is complete before anyone can read it: over HTTP (the route below) or as a down event (the
      // relay reads it at start). Seeded while being read, a first start sent a partial tree as revision 1, and
      // every node retired the channels it lacked until revision 2 arrived.
      const treeSync = await syncChannelTree(node);
      cleanups.push(() => treeSync.stop());
      routers.push(channelTreeRoutes(node));
    }
    const { app, apollo } = await createNodeApp({ node, schema, routers });
    cleanups.push(() => apollo.stop());
    const { server, port } = await listen(app, config.host, config.port, `节点 ${config.code}`);
    cleanups.push(() => closeServer(server as Server));
    const url = config.publicBaseUrl ?? defaultBaseUrl(config.host, port);
    node.site.url = url;
    // Recovers the outbox (relays what a crash left pending) before the node registers and is pulled from.
    await syndication.start();
    cleanups.push(() => syndication.stop());
    // Officers (信息员): finishes a monthly run a crash interrupted, then the daily schedule.
    const officers = await startOfficers(node, { children: () => syndication.peerInfo().children });
    cleanups.push(() => officers.stop());
    // The newspaper: the city's daily subscription reminders (催订).
    const newspaper = startNewspaper(node);
    cleanups.push(() => newspaper.stop());

    if (directory) {
      network.learnCity(config.code);
      const refreshDirectory = async () => {
        await registerCity(directory, registrationPayload(node, url));
        node.site.setChildren(await childrenOf(directory, config.code));
        syndication.setPeers(await peerUrlsOf(directory, config.code));
      };
      await refreshDirectory();
      node.announce = refreshDirectory;
      syndication.refreshPeers = refreshDirectory;
      syndication.sharedStateChanged(); // the seeded tree goes down the tiers
      const refresh = setInterval(
        () => void refreshDirectory().catch((e: Error) => log.warn({ err: e.message }, '刷新目录失败')),
        config.heartbeatSeconds * 1000,
      );
      refresh.unref();
      cleanups.push(() => clearInterval(refresh));
    } else {
      const registration = new CityRegistration(
        config.cityUrl!,
        config.registrationToken!,
        () => registrationPayload(node, url),
        config.heartbeatSeconds * 1000,
        log,
        ({ children, cityCode, peers }) => {
          node.site.setChildren(children);
          if (cityCode) network.learnCity(cityCode);
          if (peers) syndication.setPeers(peers);
        },
        () => undefined,
      );
      cleanups.push(() => registration.stop());
      node.announce = () => registration.registerNow();
      const outcome = await registration.start();
      log.info({ outcome }, outcome === 'registered' ? '已在市级目录注册' : '市级节点暂不可达，将继续尝试注册');
      // Never rejects for an unreachable city: it logs and keeps retrying.
      const treeSync = await syncChannelTree(node);
      cleanups.push(() => treeSync.stop());
      await syncSensitiveWordsOnce(node);
      cleanups.push(startSensitiveWordSync(node));
    }

    log.info({ node: config.code, tier: config.tier, url, database: config.databaseName }, '节点已启动');
    return { config, url, port, connection, context: node, directory, syndication, stop: cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
