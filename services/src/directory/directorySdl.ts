import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { inserted } from '@djnet/shared';
import type { DirectoryModels, DirectorySdlDoc } from './directoryModels';

/**
 * The subgraph SDLs a node registered, kept apart from its directory entry and addressed by content
 * (`<code>:<hash>`): entries stay small, so the reads and writes of every heartbeat stay cheap (on FerretDB v1 a
 * lookup by a field other than `_id`, and any update, decodes the whole collection — with the SDLs inside the
 * entries that was 5 MB at 77 nodes, and the heartbeats of the full network no longer fitted in the city's time).
 * A new SDL is inserted (never updated) before the entry points at it; the version it replaces is deleted after.
 */

/** A stable digest of a node's SDL per level (what composition depends on). */
export function sdlHashOf(sdlByLevel: Record<string, string>): string {
  const levels = Object.keys(sdlByLevel).sort((a, b) => Number(a) - Number(b));
  return createHash('sha256')
    .update(JSON.stringify(levels.map((l) => [l, sdlByLevel[l]])))
    .digest('base64url')
    .slice(0, 27);
}

const sdlId = (code: string, hash: string) => `${code}:${hash}`;

/** Stores one version of a node's SDLs (a no-op when that version is stored already). */
export async function storeSdl(models: DirectoryModels, code: string, hash: string, sdlByLevel: Record<string, string>, now: Date) {
  await inserted(
    models.DirectorySdl.collection.insertOne({ _id: sdlId(code, hash) as never, code, sdlHash: hash, sdlByLevel, storedAt: now }),
  );
}

/** Drops a version no entry points at any more. */
export async function dropSdl(models: DirectoryModels, code: string, hash: string): Promise<void> {
  await models.DirectorySdl.deleteOne({ _id: sdlId(code, hash) });
}

/** Versions read before, by database and id: they never change, so they are kept (a bounded number of them). */
const cache = new LRUCache<string, Record<string, string>>({ max: 2_000 });

/** One version of a node's SDLs (by `_id`: FerretDB finds it without decoding the collection); null if missing. */
export async function readSdl(models: DirectoryModels, code: string, hash: string): Promise<Record<string, string> | null> {
  const key = `${models.DirectorySdl.db.name}/${sdlId(code, hash)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const doc = await models.DirectorySdl.findById(sdlId(code, hash)).lean<DirectorySdlDoc>();
  if (!doc) return null;
  const sdl = doc.sdlByLevel instanceof Map ? Object.fromEntries(doc.sdlByLevel) : (doc.sdlByLevel as Record<string, string>);
  cache.set(key, sdl);
  return sdl;
}
