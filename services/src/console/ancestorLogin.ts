import { badInput, DomainError, ErrorCode, forbidden, unauthenticated } from '@djnet/shared';
import { authenticateRequest } from '../accounts/authenticateRequest';
import type { NodeContext } from '../node/nodeContext';
import type { Syndication } from '../syndication/syndication';
import { syndicationOf } from '../syndication/syndicationRuntime';

/** A node above this one whose accounts may sign in to this console (its tokens are accepted here). */
export interface AncestorHome {
  code: string;
  label: string;
  url: string | null;
}

/** The parent and the city, with where to reach them (the parent's URL comes with the registration answer). */
export function ancestorHomes(node: NodeContext): AncestorHome[] {
  const parent = node.config.parent;
  const city = node.network.cityCode() ?? null;
  const homes: AncestorHome[] = [];
  if (parent && parent !== city)
    homes.push({
      code: parent,
      label: `上级站点（${parent}）`,
      url: (syndicationOf(node) as Syndication | undefined)?.peerInfo().parent?.url ?? null,
    });
  if (city && city !== node.config.code) homes.push({ code: city, label: `市级站点（${city}）`, url: node.config.cityUrl ?? null });
  return homes;
}

/**
 * Signs in with an admin account of a node above this one (a county admin at one of its townships, a city admin
 * anywhere): the password goes to that node's own login over HTTPS/HTTP, never checked here, and its signed token
 * becomes this console's session — accepted like any token from an ancestor (authenticateRequest), with the roles it
 * has above.
 */
export async function loginAtAncestor(
  node: NodeContext,
  home: string,
  credentials: { username: string; password: string },
): Promise<{ token: string; expiresAt: Date }> {
  const ancestor = ancestorHomes(node).find((h) => h.code === home);
  if (!ancestor) throw badInput('账号所属站点无效', { field: 'home' });
  if (!ancestor.url) throw new DomainError(ErrorCode.UNAVAILABLE, `暂时无法连接${ancestor.label}，请稍后再试`);
  let body: {
    data?: Record<string, { login?: { token: string; expiresAt: string } } | null>;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  try {
    const response = await fetch(`${ancestor.url.replace(/\/$/, '')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($u: String!, $p: String!) { ${home} { login(username: $u, password: $p) { token expiresAt } } }`,
        variables: { u: credentials.username, p: credentials.password },
      }),
      signal: AbortSignal.timeout(8_000),
    });
    body = (await response.json()) as typeof body;
  } catch {
    throw new DomainError(ErrorCode.UNAVAILABLE, `暂时无法连接${ancestor.label}，请稍后再试`);
  }
  const login = body.data?.[home]?.login;
  if (login?.token) {
    // Only an admin above has authority here (permissions.ts); other roles act at their own node only.
    const actor = await authenticateRequest(node, `Bearer ${login.token}`);
    if (actor?.role !== 'admin') throw forbidden(`${ancestor.label}的账号只有管理员可以登录本站后台；请在所属站点的后台工作`);
    return { token: login.token, expiresAt: new Date(login.expiresAt) };
  }
  const error = body.errors?.[0];
  if (
    error?.extensions?.code === 'UNAUTHENTICATED' ||
    error?.extensions?.code === 'TOO_MANY_REQUESTS' ||
    error?.extensions?.code === 'FORBIDDEN'
  )
    throw unauthenticated(error.message);
  throw new DomainError(ErrorCode.UNAVAILABLE, `${ancestor.label}未能完成登录：${error?.message ?? '无应答'}`);
}
