import { badInput, conflict, notFound } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { TopicDoc } from './readersModels';
import { readersOf } from './readersRuntime';
import { requireTopicEditor, topicFields, type TopicInput } from './topicInput';

/** Replaces a topic's fields (the slug cannot change) or archives/reactivates it; compare-and-set on its revision. */
export async function updateTopic(
  ctx: RequestContext,
  slug: string,
  input: TopicInput | null,
  status?: TopicDoc['status'],
): Promise<TopicDoc> {
  requireTopicEditor(ctx);
  const doc = await ctx.node.models.Topic.findById(slug).lean<TopicDoc>();
  if (!doc) throw notFound(`专题不存在：${slug}`);
  const set: Partial<TopicDoc> = { updatedAt: ctx.node.now() };
  if (input) {
    const parsed = await topicFields(ctx, input);
    if (parsed.slug !== slug) throw badInput('专题代码不能修改', { field: 'slug' });
    Object.assign(set, parsed.fields);
  }
  if (status) set.status = status;
  const result = await ctx.node.models.Topic.updateOne({ _id: slug, revision: doc.revision }, { $set: set, $inc: { revision: 1 } });
  if (result.modifiedCount !== 1) throw conflict('专题刚被他人修改，请刷新后再试');
  readersOf(ctx.node)?.topicsChanged();
  ctx.node.publicContentChanged?.();
  return { ...doc, ...set, revision: doc.revision + 1 };
}
