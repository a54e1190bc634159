import { inserted } from '@djnet/shared';
import { createHash } from 'node:crypto';
import { listSharedChannels } from '../channels/channelTreeRoutes';
import { loadSensitiveWords } from '../articles/sensitiveWordList';
import { canonicalJson } from './canonicalJson';
import type { SharedStateDoc } from './syndicationModels';
import type { SyndicationRuntime } from './syndicationRuntime';
import type { PendingEvent } from './syndicationTypes';

/** Network-wide state the city owns and sends down the tiers whenever it changes. */
export type SharedStateName = 'channelTree' | 'sensitiveWords';

const readers: Record<SharedStateName, (rt: SyndicationRuntime) => Promise<Record<string, unknown>>> = {
  channelTree: async (rt) => ({ channels: await listSharedChannels(rt.node.models) }),
  sensitiveWords: async (rt) => ({ words: await loadSensitiveWords(rt.node) }),
};

const hashOf = (payload: unknown) => createHash('sha256').update(canonicalJson(payload)).digest('hex');

function stateEvent(rt: SyndicationRuntime, name: SharedStateName, revision: number, payload: Record<string, unknown>): PendingEvent {
  return {
    stream: 'down',
    kind: name,
    key: `${name}:${revision}`,
    itemId: null,
    version: revision,
    to: null,
    createdAt: rt.node.now().toISOString(),
    payload,
  };
}

async function loadState(rt: SyndicationRuntime, name: SharedStateName): Promise<SharedStateDoc> {
  const found = await rt.models.SharedState.findById(name).lean<SharedStateDoc>();
  if (found) return found;
  await inserted(rt.models.SharedState.create({ _id: name, revision: 0, hash: '', updatedAt: rt.node.now(), pendingEvents: [] }));
  return (await rt.models.SharedState.findById(name).lean<SharedStateDoc>())!;
}

/**
 * Records a new revision of a shared state with its down event, by compare-and-set on the revision. Returns false
 * when the stored revision is already at or past it.
 */
async function recordRevision(
  rt: SyndicationRuntime,
  name: SharedStateName,
  revision: number | null,
  payload: Record<string, unknown>,
  forward: boolean,
): Promise<boolean> {
  const hash = hashOf(payload);
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await loadState(rt, name);
    const next = revision ?? state.revision + 1;
    if (next <= state.revision || (revision === null && state.hash === hash)) return false;
    const update: Record<string, unknown> = { $set: { revision: next, hash, updatedAt: rt.node.now() } };
    if (forward) update.$push = { pendingEvents: stateEvent(rt, name, next, payload) };
    const done = await rt.models.SharedState.findOneAndUpdate({ _id: name, revision: state.revision }, update, {
      returnDocument: 'after',
    }).lean();
    if (done) {
      if (forward) rt.relayPoke({ collection: 'syndication_state', id: name });
      return true;
    }
  }
  throw new Error(`共享状态 ${name} 并发修改冲突`);
}

/** City: sends the shared channel tree and the word list down when they differ from what was last sent. */
export async function publishSharedStates(rt: SyndicationRuntime): Promise<SharedStateName[]> {
  if (rt.node.config.tier !== 'city') return [];
  const changed: SharedStateName[] = [];
  for (const name of Object.keys(readers) as SharedStateName[]) {
    const payload = await readers[name](rt);
    // Before the city has seeded its tree (first start) there is nothing to send.
    if (name === 'channelTree' && (payload.channels as unknown[]).length === 0) continue;
    if (await recordRevision(rt, name, null, payload, true)) changed.push(name);
  }
  return changed;
}

/** Below the city: the revision of a shared state held here (0: none received by syndication yet). */
export async function heldRevision(rt: SyndicationRuntime, name: SharedStateName): Promise<number> {
  return (await loadState(rt, name)).revision;
}

/** Below the city: a received revision was applied; record it, and pass it on to children (counties). */
export function recordReceivedRevision(
  rt: SyndicationRuntime,
  name: SharedStateName,
  revision: number,
  payload: Record<string, unknown>,
): Promise<boolean> {
  return recordRevision(rt, name, revision, payload, rt.node.config.tier !== 'township');
}
