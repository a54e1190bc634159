#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError, DomainError, EmbeddedDatabaseUnavailable } from '@djnet/shared';
import { runDemo } from './commands/demo';
import { runDbPrepare } from './commands/dbPrepare';
import { runTokenIssue } from './commands/tokenIssue';

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

void program.parseAsync(process.argv);
