/**
 * What a node knows of the network beyond itself: the city (learned at registration), its ancestors, and the
 * published keys of other nodes (read from the city directory and cached).
 */
export interface NetworkView {
  /** The city's node code; null until the node has registered once. */
  cityCode(): string | null;
  /** Codes of the nodes above this one, nearest first (a township: [county, city]). */
  ancestors(): string[];
  /** Verifies a signature made by another node's key (looked up in the city directory). */
  verifyFrom(node: string, keyId: string, data: Buffer, signature: string): Promise<boolean>;
}
