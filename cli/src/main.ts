#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError, DomainError, EmbeddedDatabaseUnavailable } from '@djnet/shared';
import { DEFAULT_IMPORT_CHANNEL } from '@djnet/services';
import { runDemo } from './commands/demo';
import { runDbPrepare } from './commands/dbPrepare';
import { IMPORT_HELP, runImportLegacy } from './commands/importLegacy';
import { runTokenIssue } from './commands/tokenIssue';
import { runAdminCreate } from './commands/adminCreate';
import { runConfigInit, type ConfigInitOptions } from './commands/configInit';
import { runDataExport, runDataImport } from './commands/dataTransfer';
import { runKeyRotate } from './commands/keyRotate';
import { runNodeRegister } from './commands/nodeRegister';
import { runSyndicationReplay, runSyndicationStatus } from './commands/syndicationStatus';

function fail(e: unknown): never {
  const known = e instanceof ConfigError || e instanceof DomainError || e instanceof EmbeddedDatabaseUnavailable;
  process.stderr.write(`错误：${known ? e.message : ((e as Error).message ?? String(e))}\n`);
  process.exit(known ? 2 : 1);
}

const program = new Command('djnet').description('党建网群命令行工具').showHelpAfterError();

program
  .command('demo')
  .description('在本机启动整个演示网群（每个节点一个进程、一个数据库），Ctrl-C 停止')
  .argument('[network-file]', '网群配置文件', 'deploy/demo-network.json')
  .option('--data-dir <dir>', '数据与日志目录（默认为项目下的 data/）')
  .option('--fresh', '清除演示数据（数据库、日志、演示账号）后重新开始并重新写入演示内容')
  .option('--no-seed', '不写入演示内容、不创建演示账号（与生产节点一样从空库启动）')
  .action((file: string, opts: { dataDir?: string; fresh?: boolean; seed?: boolean }) => runDemo(file, opts).catch(fail));

const db = program.command('db').description('数据库');
db.command('prepare')
  .description('构建内嵌数据库 FerretDB（首次使用时也会自动构建）')
  .action(() => runDbPrepare().catch(fail));

const token = program.command('token').description('注册令牌（在市级节点上运行）');
token
  .command('issue')
  .description('为一个节点签发注册令牌，令牌只显示一次')
  .requiredOption('--code <code>', '节点代码，如 xingbin_fenghuang')
  .requiredOption('--tier <tier>', 'county | township')
  .requiredOption('--parent <code>', '上级节点代码')
  .option('--name <name>', '站点名称')
  .action((opts: { code: string; tier: string; parent: string; name?: string }) => runTokenIssue(opts).catch(fail));

program
  .command('import')
  .description('导入旧站文章（HTML 页面文件夹、CSV 或 JSON 导出），自动识别 GBK/Big5/UTF-8 并修复乱码，作为已发布文章写入本节点')
  .argument('<path>', '文件或文件夹')
  .option('--format <format>', 'html | csv | json（默认按扩展名识别）')
  .option('--channel <slug>', '栏目缺失或不存在时放入的栏目标识', DEFAULT_IMPORT_CHANNEL)
  .option('--dry-run', '只检查并报告，不写入')
  .option('--verbose', '列出每条记录（默认只列出跳过、失败和需要注意的记录）')
  .addHelpText('after', IMPORT_HELP)
  .action((path: string, opts: { format?: string; channel?: string; dryRun?: boolean; verbose?: boolean }) =>
    runImportLegacy(path, opts)
      .then((ok) => {
        if (!ok) process.exitCode = 1;
      })
      .catch(fail),
  );

const admin = program.command('admin').description('账号（在节点服务器上运行，读取本节点配置）');
admin
  .command('create')
  .description('在本节点创建管理员账号；不用 --password-stdin 时生成随机密码并只显示一次')
  .option('--username <username>', '用户名：3–32 位，小写字母开头，只含小写字母、数字及 _ . -（用 --node 时默认 <节点代码>_admin…）')
  .option('--name <name>', '姓名（用 --node 时默认“管理员”）')
  .option('--password-stdin', '从标准输入读取密码（第一行）')
  .option('--node <code>', '演示网群运行时：在其中的这个节点创建（读取启动器保存在 data/ 中的配置，无需 DJNET_CONFIG）')
  .option('--data-dir <dir>', '与 --node 一起用：演示网群的数据目录（默认为项目下的 data/）')
  .action((opts: { username: string; name: string; passwordStdin?: boolean; node?: string; dataDir?: string }) =>
    runAdminCreate(opts).catch(fail),
  );

const configCmd = program.command('config').description('节点配置');
configCmd
  .command('init')
  .description('检查并写出一个节点的配置文件（JSON，供 DJNET_CONFIG 使用；含注册令牌，仅本人可读）')
  .requiredOption('--code <code>', '节点代码，如 xingbin_fenghuang')
  .requiredOption('--name <name>', '站点名称')
  .requiredOption('--tier <tier>', 'city | county | township')
  .option('--parent <code>', '上级节点代码')
  .option('--host <host>', '监听地址', '0.0.0.0')
  .option('--port <port>', '端口', '4100')
  .option('--public-url <url>', '对外地址，如 https://fenghuang.example.cn')
  .option('--city-url <url>', '市级节点地址（用于注册）')
  .option('--token <token>', '市级节点签发的注册令牌')
  .option('--data-dir <dir>', '数据目录')
  .option('--out <file>', '写到哪个文件', 'djnet-node.json')
  .option('--force', '覆盖已有文件')
  .action((opts: ConfigInitOptions) => {
    try {
      runConfigInit(opts);
    } catch (e) {
      fail(e);
    }
  });

// The commands below run on a node's server with that node's config (DJNET_CONFIG or DJNET_* variables).
const nodeCmd = program.command('node').description('节点（在节点服务器上运行，读取本节点配置）');
nodeCmd
  .command('register')
  .description('立即在市级目录登记本节点（检查配置和注册令牌；运行中的节点也会按心跳自行登记）')
  .option('--url <url>', '本节点对外地址（默认 DJNET_PUBLIC_URL）')
  .action((opts: { url?: string }) => runNodeRegister(opts).catch(fail));

const asOption = ['--as <username>', '以哪个管理员账号操作（默认最早创建的管理员）'] as const;
const urlOption = ['--url <url>', '运行中节点的地址（默认 DJNET_PUBLIC_URL）'] as const;

program
  .command('key')
  .description('节点签名密钥')
  .command('rotate')
  .description('更换本节点的签名密钥并立即登记到市级目录；旧密钥保留用于验证')
  .option(...asOption)
  .option(...urlOption)
  .action((opts: { as?: string; url?: string }) => runKeyRotate(opts).then(() => undefined, fail));

const synd = program.command('syndication').description('网群同步');
synd
  .command('status')
  .description('本站各同步通道的进度、积压和错误')
  .option(...asOption)
  .option(...urlOption)
  .action((opts: { as?: string; url?: string }) => runSyndicationStatus(opts).then(() => undefined, fail));
synd
  .command('replay')
  .description('从指定序号重放一个同步通道（幂等：只补上缺少的）')
  .requiredOption('--peer <code>', '对方节点代码')
  .requiredOption('--stream <stream>', 'up（读取下级的上行流）| down（读取上级的下行流）')
  .requiredOption('--from <seq>', '起始序号')
  .option(...asOption)
  .option(...urlOption)
  .action((opts: { peer: string; stream: string; from: string; as?: string; url?: string }) =>
    runSyndicationReplay(opts).then(() => undefined, fail),
  );

const data = program.command('data').description('数据导出与导入（本节点数据库）');
data
  .command('export')
  .description('把本节点数据库的全部记录导出为一个 gzip 压缩的 JSON 行文件')
  .argument('<file>', '导出文件，如 fenghuang-2026-11-30.jsonl.gz')
  .action((file: string) => runDataExport(file).then(() => undefined, fail));
data
  .command('import')
  .description('把本节点的导出文件写回数据库（按 _id 覆盖，可重复运行）；须先停止节点')
  .argument('<file>', '导出文件')
  .option('--force', '不检查节点是否在运行')
  .action((file: string, opts: { force?: boolean }) => runDataImport(file, opts).then(() => undefined, fail));

void program.parseAsync(process.argv);
