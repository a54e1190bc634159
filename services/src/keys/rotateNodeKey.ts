import { forbidden } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { PublishedKey } from './nodeKeyring';

export interface KeyRotation {
  /** The new signing key. */
  keyId: string;
  /** Every key now published (older ones stay, retired, so what they signed still verifies). */
  keys: PublishedKey[];
  /** Whether the city directory has the new key already (false: it gets it with the next heartbeat). */
  announced: boolean;
}

/**
 * Admin of this node only (not an admin above it: the key is the node's own identity): makes a new Ed25519
 * signing key, retires the previous one, and registers again with the city so the network can verify what the
 * new key signs at once.
 */
export async function rotateNodeKey(ctx: RequestContext): Promise<KeyRotation> {
  const { authority } = requireRole(ctx, ['admin']);
  if (authority !== 'own') throw forbidden('只有本节点的管理员可以更换本节点的签名密钥');
  const { node } = ctx;
  const keyId = await node.keyring.rotate();
  node.log.info({ keyId, by: ctx.actor?.username }, '已更换节点签名密钥');
  let announced = false;
  try {
    await node.announce?.();
    announced = !!node.announce;
  } catch (e) {
    node.log.warn({ err: (e as Error).message }, '新密钥暂未登记到市级目录，将随下次心跳登记');
  }
  return { keyId, keys: node.keyring.publishedKeys(), announced };
}
