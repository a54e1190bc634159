import type { Actor } from '../accounts/actor';
import type { NodeContext } from '../node/nodeContext';

/** The GraphQL context of one request to a node. */
export interface RequestContext {
  node: NodeContext;
  /** The signed-in account, or null for the public and partners. */
  actor: Actor | null;
  requestId?: string;
  ip?: string;
}
