import type { AnyBulkWriteOperation, Model } from 'mongoose';
import { z } from 'zod';
import type { NodeContext } from '../node/nodeContext';
import type { ChannelDoc } from './channelModel';
import { invalidateChannelIndex } from './channelIndex';
import { DEFAULT_CHANNEL_TREE, flattenChannelTree, type ChannelTree } from './defaultChannelTree';

/** Where the city serves its shared channel tree (see channelTreeRoutes.ts). */
export const CHANNEL_TREE_PATH = '/directory/channel-tree';

/** How often a county or township fetches the shared tree again once it has it. */
export const CHANNEL_TREE_SYNC_INTERVAL_MS = 10 * 60_000;
/** First retry after a failed fetch (the city may be down); doubles up to the interval. */
export const CHANNEL_TREE_RETRY_MS = 30_000;

/** Writes in batches of 50 operations, so a large tree never makes one oversized command. */
async function writeInBatches(models: ChannelModels, ops: AnyBulkWriteOperation<ChannelDoc>[]): Promise<void> {
  for (let i = 0; i < ops.length; i += 50) await models.Channel.bulkWrite(ops.slice(i, i + 50), { ordered: false });
}

/** One channel of the shared tree as the city sends it down. */
export interface SharedChannel {
  slug: string;
  name: string;
  level: ChannelDoc['level'];
  parentSlug: string | null;
  order: number;
  retired: boolean;
  path: string[];
}

type ChannelModels = { Channel: Model<ChannelDoc> };

/**
 * City: enters every channel of the default tree that is not there yet. A channel already present is left
 * exactly as it is, so re-running (every start) never undoes the city's renames, reorders or retirements; a
 * channel added to the default tree by a later release is placed after its existing siblings.
 */
export async function seedSharedChannels(models: ChannelModels, now: Date, tree: ChannelTree = DEFAULT_CHANNEL_TREE): Promise<number> {
  const existing = await models.Channel.find({}, { _id: 1, parentSlug: 1, order: 1, origin: 1 }).lean<
    Pick<ChannelDoc, '_id' | 'parentSlug' | 'order' | 'origin'>[]
  >();
  const present = new Set(existing.map((c) => c._id));
  const lastOrder = new Map<string | null, number>();
  for (const c of existing) if (c.origin === 'shared') lastOrder.set(c.parentSlug, Math.max(lastOrder.get(c.parentSlug) ?? 0, c.order));

  const ops: AnyBulkWriteOperation<ChannelDoc>[] = [];
  for (const channel of flattenChannelTree(tree)) {
    if (present.has(channel.slug)) continue;
    const after = lastOrder.get(channel.parentSlug);
    const order = after === undefined ? channel.order : after + 1;
    if (after !== undefined) lastOrder.set(channel.parentSlug, order);
    const doc: ChannelDoc = {
      _id: channel.slug,
      name: channel.name,
      level: channel.level,
      parentSlug: channel.parentSlug,
      order,
      origin: 'shared',
      retired: false,
      path: [...channel.path],
      updatedAt: now,
    };
    // $setOnInsert: a concurrent start of another city instance cannot overwrite what the first one wrote.
    // FerretDB v1 drops null values from $setOnInsert on upsert, so parentSlug (null on sub-networks, and never
    // changing for a slug) goes in $set, which keeps them.
    const { parentSlug, ...rest } = doc;
    ops.push({ updateOne: { filter: { _id: channel.slug }, update: { $setOnInsert: rest, $set: { parentSlug } }, upsert: true } });
  }
  if (ops.length > 0) {
    await writeInBatches(models, ops);
    invalidateChannelIndex(models);
  }
  return ops.length;
}

const sharedChannelSchema = z.object({
  slug: z.string().regex(/^[a-z][a-z0-9_]*(-[a-z0-9]+)*$/),
  name: z.string().min(1).max(60),
  level: z.enum(['subnetwork', 'category', 'subcategory']),
  parentSlug: z.string().nullable(),
  order: z.number().int().min(1),
  retired: z.boolean(),
  path: z.array(z.string()).min(1).max(3),
});
const sharedTreeSchema = z.array(sharedChannelSchema).max(10_000);

const LEVEL_AT_DEPTH = ['subnetwork', 'category', 'subcategory'] as const;

/** Checks a tree received from the city; throws with the first problem found. */
export function parseSharedTree(body: unknown): SharedChannel[] {
  const parsed = sharedTreeSchema.safeParse(body);
  if (!parsed.success) throw new Error(`市级栏目树格式不正确：${parsed.error.issues[0]?.message ?? ''}`);
  const bySlug = new Map(parsed.data.map((c) => [c.slug, c]));
  if (bySlug.size !== parsed.data.length) throw new Error('市级栏目树中有重复的栏目标识');
  for (const c of parsed.data) {
    const parent = c.parentSlug === null ? null : bySlug.get(c.parentSlug);
    if (c.parentSlug !== null && !parent) throw new Error(`市级栏目树中栏目 ${c.slug} 的上级 ${c.parentSlug} 不存在`);
    const expectedPath = [...(parent?.path ?? []), c.slug];
    if (expectedPath.join('/') !== c.path.join('/') || LEVEL_AT_DEPTH[c.path.length - 1] !== c.level) {
      throw new Error(`市级栏目树中栏目 ${c.slug} 的路径或层级不正确`);
    }
  }
  return parsed.data;
}

/**
 * County or township: makes the node's shared channels equal to the city's tree. Local channels stay; a
 * shared channel the city no longer lists is retired (never deleted: articles refer to it). A local channel
 * holding a slug the city now uses is left alone and reported. Returns how many channels changed.
 */
export async function applySharedTree(
  models: ChannelModels,
  tree: readonly SharedChannel[],
  now: Date,
): Promise<{ changed: number; conflicts: string[] }> {
  const existing = new Map((await models.Channel.find({}).lean<ChannelDoc[]>()).map((c) => [c._id, c]));
  const listed = new Set<string>();
  const conflicts: string[] = [];
  const ops: AnyBulkWriteOperation<ChannelDoc>[] = [];

  for (const c of tree) {
    listed.add(c.slug);
    const current = existing.get(c.slug);
    if (current?.origin === 'local') {
      conflicts.push(c.slug);
      continue;
    }
    const wanted = {
      name: c.name,
      level: c.level,
      parentSlug: c.parentSlug,
      order: c.order,
      origin: 'shared' as const,
      retired: c.retired,
      path: c.path,
    };
    if (
      current &&
      current.name === wanted.name &&
      current.level === wanted.level &&
      current.parentSlug === wanted.parentSlug &&
      current.order === wanted.order &&
      current.retired === wanted.retired &&
      current.path.join('/') === wanted.path.join('/')
    ) {
      continue;
    }
    ops.push({ updateOne: { filter: { _id: c.slug }, update: { $set: { ...wanted, updatedAt: now } }, upsert: true } });
  }
  for (const c of existing.values()) {
    if (c.origin === 'shared' && !c.retired && !listed.has(c._id)) {
      ops.push({ updateOne: { filter: { _id: c._id }, update: { $set: { retired: true, updatedAt: now } } } });
    }
  }
  if (ops.length > 0) {
    await writeInBatches(models, ops);
    invalidateChannelIndex(models);
  }
  return { changed: ops.length, conflicts };
}

/** The city's shared tree over HTTP. */
export async function fetchSharedTree(cityUrl: string, timeoutMs = 10_000): Promise<SharedChannel[]> {
  const response = await fetch(`${cityUrl}${CHANNEL_TREE_PATH}`, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`市级节点栏目树接口出错（HTTP ${response.status}）`);
  return parseSharedTree(await response.json());
}

export interface ChannelTreeSync {
  /** Stops the periodic fetch (non-city nodes), once a fetch in progress is over; harmless on the city. */
  stop(): Promise<void>;
}

export interface ChannelTreeSyncOptions {
  intervalMs?: number;
  retryMs?: number;
}

/**
 * City: seeds the shared tree from the default tree (idempotent). Other nodes: fetch the city's shared tree now
 * and every 10 minutes after (sooner, with backoff, while the city cannot be reached, since it may be down when
 * the node starts); the timer does not keep the process alive and stops with the node. Never throws for an
 * unreachable city: the first attempt's failure is logged and retried.
 */
export async function syncChannelTree(node: NodeContext, options: ChannelTreeSyncOptions = {}): Promise<ChannelTreeSync> {
  const { config, log, models } = node;
  if (config.tier === 'city') {
    const added = await seedSharedChannels(models, node.now());
    if (added > 0) log.info({ added }, '已写入统一栏目树');
    return { stop: async () => undefined };
  }

  const intervalMs = options.intervalMs ?? CHANNEL_TREE_SYNC_INTERVAL_MS;
  const retryMs = Math.min(options.retryMs ?? CHANNEL_TREE_RETRY_MS, intervalMs);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;
  let running: Promise<void> = Promise.resolve();

  const attempt = async (): Promise<void> => {
    try {
      const tree = await fetchSharedTree(config.cityUrl!);
      if (stopped) return;
      const { changed, conflicts } = await applySharedTree(models, tree, node.now());
      if (changed > 0) log.info({ changed, channels: tree.length }, '已从市级节点同步栏目树');
      if (conflicts.length > 0) log.warn({ conflicts }, '本站栏目与统一栏目标识冲突，未覆盖');
      failures = 0;
    } catch (e) {
      failures++;
      log.warn({ err: (e as Error).message, failures }, '暂未能从市级节点同步栏目树，稍后重试');
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    const delay = failures === 0 ? intervalMs : Math.min(intervalMs, retryMs * 2 ** (failures - 1));
    timer = setTimeout(() => {
      running = attempt().then(schedule);
    }, delay);
    timer.unref();
  };

  await attempt();
  schedule();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
