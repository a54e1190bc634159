import type { Logger, NodeConfig } from '@djnet/shared';
import type { NetworkView } from './networkView';

/** NetworkView backed by the city directory over HTTP, with a key cache. (helper-owned: accounts/auth) */
export function createNetworkView(_config: NodeConfig, _log: Logger): NetworkView & { learnCity(code: string): void } {
  throw new Error('createNetworkView: not implemented yet');
}
