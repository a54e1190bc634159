import { Router } from 'express';
import type { Model } from 'mongoose';
import type { NodeContext } from '../node/nodeContext';
import type { ChannelDoc } from './channelModel';
import { ChannelIndex } from './channelIndex';
import { CHANNEL_TREE_PATH, type SharedChannel } from './syncChannelTree';

/** The city's shared channels, parents before children, as counties and townships receive them. */
export async function listSharedChannels(models: { Channel: Model<ChannelDoc> }): Promise<SharedChannel[]> {
  const shared = await models.Channel.find({ origin: 'shared' }).lean<ChannelDoc[]>();
  return new ChannelIndex(shared).ordered().map((c) => ({
    slug: c._id,
    name: c.name,
    level: c.level,
    parentSlug: c.parentSlug ?? null,
    order: c.order,
    retired: c.retired,
    path: c.path,
  }));
}

/** City only: `GET /directory/channel-tree` → JSON list of the shared channels (retired ones flagged). Public. */
export function channelTreeRoutes(node: NodeContext): Router {
  const router = Router();
  router.get(CHANNEL_TREE_PATH, async (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(await listSharedChannels(node.models));
  });
  return router;
}
