import { badInput, conflict, inserted } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { ChannelDoc } from './channelModel';
import type { ChannelLevel } from './defaultChannelTree';
import { invalidateChannelIndex } from './channelIndex';
import {
  SLUG_SUFFIX_MAX,
  SLUG_SUFFIX_PATTERN,
  channelNotFound,
  checkChannelName,
  checkSlug,
  requireChannelAdmin,
  requireUniqueName,
} from './channelRules';

export interface CreateChannelInput {
  parentSlug: string;
  slugSuffix: string;
  name: string;
}

/** The level a new channel gets under a parent of this level; the tree has three levels, so none under a sub-category. */
const CHILD_LEVEL: Record<ChannelLevel, ChannelLevel | null> = { subnetwork: 'category', category: 'subcategory', subcategory: null };

/**
 * A node's own (local) channel under an existing channel still in use: a category under a sub-network or a
 * sub-category under a category. Its slug is `<nodeCode>-<suffix>`, so it can never collide with the shared tree
 * or with another node's channels; it is placed after its local siblings.
 */
export async function createChannel(ctx: RequestContext, input: CreateChannelInput): Promise<ChannelDoc> {
  requireChannelAdmin(ctx);
  const { node } = ctx;
  const { Channel } = node.models;

  const parentSlug = checkSlug(input.parentSlug, 'parentSlug');
  const suffix = input.slugSuffix;
  if (typeof suffix !== 'string' || !SLUG_SUFFIX_PATTERN.test(suffix) || suffix.length > SLUG_SUFFIX_MAX) {
    throw badInput(`栏目标识后缀须为小写字母开头的字母和数字（最多 ${SLUG_SUFFIX_MAX} 个），如 xiangcun`, { field: 'slugSuffix' });
  }
  const name = checkChannelName(input.name);

  const parent = await Channel.findById(parentSlug).lean<ChannelDoc>();
  if (!parent) throw channelNotFound(parentSlug);
  const level = CHILD_LEVEL[parent.level];
  if (!level) throw badInput('小类下不能再建栏目：栏目树只有子网、大类、小类三级', { field: 'parentSlug' });
  const lineage = await Channel.find({ _id: { $in: parent.path } }).lean<ChannelDoc[]>();
  if (lineage.some((c) => c.retired)) throw conflict(`上级栏目“${parent.name}”已停用，不能在其下新建栏目`);

  const slug = `${node.config.code}-${suffix}`;
  if (await Channel.exists({ _id: slug })) throw conflict(`栏目标识已存在：${slug}`, { field: 'slugSuffix' });
  const siblings = await Channel.find({ parentSlug }).lean<ChannelDoc[]>();
  requireUniqueName(siblings, name);

  const doc: ChannelDoc = {
    _id: slug,
    name,
    level,
    parentSlug,
    order: Math.max(0, ...siblings.filter((s) => s.origin === 'local').map((s) => s.order)) + 1,
    origin: 'local',
    retired: false,
    path: [...parent.path, slug],
    updatedAt: node.now(),
  };
  if (!(await inserted(Channel.create(doc)))) throw conflict(`栏目标识已存在：${slug}`, { field: 'slugSuffix' });
  invalidateChannelIndex(node.models);
  node.log.info({ channel: slug, parent: parentSlug }, '新建本站栏目');
  return doc;
}
