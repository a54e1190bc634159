import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'djreg_';

export function newRegistrationToken(): string {
  return PREFIX + randomBytes(24).toString('base64url');
}

/** Tokens are random (192 bits), so a fast hash is enough: nothing to brute-force. */
export function hashRegistrationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenMatchesHash(token: string, hash: string): boolean {
  const a = Buffer.from(hashRegistrationToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
