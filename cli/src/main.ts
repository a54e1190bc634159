#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError, DomainError, EmbeddedDatabaseUnavailable } from '@djnet/shared';
import { DEFAULT_IMPORT_CHANNEL } from '@djnet/services';
import { runDemo } from './commands/demo';
import { runDbPrepare } from './commands/dbPrepare';
import { IMPORT_HELP, runImportLegacy } from './commands/importLegacy';
import { runTokenIssue } from './commands/tokenIssue';
import { runAdminCreate } from './commands/adminCreate';

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
  .action((file: string, opts: { dataDir?: string }) => runDemo(file, opts.dataDir).catch(fail));

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
  .requiredOption('--username <username>', '用户名：3–32 位，小写字母开头，只含小写字母、数字及 _ . -')
  .requiredOption('--name <name>', '姓名')
  .option('--password-stdin', '从标准输入读取密码（第一行）')
  .action((opts: { username: string; name: string; passwordStdin?: boolean }) => runAdminCreate(opts).catch(fail));

void program.parseAsync(process.argv);
