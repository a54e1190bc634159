import type { Model } from 'mongoose';
import type { NodeKeyDoc } from './nodeKeyModel';
import type { NodeKeyring } from './nodeKeyring';

/** Loads the node's keys from its database, generating the first key on first start. (helper-owned: accounts/auth) */
export async function loadNodeKeyring(_keys: Model<NodeKeyDoc>, _now: () => Date): Promise<NodeKeyring> {
  throw new Error('loadNodeKeyring: not implemented yet');
}
