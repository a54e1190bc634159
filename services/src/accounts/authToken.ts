import { z } from 'zod';
import { unauthenticated } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import { ROLES, type AccountDoc } from './accountModel';
import type { Actor } from './actor';

/** A sign-in lasts 12 hours. */
export const TOKEN_TTL_SECONDS = 12 * 60 * 60;
/** Clocks of two nodes may differ a little: a token "issued" up to this far in the future is still accepted. */
const CLOCK_SKEW_SECONDS = 60;
const MAX_TOKEN_CHARS = 4096;

const claimsSchema = z.object({
  /** The issuing node: the account's home node. */
  iss: z.string().min(1).max(64),
  /** The issuer's key that signed it. */
  kid: z.string().regex(/^[0-9a-f]{16}$/),
  sub: z.string().min(1).max(64),
  usr: z.string().min(1).max(64),
  name: z.string().max(100),
  role: z.enum(ROLES),
  rl: z.number().int().min(0).max(3),
  iat: z.number().int(),
  exp: z.number().int(),
});

/** What a token says: who signed in where, as what, until when (seconds since the epoch). */
export type TokenClaims = z.infer<typeof claimsSchema>;

/** A token could not be checked now (the city directory is unreachable); not proof that it is forged. */
export class TokenCheckUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenCheckUnavailable';
  }
}

/**
 * Issues a compact signed token for an account of this node: `base64url(JSON claims).base64url(Ed25519 signature)`,
 * signed with the node's active key over the first part.
 */
export function issueAuthToken(
  node: Pick<NodeContext, 'config' | 'keyring' | 'now'>,
  account: AccountDoc,
): { token: string; expiresAt: Date; claims: TokenClaims } {
  const iat = Math.floor(node.now().getTime() / 1000);
  const claims: TokenClaims = {
    iss: node.config.code,
    kid: node.keyring.activeKeyId(),
    sub: account._id,
    usr: account.username,
    name: account.name,
    role: account.role,
    rl: account.reviewLevel,
    iat,
    exp: iat + TOKEN_TTL_SECONDS,
  };
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  const { keyId, signature } = node.keyring.sign(Buffer.from(payload, 'ascii'));
  if (keyId !== claims.kid) throw new Error('active key changed while signing a token');
  return { token: `${payload}.${signature}`, expiresAt: new Date(claims.exp * 1000), claims };
}

export interface VerifyOptions {
  /** Issuers whose tokens are accepted here; any node of the network when absent. */
  trustedIssuers?: readonly string[];
}

/**
 * Checks a token: well formed, not expired, from an accepted issuer, and signed by that issuer's key — this
 * node's own keyring for its own tokens, otherwise the issuer's key from the city directory. Throws
 * UNAUTHENTICATED (zh-CN message) when it is not valid, TokenCheckUnavailable when the issuer's keys cannot be read.
 */
export async function verifyAuthToken(node: NodeContext, token: string, options: VerifyOptions = {}): Promise<TokenClaims> {
  const invalid = () => unauthenticated('登录凭证无效，请重新登录');
  if (token.length > MAX_TOKEN_CHARS) throw invalid();
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) throw invalid();
  const [, payload, signature] = match as unknown as [string, string, string];
  let claims: TokenClaims;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) throw invalid();
    claims = parsed.data;
  } catch {
    throw invalid();
  }
  const nowSeconds = Math.floor(node.now().getTime() / 1000);
  if (options.trustedIssuers && !options.trustedIssuers.includes(claims.iss)) {
    throw unauthenticated(`本节点不接受节点 ${claims.iss} 签发的登录凭证`);
  }
  const data = Buffer.from(payload, 'ascii');
  const own = claims.iss === node.config.code;
  let valid = own && node.keyring.verifyOwn(claims.kid, data, signature);
  // Another node's token, or our own signed by a key this process has not loaded (another process rotated).
  if (!valid && !(own && node.keyring.publishedKeys().some((k) => k.keyId === claims.kid))) {
    try {
      valid = await node.network.verifyFrom(claims.iss, claims.kid, data, signature);
    } catch (e) {
      throw new TokenCheckUnavailable((e as Error).message);
    }
  }
  if (!valid) throw invalid();
  // Expiry is checked only once the signature holds, so the message never describes a forged token.
  if (claims.exp <= nowSeconds) throw unauthenticated('登录已过期，请重新登录');
  if (claims.iat > nowSeconds + CLOCK_SKEW_SECONDS || claims.exp - claims.iat > TOKEN_TTL_SECONDS) throw invalid();
  return claims;
}

/** The actor a verified token speaks for. */
export function actorFromClaims(claims: TokenClaims): Actor {
  return { accountId: claims.sub, username: claims.usr, name: claims.name, role: claims.role, node: claims.iss, reviewLevel: claims.rl };
}
