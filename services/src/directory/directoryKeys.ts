import { z } from 'zod';
import { keyIdOf, parseEd25519PublicKey } from '../keys/ed25519';
import type { PublishedKey } from '../keys/nodeKeyring';
import type { DirectoryEntry, DirectoryKey, DirectoryModels } from './directoryModels';

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), '须为 ISO 8601 时间');

/** A key as a node publishes it at registration: an Ed25519 public key whose id matches its SPKI digest. */
export const publishedKeySchema = z
  .object({
    keyId: z.string().regex(/^[0-9a-f]{16}$/, '密钥 ID 须为 16 位十六进制'),
    publicKeyPem: z.string().max(1024),
    createdAt: isoDate,
    retiredAt: isoDate.nullable(),
  })
  .refine(
    (k) => {
      const key = parseEd25519PublicKey(k.publicKeyPem);
      return !!key && keyIdOf(key) === k.keyId;
    },
    { message: '须为 Ed25519 公钥（PEM），且密钥 ID 与公钥相符', path: ['publicKeyPem'] },
  );

export function publishedKeyView(key: DirectoryKey): PublishedKey {
  return {
    keyId: key.keyId,
    publicKeyPem: key.publicKeyPem,
    createdAt: new Date(key.createdAt).toISOString(),
    retiredAt: key.retiredAt ? new Date(key.retiredAt).toISOString() : null,
  };
}

/** The key a node signs with now: its newest unretired key. */
export function activeKeyPem(keys: readonly DirectoryKey[] | undefined): string | null {
  const active = (keys ?? []).filter((k) => !k.retiredAt).sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
  return active[0]?.publicKeyPem ?? null;
}

/** Every key the directory holds for a node (retired ones included); null for a code it does not know. */
export async function readNodeKeys(models: DirectoryModels, code: string): Promise<{ code: string; keys: PublishedKey[] } | null> {
  const entry = await models.DirectoryEntry.findOne({ code }, { code: 1, keys: 1 }).lean<Pick<DirectoryEntry, 'code' | 'keys'>>();
  if (!entry) return null;
  return { code: entry.code, keys: (entry.keys ?? []).map(publishedKeyView) };
}
