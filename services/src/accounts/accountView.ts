import type { AccountDoc, Role } from './accountModel';
import type { Actor } from './actor';

/** The GraphQL `Account` type. Never carries the password hash. */
export interface AccountView {
  id: string;
  username: string;
  name: string;
  /** GraphQL enum value: ADMIN, EDITOR, OFFICER, CORRESPONDENT, PARTNER. */
  role: Uppercase<Role>;
  node: string;
  reviewLevel: number;
  disabled: boolean;
}

export function accountView(account: AccountDoc): AccountView {
  return {
    id: account._id,
    username: account.username,
    name: account.name,
    role: account.role.toUpperCase() as Uppercase<Role>,
    node: account.node,
    reviewLevel: account.reviewLevel,
    disabled: account.disabled,
  };
}

/** An account of another node, as its token describes it (this node does not hold it). */
export function actorAccountView(actor: Actor): AccountView {
  return {
    id: actor.accountId,
    username: actor.username,
    name: actor.name,
    role: actor.role.toUpperCase() as Uppercase<Role>,
    node: actor.node,
    reviewLevel: actor.reviewLevel,
    disabled: false,
  };
}
