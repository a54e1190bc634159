import { hashPartnerKey, type ListedPartnerKey, type Logger, type PartnerKeyListing } from '@djnet/shared';

export type KeyLookup =
  | { status: 'active'; key: ListedPartnerKey }
  | { status: 'revoked'; key: ListedPartnerKey }
  | { status: 'unknown' }
  /** No listing read from the city yet (the gateway just started and the city has not answered). */
  | { status: 'not-loaded' };

/**
 * The partner keys as the city lists them (`GET /directory/partner-keys`: hashes, limits, origins, flags). The
 * gateway keeps no database: it re-reads the listing with every directory poll and at once when the city pokes
 * it (after a key is issued or revoked), with an ETag so an unchanged listing costs a 304. If the city cannot be
 * reached the last listing stays in force. A presented key is looked up by its SHA-256.
 */
export class PartnerKeyRegistry {
  private byHash = new Map<string, ListedPartnerKey>();
  private etag: string | undefined;
  private refreshing: Promise<void> | undefined;
  private anyOriginCache: Set<string> | null = null;
  loaded = false;
  lastError: string | null = null;

  constructor(
    private readonly cityUrl: string,
    private readonly log: Logger,
    private readonly onChange?: (keys: ListedPartnerKey[]) => void,
  ) {}

  get count(): number {
    return [...this.byHash.values()].filter((k) => !k.revoked).length;
  }

  lookup(presented: string): KeyLookup {
    if (!this.loaded) return { status: 'not-loaded' };
    const key = this.byHash.get(hashPartnerKey(presented));
    if (!key) return { status: 'unknown' };
    return key.revoked ? { status: 'revoked', key } : { status: 'active', key };
  }

  /** Origins some active key allows (answering a browser's preflight, which carries no key). */
  originAllowedByAnyKey(origin: string): boolean {
    if (!this.anyOriginCache) {
      this.anyOriginCache = new Set([...this.byHash.values()].filter((k) => !k.revoked).flatMap((k) => k.allowedOrigins));
    }
    return this.anyOriginCache.has(origin) || this.anyOriginCache.has('*');
  }

  /** Re-reads the listing; concurrent calls share one request. Never rejects. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce()
      .catch((e: Error) => {
        this.lastError = e.message;
        this.log.warn({ err: e.message }, '读取合作方密钥列表失败，继续使用当前列表');
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const response = await fetch(`${this.cityUrl}/directory/partner-keys`, {
      headers: this.etag && this.loaded ? { 'if-none-match': this.etag } : {},
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status === 304) return;
    if (response.status === 404) {
      // A city without partner keys (older version): nobody has a key yet.
      this.replace({ etag: '', keys: [] });
      return;
    }
    if (!response.ok) throw new Error(`市级节点返回 HTTP ${response.status}`);
    this.replace((await response.json()) as PartnerKeyListing);
  }

  /** Replaces the listing (also used by tests). */
  replace(listing: PartnerKeyListing): void {
    this.byHash = new Map(listing.keys.map((k) => [k.keyHash, k]));
    this.anyOriginCache = null;
    this.etag = listing.etag;
    const first = !this.loaded;
    this.loaded = true;
    this.lastError = null;
    if (first) this.log.info({ keys: this.count }, '已读取合作方密钥列表');
    this.onChange?.(listing.keys);
  }
}
