import type { Model } from 'mongoose';
import type { AccountDoc } from './accountModel';
import { insertAccount, parseNewAccount } from './createAccount';

/**
 * Creates an admin account directly in a node's database — how a new node gets its first admin (`djnet admin
 * create`, run on the node's server). Same rules as any account; refuses a username already taken (CONFLICT).
 */
export async function createFirstAdmin(
  accounts: Model<AccountDoc>,
  nodeCode: string,
  input: { username: string; name: string; password: string },
  now: Date = new Date(),
): Promise<AccountDoc> {
  const account = parseNewAccount({ ...input, role: 'admin' });
  return insertAccount(accounts, nodeCode, account, null, now);
}
