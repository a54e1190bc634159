import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ConfigError, defaultDataDir } from '@djnet/shared';
import { demoNodeConfig } from '../demo/demoNodeConfig';
import {
  createLogger,
  ensureIndexes,
  nodeConfigFromEnvironment,
  openNodeDatabase,
  startDatabaseServer,
  type NodeConfig,
} from '@djnet/shared';
import { accountModel, createFirstAdmin } from '@djnet/services';

export interface AdminCreateOptions {
  /** Required unless `node` is given (then `<node>_admin<n>`, the first one free). */
  username?: string;
  /** Required unless `node` is given (then 管理员). */
  name?: string;
  /** A node of the running demo network: its config is read from the launcher's state under `dataDir`. */
  node?: string;
  dataDir?: string;
  /** Read the password from standard input (its first line) instead of generating one. */
  passwordStdin?: boolean;
}

export interface AdminCreateIo {
  /** The node's config; read from the environment (DJNET_CONFIG or DJNET_* variables) when absent. */
  config?: NodeConfig;
  stdin?: Readable;
  stdout?: Writable;
}

/** Letters and digits without look-alikes (0/O, 1/l/I). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random 16-character password that meets the policy (letters and digits). */
export function generatePassword(length = 16): string {
  for (;;) {
    const password = Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (/[A-Za-z]/.test(password) && /[0-9]/.test(password)) return password;
  }
}

async function firstLine(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/**
 * `djnet admin create`: run on a node's server with that node's config. Creates an admin account in the node's
 * own database; the password comes from stdin (--password-stdin) or is generated and printed once.
 */
export async function runAdminCreate(opts: AdminCreateOptions, io: AdminCreateIo = {}): Promise<void> {
  if (!opts.node && (!opts.username || !opts.name))
    throw new ConfigError('命令行', ['需要 --username 和 --name（或用 --node 指定演示网群中的节点）']);
  const config = io.config ?? (opts.node ? await demoNodeConfig(opts.node, opts.dataDir ?? defaultDataDir()) : nodeConfigFromEnvironment());
  const stdout = io.stdout ?? process.stdout;
  const password = opts.passwordStdin ? await firstLine(io.stdin ?? process.stdin) : generatePassword();
  if (opts.passwordStdin && !password) throw new Error('未从标准输入读到密码');
  const log = createLogger({ component: 'cli' }, 'warn');
  const db = await startDatabaseServer({ mongodbUri: config.mongodbUri, dataDir: join(config.dataDir, 'ferretdb'), log });
  try {
    const connection = await openNodeDatabase(db.uri, config.databaseName);
    try {
      const accounts = accountModel(connection);
      await ensureIndexes(connection);
      const username = opts.username ?? (await freeUsername(accounts, `${config.code}_admin`));
      const admin = await createFirstAdmin(accounts, config.code, { username, name: opts.name ?? '管理员', password });
      stdout.write(`已在节点 ${config.code}（${config.name}）创建管理员 ${admin.username}（${admin.name}）\n`);
      if (!opts.passwordStdin) stdout.write(`初始密码（只显示这一次，请妥善保管并尽快修改）：${password}\n`);
    } finally {
      await connection.close();
    }
  } finally {
    await db.stop();
  }
}

/** `base`, or `base2`, `base3`… — the first username no account of the node has. */
async function freeUsername(accounts: ReturnType<typeof accountModel>, base: string): Promise<string> {
  const taken = new Set((await accounts.find({}, { username: 1 }).lean()).map((a) => a.username));
  for (let n = 1; ; n++) if (!taken.has(n === 1 ? base : `${base}${n}`)) return n === 1 ? base : `${base}${n}`;
}
