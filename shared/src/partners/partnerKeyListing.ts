import { createHash } from 'node:crypto';

/**
 * What the city tells gateways about partner keys (`GET /directory/partner-keys`): hashes, limits and flags,
 * never the keys themselves and never contact details. Keys are 192-bit random strings, so their SHA-256 cannot
 * be turned back into a key and the listing can be served like the subgraph listing.
 */
export interface ListedPartnerKey {
  id: string;
  name: string;
  /** SHA-256 of the key, hex. */
  keyHash: string;
  requestsPerMinute: number;
  /** Allowed browser origins (CORS); `*` allows any. */
  allowedOrigins: string[];
  allowListOnly: boolean;
  revoked: boolean;
}

export interface PartnerKeyListing {
  /** Changes whenever any listed field changes (the response's ETag). */
  etag: string;
  keys: ListedPartnerKey[];
}

/** Partner keys are sent in this header. */
export const PARTNER_KEY_HEADER = 'x-api-key';

/** SHA-256 of a partner key, hex: how the city stores it and how the gateway looks a presented key up. */
export function hashPartnerKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
