import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { badInput } from '@djnet/shared';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** scrypt cost: N=2^15, r=8, p=1 (32 MiB, tens of milliseconds per hash). */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Memory scrypt may use: 128·N·r bytes plus headroom (Node's default limit is exactly 32 MiB, too tight). */
const maxmemFor = (N: number, r: number) => 128 * N * r * 2;
/** Hashing is expensive; reject absurd inputs before doing any work. */
const MAX_PASSWORD_CHARS = 128;
/** Stored parameters outside these bounds are refused rather than run (a tampered row must not exhaust memory). */
const MAX_N = 2 ** 20;

export const PASSWORD_RULE = `密码须为 8–${MAX_PASSWORD_CHARS} 位，且同时包含字母和数字`;

/** The password policy: 8–128 characters with at least one letter and one digit. Throws BAD_USER_INPUT. */
export function checkPasswordPolicy(password: string): void {
  const ok =
    typeof password === 'string' &&
    password.length >= 8 &&
    password.length <= MAX_PASSWORD_CHARS &&
    /[A-Za-z]/.test(password) &&
    /[0-9]/.test(password);
  if (!ok) throw badInput(PASSWORD_RULE, { field: 'password' });
}

/** Hashes a password: `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_PARAMS;
  const salt = randomBytes(SALT_BYTES);
  const hash = await scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: maxmemFor(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (typeof password !== 'string' || password.length > MAX_PASSWORD_CHARS) return false;
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) {
    return false;
  }
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length === 0 || expected.length === 0) return false;
  const actual = await scrypt(password, salt, expected.length, { N, r, p, maxmem: maxmemFor(N, r) });
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, for a username that does not exist, so response times do
 * not tell which usernames are taken.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(12).toString('base64url'));
  await verifyPassword(password, await dummyHash);
  return false;
}
