import type { RequestContext } from '../graphql/requestContext';
import type { ChannelDoc } from './channelModel';
import { invalidateChannelIndex } from './channelIndex';
import { channelNotFound, checkChannelName, checkSlug, requireChannelAdmin, requireMayChange, requireUniqueName } from './channelRules';

/** Renames a channel. Its slug stays, so articles filed under it and links to it keep working. */
export async function renameChannel(ctx: RequestContext, input: { slug: string; name: string }): Promise<ChannelDoc> {
  requireChannelAdmin(ctx);
  const { node } = ctx;
  const { Channel } = node.models;
  const slug = checkSlug(input.slug);
  const name = checkChannelName(input.name);

  const channel = await Channel.findById(slug).lean<ChannelDoc>();
  if (!channel) throw channelNotFound(slug);
  requireMayChange(ctx, channel);
  if (channel.name === name) return channel;
  requireUniqueName(await Channel.find({ parentSlug: channel.parentSlug }).lean<ChannelDoc[]>(), name, slug);

  const updatedAt = node.now();
  await Channel.updateOne({ _id: slug }, { $set: { name, updatedAt } });
  invalidateChannelIndex(node.models);
  node.log.info({ channel: slug, from: channel.name, to: name }, '栏目改名');
  return { ...channel, name, updatedAt };
}
