import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
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
  username: string;
  name: string;
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
  const config = io.config ?? nodeConfigFromEnvironment();
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
      const admin = await createFirstAdmin(accounts, config.code, { username: opts.username, name: opts.name, password });
      stdout.write(`已在节点 ${config.code}（${config.name}）创建管理员 ${admin.username}（${admin.name}）\n`);
      if (!opts.passwordStdin) stdout.write(`初始密码（只显示这一次，请妥善保管并尽快修改）：${password}\n`);
    } finally {
      await connection.close();
    }
  } finally {
    await db.stop();
  }
}
