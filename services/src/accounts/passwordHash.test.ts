import { DomainError } from '@djnet/shared';
import { checkPasswordPolicy, hashPassword, verifyAgainstNothing, verifyPassword } from './passwordHash';

describe('password hashing', () => {
  it('hashes with scrypt and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('dangjian2024');
    const b = await hashPassword('dangjian2024');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('dangjian2024', a)).toBe(true);
    expect(await verifyPassword('dangjian2025', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('refuses malformed or abusive stored hashes without running them', async () => {
    const good = await hashPassword('dangjian2024');
    const parts = good.split('$');
    expect(await verifyPassword('dangjian2024', 'plain')).toBe(false);
    expect(await verifyPassword('dangjian2024', ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
    expect(await verifyPassword('dangjian2024', ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$'))).toBe(false);
    expect(await verifyPassword('dangjian2024', ['scrypt', '1000', ...parts.slice(2)].join('$'))).toBe(false);
    expect(await verifyPassword('dangjian2024', [...parts.slice(0, 5), ''].join('$'))).toBe(false);
    expect(await verifyAgainstNothing('dangjian2024')).toBe(false);
  });

  it('requires 8+ characters with letters and digits, with a Chinese message', () => {
    for (const bad of ['short1', '12345678', 'abcdefgh', '', 'a1'.repeat(65)]) {
      expect(() => checkPasswordPolicy(bad)).toThrow(DomainError);
    }
    try {
      checkPasswordPolicy('abc');
    } catch (e) {
      expect((e as DomainError).code).toBe('BAD_USER_INPUT');
      expect((e as DomainError).message).toMatch(/密码/);
    }
    expect(() => checkPasswordPolicy('xinxiyuan3')).not.toThrow();
    expect(() => checkPasswordPolicy('信息员 password 1')).not.toThrow();
  });
});
