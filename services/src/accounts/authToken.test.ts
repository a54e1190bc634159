import { generateKeyPairSync, sign } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { DomainError } from '@djnet/shared';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { createAccountDirect } from '../../../tests/support/accounts';
import { eventually } from '../../../tests/support/testNetwork';
import type { NodeContext } from '../node/nodeContext';
import type { AccountDoc } from './accountModel';
import { authenticateRequest } from './authenticateRequest';
import { actorFromClaims, issueAuthToken, TOKEN_TTL_SECONDS, verifyAuthToken } from './authToken';
import { requireRole } from './permissions';

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    if (e instanceof GraphQLError) return String(e.extensions.code);
    throw e;
  }
  throw new Error('expected an error');
}

/** Re-signs a token's payload with any private key (a forger's). */
function forge(claims: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const { privateKey } = generateKeyPairSync('ed25519');
  return `${payload}.${sign(null, Buffer.from(payload), privateKey).toString('base64url')}`;
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

describe('signed tokens across the network', () => {
  let net: InProcessNetwork;
  const accounts: Record<string, AccountDoc> = {};
  const ctx = (code: string): NodeContext => net.node(code).context;

  beforeAll(async () => {
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'xiangzhou', name: '象州县党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
    accounts.city = await createAccountDirect(net.node('laibin'), { username: 'lb_admin', name: '市管理员', role: 'admin' });
    accounts.county = await createAccountDirect(net.node('xingbin'), {
      username: 'xb_editor',
      name: '区编辑',
      role: 'editor',
      reviewLevel: 2,
    });
    accounts.sibling = await createAccountDirect(net.node('xiangzhou'), { username: 'xz_admin', name: '象州管理员', role: 'admin' });
  });
  afterAll(async () => net?.stop());

  it('knows its ancestors: a township its county and the city, a county the city, the city none', () => {
    expect(ctx('xingbin_fenghuang').network.ancestors()).toEqual(['xingbin', 'laibin']);
    expect(ctx('xingbin').network.ancestors()).toEqual(['laibin']);
    expect(ctx('laibin').network.ancestors()).toEqual([]);
  });

  it('an own token verifies and carries the account', async () => {
    const { token, expiresAt, claims } = issueAuthToken(ctx('xingbin'), accounts.county!);
    expect(claims).toMatchObject({
      iss: 'xingbin',
      kid: ctx('xingbin').keyring.activeKeyId(),
      sub: accounts.county!._id,
      usr: 'xb_editor',
      role: 'editor',
      rl: 2,
    });
    expect(claims.exp - claims.iat).toBe(TOKEN_TTL_SECONDS);
    expect(expiresAt.getTime()).toBe(claims.exp * 1000);
    expect(await verifyAuthToken(ctx('xingbin'), token)).toEqual(claims);
    expect(actorFromClaims(claims)).toEqual({
      accountId: accounts.county!._id,
      username: 'xb_editor',
      name: '区编辑',
      role: 'editor',
      node: 'xingbin',
      reviewLevel: 2,
    });
  });

  it('refuses a tampered payload, a wrong signature, an expired token and an unknown issuer', async () => {
    const county = ctx('xingbin');
    const { token } = issueAuthToken(county, accounts.county!);
    const [, signature] = token.split('.') as [string, string];
    const promoted = Buffer.from(JSON.stringify({ ...claimsOf(token), role: 'admin' })).toString('base64url');
    expect(await errorCode(verifyAuthToken(county, `${promoted}.${signature}`))).toBe('UNAUTHENTICATED');
    expect(await errorCode(verifyAuthToken(county, forge(claimsOf(token))))).toBe('UNAUTHENTICATED');
    expect(await errorCode(verifyAuthToken(county, `${token}x`))).toBe('UNAUTHENTICATED');
    expect(await errorCode(verifyAuthToken(county, 'a.b.c'))).toBe('UNAUTHENTICATED');
    expect(await errorCode(verifyAuthToken(county, ''))).toBe('UNAUTHENTICATED');

    const past = { ...county, now: () => new Date(Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000) };
    const expired = issueAuthToken(past, accounts.county!).token;
    await expect(verifyAuthToken(county, expired)).rejects.toThrow('登录已过期');

    const unknown = forge({ ...claimsOf(token), iss: 'nowhere' });
    expect(await errorCode(verifyAuthToken(ctx('xingbin_fenghuang'), unknown))).toBe('UNAUTHENTICATED');
    expect(await errorCode(authenticateRequest(ctx('xingbin_fenghuang'), `Bearer ${unknown}`))).toBe('UNAUTHENTICATED');
  });

  it('a token issued by the city verifies at a township through the directory', async () => {
    const { token } = issueAuthToken(ctx('laibin'), accounts.city!);
    const actor = await authenticateRequest(ctx('xingbin_fenghuang'), `Bearer ${token}`);
    expect(actor).toMatchObject({ node: 'laibin', role: 'admin', username: 'lb_admin' });
    expect(requireRole({ node: ctx('xingbin_fenghuang'), actor }, ['admin']).authority).toBe('ancestor-admin');
  });

  it('a sibling county admin has no authority over another county’s township', async () => {
    const town = ctx('xingbin_fenghuang');
    const { token } = issueAuthToken(ctx('xiangzhou'), accounts.sibling!);
    // The signature is genuine (the directory holds xiangzhou's key)…
    const actor = actorFromClaims(await verifyAuthToken(town, token));
    // …but xiangzhou is not above this township.
    expect(() => requireRole({ node: town, actor }, ['admin'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(await errorCode(authenticateRequest(town, `Bearer ${token}`))).toBe('UNAUTHENTICATED');
  });

  it('after a county rotates its key, old and new tokens both verify at its township', async () => {
    const county = ctx('xingbin');
    const town = ctx('xingbin_fenghuang');
    const before = issueAuthToken(county, accounts.county!).token;
    await expect(verifyAuthToken(town, before)).resolves.toMatchObject({ iss: 'xingbin' });
    const oldKeyId = county.keyring.activeKeyId();
    const newKeyId = await county.keyring.rotate();
    const after = issueAuthToken(county, accounts.county!).token;
    expect(claimsOf(after).kid).toBe(newKeyId);
    // The county publishes the new key with its next heartbeat; the township re-reads on the unknown key id.
    await eventually(
      () =>
        verifyAuthToken(town, after).then(
          () => true,
          () => false,
        ),
      (ok) => ok,
    );
    await expect(verifyAuthToken(town, before)).resolves.toMatchObject({ kid: oldKeyId });
    await expect(verifyAuthToken(county, before)).resolves.toMatchObject({ kid: oldKeyId });
  });
});
