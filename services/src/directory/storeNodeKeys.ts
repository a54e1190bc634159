import type { PublishedKey } from '../keys/nodeKeyring';
import type { DirectoryEntry, DirectoryKey, DirectoryModels } from './directoryModels';
import { serializedForNode } from './nodeWrites';

/**
 * Merges published keys into what the directory holds: new key ids are added, a key once retired stays retired,
 * and no key is ever dropped (a node that rotated still has its older signatures verified).
 */
export function mergeKeys(stored: readonly DirectoryKey[], incoming: readonly PublishedKey[]): { keys: DirectoryKey[]; changed: boolean } {
  const byId = new Map(stored.map((k) => [k.keyId, { ...k }]));
  let changed = false;
  for (const key of incoming) {
    const known = byId.get(key.keyId);
    if (!known) {
      byId.set(key.keyId, {
        keyId: key.keyId,
        publicKeyPem: key.publicKeyPem,
        createdAt: new Date(key.createdAt),
        retiredAt: key.retiredAt ? new Date(key.retiredAt) : null,
      });
      changed = true;
    } else if (!known.retiredAt && key.retiredAt) {
      known.retiredAt = new Date(key.retiredAt);
      changed = true;
    }
  }
  const keys = [...byId.values()].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  return { keys, changed };
}

const MAX_ATTEMPTS = 5;

/**
 * Stores a node's published keys in its directory entry (which must exist). Concurrent registrations of one
 * node cannot lose a key: the write is a compare-and-set on `keysRevision`, retried on conflict (atomic on
 * MongoDB), and writes for one node are serialized within the city's process (FerretDB v1 updates are not
 * atomic: see nodeWrites.ts). Keys are not a change for the gateway (nothing to recompose). Returns the keys
 * now stored.
 */
export function storeNodeKeys(models: DirectoryModels, code: string, incoming: readonly PublishedKey[]): Promise<DirectoryKey[]> {
  return serializedForNode(models, code, () => mergeStoredKeys(models, code, incoming));
}

/** storeNodeKeys for a caller already inside serializedForNode for this code. */
export async function mergeStoredKeys(models: DirectoryModels, code: string, incoming: readonly PublishedKey[]): Promise<DirectoryKey[]> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await models.DirectoryEntry.findOne({ code }, { keys: 1, keysRevision: 1 }).lean<
      Pick<DirectoryEntry, 'keys' | 'keysRevision'>
    >();
    if (!current) throw new Error(`目录中没有节点 ${code}`);
    const { keys, changed } = mergeKeys(current.keys ?? [], incoming);
    if (!changed) return keys;
    const revision = current.keysRevision ?? 0;
    const filter =
      revision === 0 ? { code, $or: [{ keysRevision: 0 }, { keysRevision: { $exists: false } }] } : { code, keysRevision: revision };
    const result = await models.DirectoryEntry.updateOne(filter, { $set: { keys, keysRevision: revision + 1 } });
    if (result.matchedCount === 1) return keys;
  }
  throw new Error(`节点 ${code} 的公钥并发更新冲突，请稍后重试`);
}
