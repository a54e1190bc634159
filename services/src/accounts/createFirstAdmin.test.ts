import type { Connection } from 'mongoose';
import { DomainError, ensureIndexes, openNodeDatabase } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { accountModel } from './accountModel';
import { createFirstAdmin } from './createFirstAdmin';
import { verifyPassword } from './passwordHash';

describe('createFirstAdmin', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('first_admin'));
    accountModel(connection);
    await ensureIndexes(connection);
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('creates an admin of the node straight in its database', async () => {
    const admin = await createFirstAdmin(accountModel(connection), 'xingbin', {
      username: 'xb_admin',
      name: '兴宾区管理员',
      password: 'guanliyuan1',
    });
    expect(admin).toMatchObject({ username: 'xb_admin', role: 'admin', node: 'xingbin', disabled: false, createdBy: null });
    const stored = await accountModel(connection).findById(admin._id).lean();
    expect(await verifyPassword('guanliyuan1', stored!.passwordHash)).toBe(true);
  });

  it('refuses a taken username (CONFLICT) and a weak password (BAD_USER_INPUT)', async () => {
    await expect(
      createFirstAdmin(accountModel(connection), 'xingbin', { username: 'xb_admin', name: '重复', password: 'guanliyuan2' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      createFirstAdmin(accountModel(connection), 'xingbin', { username: 'xb_admin2', name: '弱密码', password: 'weak' }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await accountModel(connection).countDocuments()).toBe(1);
  });
});
