import type { RequestContext } from '../graphql/requestContext';
import type { ChannelDoc } from './channelModel';
import { invalidateChannelIndex } from './channelIndex';
import { channelNotFound, checkSlug, requireChannelAdmin, requireMayChange } from './channelRules';

/**
 * Retires a channel: it and the channels below it leave the channel list and take no new articles, while the
 * articles already filed under them stay readable and listed by slug. Retiring twice changes nothing.
 */
export async function retireChannel(ctx: RequestContext, input: { slug: string }): Promise<ChannelDoc> {
  requireChannelAdmin(ctx);
  const { node } = ctx;
  const { Channel } = node.models;
  const slug = checkSlug(input.slug);

  const channel = await Channel.findById(slug).lean<ChannelDoc>();
  if (!channel) throw channelNotFound(slug);
  requireMayChange(ctx, channel);
  if (channel.retired) return channel;

  const updatedAt = node.now();
  await Channel.updateOne({ _id: slug }, { $set: { retired: true, updatedAt } });
  invalidateChannelIndex(node.models);
  node.log.info({ channel: slug }, '栏目已停用');
  return { ...channel, retired: true, updatedAt };
}
