import type { RequestContext } from '../graphql/requestContext';
import type { ChannelDoc } from './channelModel';
import { channelIndexOf, type ChannelIndex } from './channelIndex';
import { createChannel, type CreateChannelInput } from './createChannel';
import { renameChannel } from './renameChannel';
import { reorderChannels, type ReorderChannelsInput } from './reorderChannels';
import { retireChannel } from './retireChannel';

/** The GraphQL `Channel` object: enum values upper-case; `retired` also when a channel above it is retired. */
export interface ChannelView {
  slug: string;
  name: string;
  level: 'SUBNETWORK' | 'CATEGORY' | 'SUBCATEGORY';
  parentSlug: string | null;
  order: number;
  origin: 'SHARED' | 'LOCAL';
  retired: boolean;
  path: string[];
}

export function channelView(doc: ChannelDoc, index?: ChannelIndex): ChannelView {
  return {
    slug: doc._id,
    name: doc.name,
    level: doc.level.toUpperCase() as ChannelView['level'],
    parentSlug: doc.parentSlug ?? null,
    order: doc.order,
    origin: doc.origin.toUpperCase() as ChannelView['origin'],
    retired: doc.retired || (index?.isRetired(doc._id) ?? false),
    path: doc.path,
  };
}

async function freshView(ctx: RequestContext, doc: ChannelDoc): Promise<ChannelView> {
  return channelView(doc, await channelIndexOf(ctx.node.models));
}

/** Site.channels, Site.channel and the channel mutations; the rules live in the commands. */
export const channelResolvers: Record<string, Record<string, unknown>> = {
  Site: {
    channels: async (_site: unknown, args: { includeRetired?: boolean | null }, ctx: RequestContext): Promise<ChannelView[]> => {
      const index = await channelIndexOf(ctx.node.models);
      return index
        .ordered()
        .filter((c) => args.includeRetired === true || !index.isRetired(c._id))
        .map((c) => channelView(c, index));
    },
    channel: async (_site: unknown, args: { slug: string }, ctx: RequestContext): Promise<ChannelView | null> => {
      const index = await channelIndexOf(ctx.node.models);
      const doc = index.get(args.slug);
      return doc ? channelView(doc, index) : null;
    },
  },
  SiteMutations: {
    createChannel: async (_m: unknown, args: CreateChannelInput, ctx: RequestContext) => freshView(ctx, await createChannel(ctx, args)),
    renameChannel: async (_m: unknown, args: { slug: string; name: string }, ctx: RequestContext) =>
      freshView(ctx, await renameChannel(ctx, args)),
    reorderChannels: async (_m: unknown, args: ReorderChannelsInput, ctx: RequestContext) => {
      const docs = await reorderChannels(ctx, args);
      const index = await channelIndexOf(ctx.node.models);
      return docs.map((d) => channelView(d, index));
    },
    retireChannel: async (_m: unknown, args: { slug: string }, ctx: RequestContext) => freshView(ctx, await retireChannel(ctx, args)),
  },
};
