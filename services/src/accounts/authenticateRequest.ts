import type { NodeContext } from '../node/nodeContext';
import type { Actor } from './actor';

/** The actor behind an `Authorization: Bearer <token>` header; null without a header. (helper-owned: accounts/auth) */
export async function authenticateRequest(_node: NodeContext, authorization: string | undefined): Promise<Actor | null> {
  if (!authorization) return null;
  throw new Error('authenticateRequest: not implemented yet');
}
