import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Key id of a public key: the first 16 hex characters of the SHA-256 of its SPKI DER encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Reads an Ed25519 public key from PEM; null when the text is not one. */
export function parseEd25519PublicKey(pem: string): KeyObject | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** Verifies a base64url Ed25519 signature; false (never throws) for a malformed signature. */
export function verifyEd25519(publicKey: KeyObject, data: Buffer, signature: string): boolean {
  if (!/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  try {
    return verify(null, data, publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
