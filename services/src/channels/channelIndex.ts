import type { Model } from 'mongoose';
import type { ChannelDoc } from './channelModel';

/**
 * The node's channel tree in memory, for reads that need the whole tree (listing, descendants of a channel for
 * article lists and search). Built from the `channels` collection; a channel is shown retired when it or one
 * of the channels above it is retired (a local channel under a shared category the city retired disappears with
 * it). Siblings are ordered shared first, then local, each by `order`.
 */
export class ChannelIndex {
  private readonly bySlug = new Map<string, ChannelDoc>();
  private readonly childrenBySlug = new Map<string | null, ChannelDoc[]>();

  constructor(docs: readonly ChannelDoc[]) {
    for (const doc of docs) this.bySlug.set(doc._id, doc);
    for (const doc of docs) {
      // A channel whose parent is missing is shown at the top rather than lost.
      const parent = doc.parentSlug && this.bySlug.has(doc.parentSlug) ? doc.parentSlug : null;
      let siblings = this.childrenBySlug.get(parent);
      if (!siblings) this.childrenBySlug.set(parent, (siblings = []));
      siblings.push(doc);
    }
    for (const siblings of this.childrenBySlug.values()) siblings.sort(compareSiblings);
  }

  get size(): number {
    return this.bySlug.size;
  }

  get(slug: string): ChannelDoc | undefined {
    return this.bySlug.get(slug);
  }

  /** Direct children of a channel (null: the sub-networks), in display order, retired ones included. */
  children(parentSlug: string | null): readonly ChannelDoc[] {
    return this.childrenBySlug.get(parentSlug) ?? [];
  }

  /** The channel or one above it is retired. Unknown slugs are not retired. */
  isRetired(slug: string): boolean {
    const doc = this.bySlug.get(slug);
    if (!doc) return false;
    if (doc.retired) return true;
    return doc.path.some((s) => s !== slug && this.bySlug.get(s)?.retired === true);
  }

  /** The channel and every channel below it, retired ones included (old articles stay listed under them). */
  subtree(slug: string): Set<string> {
    const out = new Set<string>([slug]);
    const walk = (parent: string): void => {
      for (const child of this.children(parent)) {
        if (out.has(child._id)) continue;
        out.add(child._id);
        walk(child._id);
      }
    };
    walk(slug);
    return out;
  }

  /** Every channel depth-first: parents before children, siblings in display order. */
  ordered(): ChannelDoc[] {
    const out: ChannelDoc[] = [];
    const seen = new Set<string>();
    const walk = (parent: string | null): void => {
      for (const child of this.children(parent)) {
        if (seen.has(child._id)) continue;
        seen.add(child._id);
        out.push(child);
        walk(child._id);
      }
    };
    walk(null);
    return out;
  }
}

function compareSiblings(a: ChannelDoc, b: ChannelDoc): number {
  if (a.origin !== b.origin) return a.origin === 'shared' ? -1 : 1;
  return a.order - b.order || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

interface CacheEntry {
  loadedAt: number;
  index: Promise<ChannelIndex>;
}

/**
 * Per node, keyed by its channels collection (the same object behind the model and any wrapper of it): the tree
 * is small and read on every article list, so it is cached.
 */
const cache = new WeakMap<object, CacheEntry>();

/**
 * How long another instance's channel change may take to show here. Changes made through this process are
 * visible at once (every channel command invalidates the cache).
 */
export const CHANNEL_INDEX_MAX_AGE_MS = 5_000;

/** The node's channel tree, from a cache at most `maxAgeMs` old. */
export function channelIndexOf(models: { Channel: Model<ChannelDoc> }, maxAgeMs = CHANNEL_INDEX_MAX_AGE_MS): Promise<ChannelIndex> {
  const key = models.Channel.collection;
  const cached = cache.get(key);
  const now = Date.now();
  if (cached && now - cached.loadedAt <= maxAgeMs) return cached.index;
  const index = models.Channel.find({})
    .lean<ChannelDoc[]>()
    .then((docs) => new ChannelIndex(docs));
  const entry = { loadedAt: now, index };
  cache.set(key, entry);
  index.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return index;
}

/** Forget the cached tree (after a channel change). */
export function invalidateChannelIndex(models: { Channel: Model<ChannelDoc> }): void {
  cache.delete(models.Channel.collection);
}
