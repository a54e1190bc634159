import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { openNodeDatabase, parseNodeConfig, type NodeConfig } from '@djnet/shared';
import { accountModel } from '@djnet/services';
import { verifyPassword } from '../../../services/src/accounts/passwordHash';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { generatePassword, runAdminCreate } from './adminCreate';

function capture() {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { stdout, text: () => text };
}

/** `djnet admin create` against a real node database. */
describe('djnet admin create', () => {
  let dir: string;
  let config: NodeConfig;
  const stored = async (username: string) => {
    const connection = await openNodeDatabase(testMongoUri(), config.databaseName);
    try {
      return await accountModel(connection).findOne({ username }).lean();
    } finally {
      await connection.close();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'djnet-admin-'));
    config = parseNodeConfig({
      code: 'xingbin',
      name: '兴宾区党建网',
      tier: 'county',
      parent: 'laibin',
      port: 0,
      cityUrl: 'http://127.0.0.1:1',
      registrationToken: 'djreg_testtesttesttesttest',
      mongodbUri: testMongoUri(),
      databaseName: uniqueDatabaseName('cli_admin'),
      dataDir: dir,
    });
  });
  afterAll(async () => {
    const connection = await openNodeDatabase(testMongoUri(), config.databaseName);
    await connection.dropDatabase();
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates an admin with the password read from stdin, and never prints it', async () => {
    const out = capture();
    await runAdminCreate(
      { username: 'xb_admin', name: '兴宾区管理员', passwordStdin: true },
      { config, stdin: Readable.from(['Guanli2024\n', 'ignored\n']), stdout: out.stdout },
    );
    expect(out.text()).toMatch(/xb_admin/);
    expect(out.text()).not.toMatch(/Guanli2024/);
    const admin = await stored('xb_admin');
    expect(admin).toMatchObject({ role: 'admin', node: 'xingbin', name: '兴宾区管理员', disabled: false });
    expect(await verifyPassword('Guanli2024', admin!.passwordHash)).toBe(true);
  });

  it('generates a password and prints it once when none is given', async () => {
    const out = capture();
    await runAdminCreate({ username: 'xb_admin2', name: '第二管理员' }, { config, stdout: out.stdout });
    const printed = /：([A-Za-z0-9]{16})\n/.exec(out.text())?.[1];
    expect(printed).toBeDefined();
    expect(out.text().split(printed!).length - 1).toBe(1);
    expect(await verifyPassword(printed!, (await stored('xb_admin2'))!.passwordHash)).toBe(true);
    for (let i = 0; i < 50; i++) expect(generatePassword()).toMatch(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{16}$/);
  });

  it('refuses a taken username, a bad username and a weak password', async () => {
    const stdin = () => Readable.from(['Guanli2024\n']);
    await expect(
      runAdminCreate({ username: 'xb_admin', name: '重复', passwordStdin: true }, { config, stdin: stdin() }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(runAdminCreate({ username: 'X', name: '坏名', passwordStdin: true }, { config, stdin: stdin() })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(
      runAdminCreate({ username: 'xb_weak', name: '弱密码', passwordStdin: true }, { config, stdin: Readable.from(['weak\n']) }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await stored('xb_weak')).toBeNull();
  });

  const built = resolve(__dirname, '../../dist/main.js');
  (existsSync(built) ? it : it.skip)('is wired into the djnet command (built CLI, config from the environment)', async () => {
    const run = (args: string[], input: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, [built, 'admin', 'create', ...args], {
          env: {
            PATH: process.env.PATH,
            DJNET_CODE: config.code,
            DJNET_NAME: config.name,
            DJNET_TIER: config.tier,
            DJNET_PARENT: config.parent!,
            DJNET_PORT: '0',
            DJNET_CITY_URL: config.cityUrl!,
            DJNET_REGISTRATION_TOKEN: config.registrationToken!,
            DJNET_DATABASE: config.databaseName,
            DJNET_DATA_DIR: dir,
            MONGODB_URI: testMongoUri(),
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => done({ code, stdout, stderr }));
        child.stdin.end(input);
      });
    const ok = await run(['--username', 'xb_cli', '--name', '命令行管理员', '--password-stdin'], 'Mingling2024\n');
    expect(ok).toMatchObject({ code: 0 });
    expect(await verifyPassword('Mingling2024', (await stored('xb_cli'))!.passwordHash)).toBe(true);
    const again = await run(['--username', 'xb_cli', '--name', '重复', '--password-stdin'], 'Mingling2024\n');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/已被使用/);
  });
});
