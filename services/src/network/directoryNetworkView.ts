import type { KeyObject } from 'node:crypto';
import type { Logger, NodeConfig } from '@djnet/shared';
import { readNodeKeys } from '../directory/directoryKeys';
import type { DirectoryModels } from '../directory/directoryModels';
import { keyIdOf, parseEd25519PublicKey, verifyEd25519 } from '../keys/ed25519';
import type { PublishedKey } from '../keys/nodeKeyring';
import { KeyLookupFailed, type NetworkView } from './networkView';

export interface NetworkViewOptions {
  /** The city's own directory: the city looks keys up locally instead of over HTTP. */
  directory?: DirectoryModels;
  /** How long a node's keys are trusted from cache before they are read again. */
  keyTtlMs?: number;
  /**
   * At most one re-read per node within this time for an unknown key id, so forged key ids cannot flood the city
   * (default 5 s over HTTP, none on the city itself).
   */
  refetchIntervalMs?: number;
  fetchTimeoutMs?: number;
  now?: () => number;
}

interface CachedKeys {
  keys: Map<string, KeyObject>;
  /** The directory lists the node but holds no key for it yet (its registration is still storing them). */
  awaitingKeys: boolean;
  fetchedAt: number;
}

/** Keys read from the directory, checked again here: the id must be the key's own digest. */
function usableKeys(published: readonly PublishedKey[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const k of published) {
    const key = parseEd25519PublicKey(k.publicKeyPem);
    if (key && keyIdOf(key) === k.keyId) keys.set(k.keyId, key);
  }
  return keys;
}

/**
 * NetworkView backed by the city directory: over HTTP (`GET <cityUrl>/directory/keys/<code>`) on counties and
 * townships, from the local directory on the city. Keys are cached for a short time; a key id not in the cache
 * makes one re-read (a node that just rotated), rate-limited per node.
 */
export function createNetworkView(
  config: NodeConfig,
  log: Logger,
  options: NetworkViewOptions = {},
): NetworkView & { learnCity(code: string): void } {
  const keyTtlMs = options.keyTtlMs ?? 60_000;
  // Over HTTP a re-read costs the city a request; the city's own directory is a small local collection.
  const refetchIntervalMs = options.refetchIntervalMs ?? (options.directory ? 0 : 5_000);
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 3_000;
  const clock = options.now ?? Date.now;
  let city: string | null = config.tier === 'city' ? config.code : null;
  const cache = new Map<string, CachedKeys>();
  const inFlight = new Map<string, Promise<CachedKeys>>();

  /** The node's published keys; null when the directory does not list the node. */
  async function lookUp(code: string): Promise<PublishedKey[] | null> {
    if (options.directory) return (await readNodeKeys(options.directory, code))?.keys ?? null;
    if (!config.cityUrl) throw new KeyLookupFailed(code, '未配置市级节点地址');
    const response = await fetch(`${config.cityUrl}/directory/keys/${encodeURIComponent(code)}`, {
      signal: AbortSignal.timeout(fetchTimeoutMs),
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new KeyLookupFailed(code, `市级目录返回 HTTP ${response.status}`);
    const body = (await response.json()) as { keys?: PublishedKey[] };
    return Array.isArray(body.keys) ? body.keys : [];
  }

  function refresh(code: string): Promise<CachedKeys> {
    const pending = inFlight.get(code);
    if (pending) return pending;
    const started = (async () => {
      try {
        const published = await lookUp(code);
        const entry = { keys: usableKeys(published ?? []), awaitingKeys: published !== null && published.length === 0, fetchedAt: clock() };
        cache.set(code, entry);
        return entry;
      } catch (e) {
        const failure = e instanceof KeyLookupFailed ? e : new KeyLookupFailed(code, (e as Error).message);
        log.warn({ node: code, err: failure.message }, '无法从市级目录读取节点公钥');
        throw failure;
      } finally {
        inFlight.delete(code);
      }
    })();
    inFlight.set(code, started);
    return started;
  }

  async function keyFor(code: string, keyId: string): Promise<KeyObject | undefined> {
    let cached = cache.get(code);
    if (!cached || clock() - cached.fetchedAt > keyTtlMs) {
      try {
        cached = await refresh(code);
      } catch (e) {
        // The city is unreachable: keys already known still verify (keys are never withdrawn).
        if (!cached) throw e;
      }
    }
    // A key id not known here may be a rotation: if the directory cannot be asked now, that is KeyLookupFailed
    // (retry later), never a verdict of forgery.
    if (!cached.keys.has(keyId) && clock() - cached.fetchedAt >= refetchIntervalMs) cached = await refresh(code);
    // Listed but without keys: its registration has not finished storing them. Not a forgery: ask again later.
    if (cached.awaitingKeys) throw new KeyLookupFailed(code, '目录中尚无该节点的公钥（注册尚未完成）');
    return cached.keys.get(keyId);
  }

  return {
    cityCode: () => city,
    ancestors: () => [...new Set([config.parent, city])].filter((c): c is string => c !== null && c !== config.code),
    learnCity(code: string) {
      city = code;
    },
    async verifyFrom(node, keyId, data, signature) {
      const key = await keyFor(node, keyId);
      return !!key && verifyEd25519(key, data, signature);
    },
  };
}
