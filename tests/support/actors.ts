import { randomBytes } from 'node:crypto';
import type { Role } from '../../services/src/accounts/accountModel';
import type { Actor } from '../../services/src/accounts/actor';
import type { RequestContext } from '../../services/src/graphql/requestContext';
import type { RunningNode } from '../../services/src';

/**
 * A request context on a real node for a given actor, for testing commands directly (tokens and HTTP are
 * covered by the accounts tests). `home` is the actor's home node code (defaults to the node itself).
 */
export function asActor(
  node: RunningNode,
  role: Role | null,
  options: { home?: string; reviewLevel?: number; id?: string; name?: string } = {},
): RequestContext {
  const actor: Actor | null = role
    ? {
        accountId: options.id ?? `acct_${randomBytes(4).toString('hex')}`,
        username: `${role}_${randomBytes(2).toString('hex')}`,
        name: options.name ?? `${role}测试`,
        role,
        node: options.home ?? node.config.code,
        reviewLevel: options.reviewLevel ?? 1,
      }
    : null;
  return { node: node.context, actor };
}

/** Makes sure a channel exists on a node (the shared tree normally arrives from the city). */
export async function ensureChannel(node: RunningNode, slug: string, name: string): Promise<void> {
  await node.context.models.Channel.updateOne(
    { _id: slug },
    {
      $setOnInsert: {
        name,
        level: 'subnetwork',
        parentSlug: null,
        order: 99,
        origin: 'local',
        retired: false,
        path: [slug],
        updatedAt: new Date(),
      },
    },
    { upsert: true },
  );
}
