import type { Role, AccountDoc } from '../../services/src/accounts/accountModel';
import type { Actor } from '../../services/src/accounts/actor';
import { createAccount } from '../../services/src/accounts/createAccount';
import { createFirstAdmin } from '../../services/src/accounts/createFirstAdmin';
import type { RunningNode } from '../../services/src';

export const DEFAULT_TEST_PASSWORD = 'dangjian2024';

export interface TestAccountSpec {
  username: string;
  name: string;
  role: Role;
  reviewLevel?: number;
  password?: string;
}

/**
 * Creates an account on a node through the real commands (admins as `djnet admin create` does, other roles as
 * that node's admin would), straight against the node's context: no HTTP, no token needed.
 */
export async function createAccountDirect(node: RunningNode, spec: TestAccountSpec): Promise<AccountDoc> {
  const password = spec.password ?? DEFAULT_TEST_PASSWORD;
  const { context } = node;
  if (spec.role === 'admin') return createFirstAdmin(context.models.Account, context.config.code, { ...spec, password }, context.now());
  const localAdmin: Actor = {
    accountId: 'test-setup',
    username: 'test-setup',
    name: '测试准备',
    role: 'admin',
    node: context.config.code,
    reviewLevel: 3,
  };
  return createAccount(context, localAdmin, { ...spec, password });
}

/** Signs in at a node over HTTP (`mutation { <code> { login(…) { token } } }`) and returns the token. */
export async function loginToken(node: RunningNode, username: string, password: string = DEFAULT_TEST_PASSWORD): Promise<string> {
  const code = node.config.code;
  const response = await fetch(`${node.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($username: String!, $password: String!) { ${code} { login(username: $username, password: $password) { token } } }`,
      variables: { username, password },
    }),
  });
  const body = (await response.json()) as { data?: Record<string, { login: { token: string } }>; errors?: { message: string }[] };
  const token = body.data?.[code]?.login.token;
  if (!token) throw new Error(`login as ${username} at ${code} failed (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  return token;
}

/** `Authorization` header for a token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
