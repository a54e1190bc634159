import type { Connection } from 'mongoose';
import type { Logger, NodeConfig } from '@djnet/shared';
import type { PublishedCatalog } from '../catalog/publishedCatalog';
import type { NodeKeyring } from '../keys/nodeKeyring';
import type { NetworkView } from '../network/networkView';
import type { NodeModels } from './nodeModels';
import type { SiteIdentity } from './siteIdentity';

/** Everything a command needs about the node it runs on. Built once in startNode and passed down. */
export interface NodeContext {
  config: NodeConfig;
  log: Logger;
  connection: Connection;
  models: NodeModels;
  site: SiteIdentity;
  keyring: NodeKeyring;
  network: NetworkView;
  catalog: PublishedCatalog;
  now(): Date;
  /**
   * Tells the gateways that this node's public content changed, so they drop cached responses that read this
   * node (best effort, coalesced). Absent where no gateway is configured, e.g. in module tests.
   */
  publicContentChanged?(): void;
  /** Registers with the city again now (after a key rotation), instead of at the next heartbeat. */
  announce?(): Promise<void>;
}
