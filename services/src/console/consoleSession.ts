import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { authenticateRequest } from '../accounts/authenticateRequest';
import type { Actor } from '../accounts/actor';
import type { NodeContext } from '../node/nodeContext';

/** The console's session: the signed login token in an HttpOnly, SameSite=Strict cookie scoped to /admin. */
export const SESSION_COOKIE = 'djnet_admin';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function setSession(req: Request, res: Response, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  res.append(
    'Set-Cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/admin; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`,
  );
}

export function clearSession(res: Response): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict`);
}

export function sessionToken(req: Request): string | undefined {
  const token = readCookie(req, SESSION_COOKIE);
  return token && token.length < 4_000 ? token : undefined;
}

/**
 * The signed-in actor, checked like any API request (signature, expiry, account still enabled at its home node);
 * null without a session or when the token is no longer valid (the reader is sent to log in again).
 */
export async function sessionActor(node: NodeContext, req: Request): Promise<Actor | null> {
  const token = sessionToken(req);
  if (!token) return null;
  try {
    return await authenticateRequest(node, `Bearer ${token}`);
  } catch {
    return null;
  }
}

/**
 * The form token against cross-site requests: derived from the session token, which another site cannot read
 * (HttpOnly), so it cannot forge the field. Every state-changing form carries it (besides SameSite=Strict).
 */
export function csrfToken(req: Request): string {
  const token = sessionToken(req) ?? '';
  return createHash('sha256').update(`djnet-console-csrf:${token}`).digest('base64url');
}

export function csrfValid(req: Request, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || !sessionToken(req)) return false;
  const expected = Buffer.from(csrfToken(req));
  const given = Buffer.from(submitted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
