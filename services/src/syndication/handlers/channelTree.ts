import type { Model } from 'mongoose';
import type { ChannelDoc } from '../../channels/channelModel';
import { invalidateChannelIndex } from '../../channels/channelIndex';
import { applySharedTree, parseSharedTree } from '../../channels/syncChannelTree';
import { channelTreePayloadSchema } from '../payloadSchemas';
import { heldRevision, recordReceivedRevision } from '../sharedState';
import { EventRejected, parsePayload, type EventHandler } from './registry';

/**
 * The city changed the shared channel tree: make this node's shared channels equal to it (local channels stay)
 * and pass it on. An older revision than the one held is ignored. (The periodic HTTP fetch of the tree remains
 * as a fallback for a node that was never reached this way.)
 */
export const channelTree: EventHandler = {
  stream: 'down',
  async apply(rt, _edge, event) {
    const { channels } = parsePayload(channelTreePayloadSchema, event);
    if (event.version <= (await heldRevision(rt, 'channelTree'))) return 'unchanged';
    let tree;
    try {
      tree = parseSharedTree(channels);
    } catch (e) {
      throw new EventRejected((e as Error).message);
    }
    // An empty tree would retire every shared channel: never what the city meant.
    if (tree.length === 0) throw new EventRejected('统一栏目树为空');
    const { changed, conflicts } = await applySharedTree({ Channel: chunkedBulkWrites(rt.node.models.Channel) }, tree, rt.node.now());
    invalidateChannelIndex(rt.node.models);
    if (conflicts.length) rt.node.log.warn({ conflicts }, '本站栏目与统一栏目标识冲突，未覆盖');
    if (changed) rt.node.log.info({ changed, revision: event.version }, '已按网群同步更新统一栏目树');
    await recordReceivedRevision(rt, 'channelTree', event.version, { channels: tree });
    return 'applied';
  },
};

/**
 * The channel model with bulk writes split into small commands. FerretDB v1.24 keeps every matched document's
 * SQLite cursor of one update command open until the command ends, and a node's database has 100 connections:
 * an update command of about 100 matching updates (a whole tree retired or renumbered) waits for itself forever
 * and wedges the node's database.
 */
function chunkedBulkWrites(model: Model<ChannelDoc>): Model<ChannelDoc> {
  return new Proxy(model, {
    get(target, prop, receiver) {
      if (prop !== 'bulkWrite') return Reflect.get(target, prop, receiver) as unknown;
      return async (ops: Parameters<Model<ChannelDoc>['bulkWrite']>[0], options?: Parameters<Model<ChannelDoc>['bulkWrite']>[1]) => {
        for (let i = 0; i < ops.length; i += 50) await target.bulkWrite(ops.slice(i, i + 50), options);
      };
    },
  });
}
