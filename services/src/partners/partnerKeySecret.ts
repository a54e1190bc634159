import { randomBytes } from 'node:crypto';

/** Every partner key starts with this, so a leaked key is recognisable in logs and by secret scanners. */
export const PARTNER_KEY_PREFIX = 'djpk_';

/** A new partner key: 192 random bits (hashed for storage with `hashPartnerKey` from @djnet/shared). */
export function newPartnerKey(): string {
  return PARTNER_KEY_PREFIX + randomBytes(24).toString('base64url');
}
