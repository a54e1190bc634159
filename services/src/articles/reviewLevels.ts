import { badInput } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';

/** How many review levels this node runs before publication (1–3). */
export async function reviewLevelsOf(node: NodeContext): Promise<number> {
  const settings = await node.models.NodeSettings.findById('settings', { reviewLevels: 1 }).lean();
  return settings?.reviewLevels ?? 1;
}

/** A node admin (or an admin above) sets the number of review levels. Items already in review keep their level. */
export async function setReviewLevels(ctx: RequestContext, levels: number): Promise<number> {
  requireRole(ctx, ['admin']);
  if (!Number.isInteger(levels) || levels < 1 || levels > 3) throw badInput('审核级数须为 1–3', { field: 'levels' });
  await ctx.node.models.NodeSettings.updateOne({ _id: 'settings' }, { $set: { reviewLevels: levels, updatedAt: ctx.node.now() } });
  return levels;
}
