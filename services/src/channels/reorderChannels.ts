import { badInput } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { ChannelDoc } from './channelModel';
import { invalidateChannelIndex } from './channelIndex';
import { channelNotFound, checkSlug, requireChannelAdmin, requireMayChange } from './channelRules';

export interface ReorderChannelsInput {
  /** null: the sub-networks. */
  parentSlug?: string | null;
  /** The new order: exactly the channels in use under the parent, of one origin. */
  slugs: string[];
}

/**
 * Puts sibling channels in a new order. Shared and local channels are ordered separately (shared ones first,
 * then the node's own), so `slugs` must be exactly the siblings in use of one origin: the shared ones (only at the
 * city) or the node's local ones. Retired siblings keep their relative order after them.
 */
export async function reorderChannels(ctx: RequestContext, input: ReorderChannelsInput): Promise<ChannelDoc[]> {
  requireChannelAdmin(ctx);
  const { node } = ctx;
  const { Channel } = node.models;
  const parentSlug = input.parentSlug === undefined || input.parentSlug === null ? null : checkSlug(input.parentSlug, 'parentSlug');
  const slugs = input.slugs;
  if (!Array.isArray(slugs) || slugs.length === 0) throw badInput('请按新顺序列出同级栏目', { field: 'slugs' });
  if (slugs.some((s) => typeof s !== 'string')) throw badInput('栏目标识无效', { field: 'slugs' });
  if (new Set(slugs).size !== slugs.length) throw badInput('栏目列表中有重复项', { field: 'slugs' });

  if (parentSlug !== null && !(await Channel.exists({ _id: parentSlug }))) throw channelNotFound(parentSlug);
  const siblings = await Channel.find({ parentSlug }).lean<ChannelDoc[]>();
  const bySlug = new Map(siblings.map((s) => [s._id, s]));
  const listed = slugs.map((slug) => {
    const channel = bySlug.get(slug);
    if (!channel) throw badInput(`栏目 ${slug} 不是${parentSlug ? `栏目 ${parentSlug} ` : '顶层'}的下级栏目`, { field: 'slugs', slug });
    if (channel.retired) throw badInput(`栏目 ${slug} 已停用，不参与排序`, { field: 'slugs', slug });
    return channel;
  });
  const origin = listed[0]!.origin;
  if (listed.some((c) => c.origin !== origin)) throw badInput('统一栏目和本站栏目分别排序，请只列出其中一类', { field: 'slugs' });
  requireMayChange(ctx, listed[0]!);

  const group = siblings.filter((s) => s.origin === origin).sort((a, b) => a.order - b.order || a._id.localeCompare(b._id));
  const inUse = group.filter((s) => !s.retired);
  if (inUse.length !== listed.length) {
    const missing = inUse.filter((s) => !slugs.includes(s._id)).map((s) => s._id);
    throw badInput(`须列出全部在用的同级栏目，缺少：${missing.join('、')}`, { field: 'slugs', missing });
  }

  const newOrder = [...listed, ...group.filter((s) => s.retired)];
  const updatedAt = node.now();
  const ops = newOrder
    .map((channel, i) => ({ channel, order: i + 1 }))
    .filter(({ channel, order }) => channel.order !== order)
    .map(({ channel, order }) => ({ updateOne: { filter: { _id: channel._id }, update: { $set: { order, updatedAt } } } }));
  if (ops.length > 0) {
    await Channel.bulkWrite(ops, { ordered: false });
    invalidateChannelIndex(node.models);
    node.log.info({ parent: parentSlug, slugs }, '调整栏目顺序');
  }
  return listed.map((channel, i) => (channel.order === i + 1 ? channel : { ...channel, order: i + 1, updatedAt }));
}
