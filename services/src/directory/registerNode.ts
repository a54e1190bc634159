import { parse } from 'graphql';
import { z } from 'zod';
import { badInput, forbidden, nodeCodeSchema, TIERS, unauthenticated } from '@djnet/shared';
import { publishedKeySchema } from './directoryKeys';
import type { DirectoryEntry, DirectoryModels } from './directoryModels';
import { dropSdl, sdlHashOf, storeSdl } from './directorySdl';
import { serializedForNode } from './nodeWrites';
import { mergeKeys, mergeStoredKeys } from './storeNodeKeys';
import { tokenMatchesHash } from './registrationToken';

const MAX_SDL_CHARS = 512 * 1024;

export const registrationSchema = z.object({
  code: nodeCodeSchema,
  name: z.string().trim().min(1).max(60),
  tier: z.enum(TIERS),
  parent: nodeCodeSchema.nullable(),
  url: z.string().refine((v) => URL.canParse(v) && /^https?:/.test(v), '须为 http(s) 地址'),
  schemaLevel: z.number().int().min(1).max(1000),
  sdlByLevel: z.record(z.string().regex(/^\d+$/), z.string().min(1).max(MAX_SDL_CHARS)),
  /** The node's Ed25519 keys (active and retired); merged into the directory, never dropped. */
  publicKeys: z.array(publishedKeySchema).max(100).optional(),
});
export type Registration = z.infer<typeof registrationSchema>;

export interface RegistrationResult {
  entry: DirectoryEntry;
  /**
   * True when the gateway has something new to compose (new node, new URL or SDL, or a node back from leaving).
   * New or retired keys are not a change: the gateway does not compose keys.
   */
  changed: boolean;
  children: string[];
}

function parseRegistration(input: unknown): Registration {
  const result = registrationSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badInput(`注册信息有误：${issue?.path.join('.') || '(根)'} ${issue?.message ?? ''}`.trim(), { field: issue?.path.join('.') });
  }
  const reg = result.data;
  if (!reg.sdlByLevel[String(reg.schemaLevel)]) throw badInput(`缺少第 ${reg.schemaLevel} 级的子图 SDL`, { field: 'sdlByLevel' });
  for (const [level, sdl] of Object.entries(reg.sdlByLevel)) {
    try {
      parse(sdl);
    } catch (e) {
      throw badInput(`第 ${level} 级子图 SDL 无法解析：${(e as Error).message}`, { field: 'sdlByLevel' });
    }
  }
  return reg;
}

export async function childrenOf(models: DirectoryModels, code: string): Promise<string[]> {
  const grants = await models.RegistrationGrant.find({ parent: code, revokedAt: null }, { code: 1 }).lean();
  return grants.map((g) => g.code).sort();
}

/** A node's neighbours in the tree with their registered URLs (null until registered), for syndication between them. */
export interface PeerUrls {
  parent: { code: string; url: string | null } | null;
  children: { code: string; url: string | null }[];
}

export async function peerUrlsOf(models: DirectoryModels, code: string): Promise<PeerUrls> {
  const self = await models.DirectoryEntry.findOne({ code }, { parent: 1 }).lean<Pick<DirectoryEntry, 'parent'>>();
  const children = await childrenOf(models, code);
  const codes = [...children, ...(self?.parent ? [self.parent] : [])];
  const entries = codes.length
    ? await models.DirectoryEntry.find({ code: { $in: codes }, status: 'active' }, { code: 1, url: 1 }).lean<
        Pick<DirectoryEntry, 'code' | 'url'>[]
      >()
    : [];
  const urlOf = (c: string) => entries.find((e) => e.code === c)?.url ?? null;
  return {
    parent: self?.parent ? { code: self.parent, url: urlOf(self.parent) } : null,
    children: children.map((c) => ({ code: c, url: urlOf(c) })),
  };
}

/**
 * A node joins or re-joins (its heartbeat): the token must be the one issued for this code, and the node must
 * claim exactly the tier and parent it was granted. The entry records its URL, schema level and SDLs.
 */
export async function registerNode(
  models: DirectoryModels,
  token: string | undefined,
  input: unknown,
  now = new Date(),
): Promise<RegistrationResult> {
  if (!token) throw unauthenticated('缺少注册令牌');
  const reg = parseRegistration(input);
  const grant = await models.RegistrationGrant.findOne({ code: reg.code }).lean();
  if (!grant || grant.revokedAt || !tokenMatchesHash(token, grant.tokenHash)) throw unauthenticated('注册令牌无效或已撤销');
  if (grant.tier !== reg.tier || (grant.parent ?? null) !== reg.parent) {
    throw forbidden(
      `注册信息与授权不符：授权为 ${grant.tier} 级、上级 ${grant.parent ?? '无'}，申请为 ${reg.tier} 级、上级 ${reg.parent ?? '无'}`,
    );
  }
  return upsertEntry(models, reg, now);
}

/** The city enters itself in its own directory (no token: it is the directory). */
export async function registerCity(models: DirectoryModels, reg: Registration, now = new Date()): Promise<RegistrationResult> {
  return upsertEntry(models, parseRegistration(reg), now);
}

/** One registration's write; serialized per node so concurrent heartbeats cannot undo each other (nodeWrites.ts). */
function upsertEntry(models: DirectoryModels, reg: Registration, now: Date): Promise<RegistrationResult> {
  return serializedForNode(models, reg.code, () => writeEntry(models, reg, now));
}

async function writeEntry(models: DirectoryModels, reg: Registration, now: Date): Promise<RegistrationResult> {
  const before = await models.DirectoryEntry.findOne({ code: reg.code }).lean<DirectoryEntry>();
  const sdlHash = sdlHashOf(reg.sdlByLevel);
  const sdlChanged = !before || before.sdlHash !== sdlHash;
  const changed =
    !before ||
    before.status !== 'active' ||
    before.url !== reg.url ||
    before.name !== reg.name ||
    before.schemaLevel !== reg.schemaLevel ||
    (sdlChanged && (!before.sdlByLevel || sdlHashOf(before.sdlByLevel) !== sdlHash));
  // The SDLs are stored before the entry points at them, so a listing never names a version that is not there.
  if (sdlChanged) await storeSdl(models, reg.code, sdlHash, reg.sdlByLevel, now);
  const set: Record<string, unknown> = {
    name: reg.name,
    tier: reg.tier,
    parent: reg.parent,
    url: reg.url,
    status: 'active',
    lastSeen: now,
    schemaLevel: reg.schemaLevel,
    sdlHash,
  };
  // A new entry carries its keys from the start: an entry visible without them would have its first events read
  // by its parent while they cannot be verified yet. Keys added later (rotation) are merged below.
  const initialKeys = mergeKeys([], reg.publicKeys ?? []).keys;
  const entry = await models.DirectoryEntry.findOneAndUpdate(
    { code: reg.code },
    {
      $set: set,
      $setOnInsert: { registeredAt: now, keys: initialKeys, keysRevision: initialKeys.length ? 1 : 0 },
      // An entry from before the SDLs moved out loses its inline copy.
      ...(before?.sdlByLevel ? { $unset: { sdlByLevel: 1 } } : {}),
    },
    { upsert: true, returnDocument: 'after' },
  ).lean<DirectoryEntry>();
  if (!entry) throw new Error('directory upsert returned nothing');
  if (before?.sdlHash && before.sdlHash !== sdlHash) await dropSdl(models, reg.code, before.sdlHash);
  if (reg.publicKeys) entry.keys = await mergeStoredKeys(models, reg.code, reg.publicKeys);
  return { entry, changed, children: await childrenOf(models, reg.code) };
}

/** A node leaves the network (decommissioned): it stays in the directory as `left` and drops out of the supergraph. */
export async function leaveNetwork(models: DirectoryModels, token: string | undefined, code: string): Promise<boolean> {
  if (!token) throw unauthenticated('缺少注册令牌');
  const grant = await models.RegistrationGrant.findOne({ code }).lean();
  if (!grant || grant.revokedAt || !tokenMatchesHash(token, grant.tokenHash)) throw unauthenticated('注册令牌无效或已撤销');
  const result = await serializedForNode(models, code, () =>
    models.DirectoryEntry.updateOne({ code, status: 'active' }, { $set: { status: 'left' } }),
  );
  return result.modifiedCount === 1;
}
