import { randomUUID } from 'node:crypto';
import { hashPartnerKey } from '@djnet/shared';
import type { PartnerKeyDoc, PartnerKeyModel } from './partnerKeyModel';
import { parsePartnerKeyInput } from './partnerKeyInput';
import { newPartnerKey } from './partnerKeySecret';

export interface IssuedPartnerKey {
  /** The key in clear: shown once, never stored. */
  key: string;
  doc: PartnerKeyDoc;
}

/**
 * The city admin issues a partner (合作方) an API key: name, contact, requests per minute, allowed browser origins
 * and whether it may run only registered operations. Stores the key's hash and returns the key once.
 * Who may call this is the caller's business (the resolver requires a city admin).
 */
export async function issuePartnerKey(
  keys: PartnerKeyModel,
  input: unknown,
  issuedBy: string,
  now: Date = new Date(),
): Promise<IssuedPartnerKey> {
  const valid = parsePartnerKeyInput(input);
  const key = newPartnerKey();
  const doc: PartnerKeyDoc = {
    _id: randomUUID(),
    ...valid,
    keyHash: hashPartnerKey(key),
    keyPrefix: key.slice(0, 10),
    createdAt: now,
    createdBy: issuedBy,
    revokedAt: null,
    revokedBy: null,
  };
  await keys.create(doc);
  return { key, doc };
}
