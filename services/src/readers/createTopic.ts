import { conflict, inserted } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { TopicDoc } from './readersModels';
import { readersOf } from './readersRuntime';
import { requireTopicEditor, topicFields, type TopicInput } from './topicInput';

/**
 * Creates a topic (专题) at the city or a county: title, banner, description, time span, the rule selecting items
 * of this node's catalog (channels, tags, hand-picked — adopted copies from every node below included), its own
 * sections (a campaign mini-site's channels) and sub-pages. The slug is its `_id`: a second topic with it is refused.
 */
export async function createTopic(ctx: RequestContext, input: TopicInput): Promise<TopicDoc> {
  const { actor } = requireTopicEditor(ctx);
  const { slug, fields } = await topicFields(ctx, input);
  const now = ctx.node.now();
  const doc: TopicDoc = { _id: slug, ...fields, status: 'active', createdBy: actor.name, createdAt: now, updatedAt: now, revision: 1 };
  if (!(await inserted(ctx.node.models.Topic.create(doc)))) throw conflict(`专题代码已被使用：${slug}`, { field: 'slug' });
  readersOf(ctx.node)?.topicsChanged();
  ctx.node.publicContentChanged?.();
  return doc;
}
