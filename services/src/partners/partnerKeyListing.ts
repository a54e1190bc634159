import { createHash } from 'node:crypto';
import type { ListedPartnerKey, PartnerKeyListing } from '@djnet/shared';
import type { PartnerKeyDoc, PartnerKeyModel } from './partnerKeyModel';

/** Every key (revoked ones flagged) as gateways need it: hashes, limits, origins, flags; no contact details. */
export async function listPartnerKeys(keys: PartnerKeyModel): Promise<PartnerKeyListing> {
  const docs = await keys.find({}).sort({ createdAt: 1, _id: 1 }).lean<PartnerKeyDoc[]>();
  const listed: ListedPartnerKey[] = docs.map((d) => ({
    id: d._id,
    name: d.name,
    keyHash: d.keyHash,
    requestsPerMinute: d.requestsPerMinute,
    allowedOrigins: d.allowedOrigins,
    allowListOnly: d.allowListOnly,
    revoked: d.revokedAt !== null,
  }));
  const etag = `"${createHash('sha256').update(JSON.stringify(listed)).digest('base64url').slice(0, 27)}"`;
  return { etag, keys: listed };
}
