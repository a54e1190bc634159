import { badInput } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { requireRole } from '../accounts/permissions';
import type { NewspaperPolicyDoc } from './newspaperModels';

/** Whether this county holds manuscripts from its townships for an editor before passing them up (default: no). */
export async function screensManuscripts(node: NodeContext): Promise<boolean> {
  const doc = await node.models.NewspaperPolicy.findById('policy').lean<NewspaperPolicyDoc>();
  return doc?.screenManuscripts ?? false;
}

export async function newspaperPolicy(
  node: NodeContext,
): Promise<{ screenManuscripts: boolean; updatedAt: Date | null; updatedBy: string | null }> {
  const doc = await node.models.NewspaperPolicy.findById('policy').lean<NewspaperPolicyDoc>();
  return { screenManuscripts: doc?.screenManuscripts ?? false, updatedAt: doc?.updatedAt ?? null, updatedBy: doc?.updatedBy ?? null };
}

/** A county's admin sets whether its townships' manuscripts are screened here first (初审) or passed on at once. */
export async function setNewspaperPolicy(ctx: RequestContext, input: { screenManuscripts: boolean }) {
  const { actor } = requireRole(ctx, ['admin']);
  if (ctx.node.config.tier !== 'county') throw badInput('只有县级节点可设置稿件初审（乡镇稿件经县级转报）', { field: 'screenManuscripts' });
  if (typeof input.screenManuscripts !== 'boolean') throw badInput('screenManuscripts 须为 true 或 false', { field: 'screenManuscripts' });
  const now = ctx.node.now();
  await ctx.node.models.NewspaperPolicy.updateOne(
    { _id: 'policy' },
    { $set: { screenManuscripts: input.screenManuscripts, updatedAt: now, updatedBy: actor.name } },
    { upsert: true },
  );
  return newspaperPolicy(ctx.node);
}
