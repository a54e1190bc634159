import { notFound } from '@djnet/shared';
import type { PartnerKeyDoc, PartnerKeyModel } from './partnerKeyModel';

/**
 * The city admin revokes a partner key. Revoking an already revoked key changes nothing and returns it as it is
 * (the first revocation's time and author stand). Gateways stop accepting the key at their next refresh of the
 * key listing (at once when the city pokes them).
 */
export async function revokePartnerKey(
  keys: PartnerKeyModel,
  id: string,
  revokedBy: string,
  now: Date = new Date(),
): Promise<PartnerKeyDoc> {
  await keys.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: now, revokedBy } });
  const doc = await keys.findById(id).lean<PartnerKeyDoc>();
  if (!doc) throw notFound(`合作方密钥不存在：${id}`);
  return doc;
}
