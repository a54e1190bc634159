/** A public key as published in the city directory. */
export interface PublishedKey {
  keyId: string;
  publicKeyPem: string;
  createdAt: string;
  retiredAt: string | null;
}

/**
 * The node's Ed25519 keys (generated on first start, kept in the node's database). The newest unretired key
 * signs; older keys stay published so what they signed can still be verified after a rotation.
 */
export interface NodeKeyring {
  activeKeyId(): string;
  /** Signs bytes with the active key: base64url signature and the key id that made it. */
  sign(data: Buffer): { keyId: string; signature: string };
  /** Verifies a signature made by one of this node's own keys. */
  verifyOwn(keyId: string, data: Buffer, signature: string): boolean;
  /** Every key's public half, for registration with the city directory. */
  publishedKeys(): PublishedKey[];
  /** Makes a new active key and retires the previous one (which stays published). Returns the new key id. */
  rotate(): Promise<string>;
}
