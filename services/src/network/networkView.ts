/**
 * What a node knows of the network beyond itself: the city (learned at registration), its ancestors, and the
 * published keys of other nodes (read from the city directory and cached).
 */
export interface NetworkView {
  /** The city's node code; null until the node has registered once. */
  cityCode(): string | null;
  /** Codes of the nodes above this one, nearest first (a township: [county, city]). */
  ancestors(): string[];
  /**
   * Verifies a signature made by another node's key (looked up in the city directory). False for a bad
   * signature or a key the directory does not hold; rejects with KeyLookupFailed when the keys cannot be read
   * now (city unreachable and nothing cached, or the node is listed but its keys are not stored yet), so callers
   * can retry instead of treating it as forged.
   */
  verifyFrom(node: string, keyId: string, data: Buffer, signature: string): Promise<boolean>;
}

/** The city directory could not be asked for a node's keys (unreachable, or answered with an error). */
export class KeyLookupFailed extends Error {
  constructor(
    readonly node: string,
    reason: string,
  ) {
    super(`无法读取节点 ${node} 的公钥：${reason}`);
    this.name = 'KeyLookupFailed';
  }
}
