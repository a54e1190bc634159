import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ConfigError, DomainError, openNodeDatabase, parseNodeConfig, type NodeConfig } from '@djnet/shared';
import { issueRegistrationGrant, RegistrationRefused } from '@djnet/services';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { createAccountDirect } from '../../../tests/support/accounts';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { runConfigInit } from './configInit';
import { runDataExport, runDataImport } from './dataTransfer';
import { runKeyRotate } from './keyRotate';
import { runNodeRegister } from './nodeRegister';
import { runSyndicationReplay, runSyndicationStatus } from './syndicationStatus';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { stdout: stream, stderr: new PassThrough(), text: () => text };
}

/** The county admin's command-line tool against real running nodes and their databases. */
describe('djnet node commands', () => {
  let net: InProcessNetwork;
  let dir: string;
  const countyConfig = () => net.node('xingbin').config;
  const countyUrl = () => net.node('xingbin').url;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'djnet-cli-'));
    net = await startInProcessNetwork([
      { code: 'laibin', name: '来宾市党建网', tier: 'city' },
      { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
      { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
    ]);
    await createAccountDirect(net.node('xingbin'), { username: 'xb_admin', name: '兴宾管理员', role: 'admin' });
    await createAccountDirect(net.node('xingbin'), { username: 'xb_editor', name: '兴宾编辑', role: 'editor' });
  });
  afterAll(async () => {
    await net?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('config init', () => {
    it('writes a checked config file, readable by its owner only', () => {
      const out = capture();
      const file = join(dir, 'fenghuang.json');
      runConfigInit(
        {
          code: 'xingbin_fenghuang',
          name: '凤凰镇党建信息服务站',
          tier: 'township',
          parent: 'xingbin',
          port: '4301',
          cityUrl: 'https://laibin.example.cn',
          token: 'djreg_0123456789abcdef',
          out: file,
        },
        out,
      );
      const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(written).toMatchObject({
        code: 'xingbin_fenghuang',
        tier: 'township',
        parent: 'xingbin',
        port: 4301,
        databaseName: 'djnet_xingbin_fenghuang',
      });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(out.text()).toContain('已写入');
      expect(() => parseNodeConfig(written)).not.toThrow();
    });

    it('names every wrong field, and never overwrites without --force', () => {
      const file = join(dir, 'bad.json');
      let error: unknown;
      try {
        runConfigInit({ code: 'Bad Code', name: '', tier: 'village', out: file }, capture());
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('code');
      expect(message).toContain('name');
      expect(message).toContain('tier');
      writeFileSync(file, '{}');
      expect(() =>
        runConfigInit(
          {
            code: 'heshan',
            name: '合山市党建网',
            tier: 'county',
            parent: 'laibin',
            cityUrl: 'https://x.cn',
            token: 'djreg_0123456789abcdef',
            out: file,
          },
          capture(),
        ),
      ).toThrow('已存在');
    });
  });

  describe('node register', () => {
    it('registers a node that never started (keys made in its database) and prints the city’s answer', async () => {
      const token = await issueRegistrationGrant(net.node('laibin').directory!, 'laibin', {
        code: 'xingbin_qiaogong',
        tier: 'township',
        parent: 'xingbin',
        name: '桥巩镇党建信息服务站',
      });
      const config = parseNodeConfig({
        code: 'xingbin_qiaogong',
        name: '桥巩镇党建信息服务站',
        tier: 'township',
        parent: 'xingbin',
        port: 4399,
        cityUrl: net.node('laibin').url,
        registrationToken: token,
        mongodbUri: testMongoUri(),
        databaseName: uniqueDatabaseName('cli_register'),
        dataDir: dir,
      });
      const out = capture();
      await runNodeRegister({}, { config, stdout: out.stdout });
      expect(out.text()).toContain('已在市级目录登记：xingbin_qiaogong');
      const entry = await net.node('laibin').directory!.DirectoryEntry.findOne({ code: 'xingbin_qiaogong' }).lean();
      expect(entry?.url).toBe('http://127.0.0.1:4399');
      expect(entry?.keys).toHaveLength(1);
      const db = await openNodeDatabase(testMongoUri(), config.databaseName);
      await db.dropDatabase();
      await db.close();
    });

    it('a wrong token is refused with the city’s reason; the city itself is told it needs no registration', async () => {
      const config: NodeConfig = { ...countyConfig(), registrationToken: 'djreg_not-a-real-token-000', publicBaseUrl: countyUrl() };
      await expect(runNodeRegister({}, { config, stdout: capture().stdout })).rejects.toThrow(RegistrationRefused);
      await expect(runNodeRegister({}, { config, stdout: capture().stdout })).rejects.toThrow('注册令牌无效或已撤销');
      await expect(runNodeRegister({}, { config: net.node('laibin').config, stdout: capture().stdout })).rejects.toThrow('无需注册');
    });
  });

  describe('key rotate', () => {
    it('the running node makes a new key and the city has it at once', async () => {
      const county = net.node('xingbin');
      const before = county.context.keyring.activeKeyId();
      const out = capture();
      const answer = await runKeyRotate({ url: countyUrl() }, { config: countyConfig(), stdout: out.stdout });
      expect(answer.keyId).not.toBe(before);
      expect(county.context.keyring.activeKeyId()).toBe(answer.keyId);
      expect(answer.announced).toBe(true);
      const entry = await net.node('laibin').directory!.DirectoryEntry.findOne({ code: 'xingbin' }).lean();
      expect(entry?.keys.map((k) => k.keyId)).toContain(answer.keyId);
      expect(out.text()).toContain(`新的签名密钥：${answer.keyId}`);
    });

    it('acting as a non-admin is refused by the node; a node that is not running is a clear error', async () => {
      await expect(
        runKeyRotate({ url: countyUrl(), as: 'xb_editor' }, { config: countyConfig(), stdout: capture().stdout }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(runKeyRotate({ url: countyUrl(), as: 'nobody' }, { config: countyConfig(), stdout: capture().stdout })).rejects.toThrow(
        '本节点没有账号 nobody',
      );
      await expect(runKeyRotate({ url: 'http://127.0.0.1:1' }, { config: countyConfig(), stdout: capture().stdout })).rejects.toThrow(
        '节点在运行吗',
      );
    });

    it('a node without any admin says how to make one', async () => {
      const config = { ...net.node('xingbin_fenghuang').config };
      await expect(runKeyRotate({ url: net.node('xingbin_fenghuang').url }, { config, stdout: capture().stdout })).rejects.toThrow(
        'djnet admin create',
      );
    });
  });

  describe('syndication status and replay', () => {
    it('lists the edges the county pulls and who reads it', async () => {
      const out = capture();
      const status = await runSyndicationStatus({ url: countyUrl() }, { config: countyConfig(), stdout: out.stdout });
      // xingbin_qiaogong registered above (never started): its edge exists and shows its errors.
      expect(status.edges.map((e) => `${e.peer}:${e.stream}`).sort()).toEqual([
        'laibin:DOWN',
        'xingbin_fenghuang:UP',
        'xingbin_qiaogong:UP',
      ]);
      expect(out.text()).toContain('本站读取的通道');
      expect(out.text()).toContain('xingbin_fenghuang');
    });

    it('replays an edge from a sequence, and explains bad arguments', async () => {
      const out = capture();
      const edge = await runSyndicationReplay(
        { peer: 'xingbin_fenghuang', stream: 'up', from: '1', url: countyUrl() },
        { config: countyConfig(), stdout: out.stdout },
      );
      expect(edge.peer).toBe('xingbin_fenghuang');
      expect(out.text()).toContain('已从序号 1 重放');
      await expect(
        runSyndicationReplay({ peer: 'xingbin_fenghuang', stream: 'sideways', from: '1' }, { config: countyConfig() }),
      ).rejects.toThrow('--stream');
      await expect(
        runSyndicationReplay({ peer: 'xingbin_fenghuang', stream: 'up', from: '0' }, { config: countyConfig() }),
      ).rejects.toThrow('--from');
      const unknown = runSyndicationReplay(
        { peer: 'heshan', stream: 'up', from: '1', url: countyUrl() },
        { config: countyConfig(), stdout: capture().stdout },
      );
      await expect(unknown).rejects.toBeInstanceOf(DomainError);
      await expect(
        runSyndicationReplay(
          { peer: 'heshan', stream: 'up', from: '1', url: countyUrl() },
          { config: countyConfig(), stdout: capture().stdout },
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('data export and import', () => {
    it('exports a node’s database and imports it into an empty one, twice without change', async () => {
      const file = join(dir, 'xingbin.jsonl.gz');
      const header = await runDataExport(file, { config: countyConfig(), stdout: capture().stdout, stderr: new PassThrough() });
      expect(header.node).toBe('xingbin');
      expect(header.collections.accounts).toBe(2);
      const total = Object.values(header.collections).reduce((a, b) => a + b, 0);

      // The same node moved to a new server: an empty database, not running.
      const target: NodeConfig = { ...countyConfig(), databaseName: uniqueDatabaseName('cli_import'), publicBaseUrl: 'http://127.0.0.1:1' };
      const first = await runDataImport(file, {}, { config: target, stdout: capture().stdout, stderr: new PassThrough() });
      expect(first.documents).toBe(total);
      const second = await runDataImport(file, {}, { config: target, stdout: capture().stdout, stderr: new PassThrough() });
      expect(second.documents).toBe(total);
      const db = await openNodeDatabase(testMongoUri(), target.databaseName);
      try {
        for (const [name, count] of Object.entries(header.collections))
          expect([name, await db.collection(name).countDocuments({})]).toEqual([name, count]);
        const admin = await db.collection('accounts').findOne({ username: 'xb_admin' });
        expect(admin?.createdAt).toBeInstanceOf(Date);
        await db.dropDatabase();
      } finally {
        await db.close();
      }
    });

    it('refuses another node’s export, a file that is no export, a missing file and a running node', async () => {
      const file = join(dir, 'county.jsonl.gz');
      await runDataExport(file, { config: countyConfig(), stdout: capture().stdout, stderr: new PassThrough() });
      const other: NodeConfig = {
        ...net.node('xingbin_fenghuang').config,
        databaseName: uniqueDatabaseName('cli_other'),
        publicBaseUrl: null,
      };
      await expect(runDataImport(file, {}, { config: other, stdout: capture().stdout })).rejects.toThrow(
        '导出文件属于节点 xingbin，不能导入节点 xingbin_fenghuang',
      );

      const target: NodeConfig = { ...countyConfig(), databaseName: uniqueDatabaseName('cli_bad'), publicBaseUrl: null };
      const plain = join(dir, 'plain.txt');
      writeFileSync(plain, 'hello');
      await expect(runDataImport(plain, {}, { config: target, stdout: capture().stdout })).rejects.toThrow('不是 gzip 压缩的节点导出文件');
      const notExport = join(dir, 'other.jsonl.gz');
      writeFileSync(notExport, gzipSync('{"hello":1}\n'));
      await expect(runDataImport(notExport, {}, { config: target, stdout: capture().stdout })).rejects.toThrow('不是节点导出文件');
      await expect(runDataImport(join(dir, 'missing.gz'), {}, { config: target, stdout: capture().stdout })).rejects.toThrow('找不到文件');

      const running: NodeConfig = { ...countyConfig(), publicBaseUrl: countyUrl() };
      await expect(runDataImport(file, {}, { config: running, stdout: capture().stdout })).rejects.toThrow('正在运行');
    });
  });
});
