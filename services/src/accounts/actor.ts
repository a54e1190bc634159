import type { Role } from './accountModel';

/** Who is making a request: a signed-in account, from this node or from another node of the network. */
export interface Actor {
  accountId: string;
  username: string;
  name: string;
  role: Role;
  /** The account's home node (the node that issued its token). */
  node: string;
  reviewLevel: number;
}
