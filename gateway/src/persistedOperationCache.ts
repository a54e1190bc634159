import { LruMap } from './lruMap';
import type { OperationManifest } from './operationManifest';

/**
 * The store behind automatic persisted queries (APQ). Registered operations are always there (a client may send
 * only their hash, with no first round trip); what clients register at run time is kept in a bounded LRU.
 * Apollo Server prefixes keys with `apq:`. (Apollo's KeyValueCache<string>, structurally.)
 */
export class PersistedOperationCache {
  private readonly registered: LruMap<string, string>;

  constructor(
    private readonly manifest: OperationManifest,
    maxEntries = 10_000,
  ) {
    this.registered = new LruMap(maxEntries);
  }

  async get(key: string): Promise<string | undefined> {
    const hash = key.startsWith('apq:') ? key.slice(4) : key;
    return this.manifest.get(hash)?.body ?? this.registered.get(hash);
  }

  async set(key: string, value: string): Promise<void> {
    const hash = key.startsWith('apq:') ? key.slice(4) : key;
    if (!this.manifest.get(hash)) this.registered.set(hash, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.registered.delete(key.startsWith('apq:') ? key.slice(4) : key);
  }
}
