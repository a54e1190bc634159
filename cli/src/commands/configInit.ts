import { existsSync, writeFileSync } from 'node:fs';
import { parseNodeConfig } from '@djnet/shared';
import type { CommandIo } from './cliIo';

export interface ConfigInitOptions {
  code: string;
  name: string;
  tier: string;
  parent?: string;
  port?: string;
  host?: string;
  publicUrl?: string;
  cityUrl?: string;
  token?: string;
  dataDir?: string;
  out: string;
  force?: boolean;
}

/**
 * `djnet config init`: writes a node's config file (JSON, for DJNET_CONFIG) after checking it the way the node
 * will at start-up, so a county admin finds every mistake now, each named by its field. The file holds the
 * registration token: it is written readable by its owner only.
 */
export function runConfigInit(opts: ConfigInitOptions, io: Pick<CommandIo, 'stdout'> = {}): Record<string, unknown> {
  const stdout = io.stdout ?? process.stdout;
  const out = (line: string) => void stdout.write(`${line}\n`);
  if (existsSync(opts.out) && !opts.force) throw new Error(`${opts.out} 已存在（用 --force 覆盖）`);
  const input: Record<string, unknown> = {
    code: opts.code,
    name: opts.name,
    tier: opts.tier,
    parent: opts.parent ?? null,
    host: opts.host ?? '0.0.0.0',
    port: opts.port ?? '4100',
    ...(opts.publicUrl ? { publicBaseUrl: opts.publicUrl } : {}),
    ...(opts.cityUrl ? { cityUrl: opts.cityUrl } : {}),
    ...(opts.token ? { registrationToken: opts.token } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  };
  const config = parseNodeConfig(input, '节点配置');
  const file: Record<string, unknown> = { ...input, port: config.port, databaseName: config.databaseName };
  writeFileSync(opts.out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  out(`已写入 ${opts.out}：${config.code}（${config.name}，${config.tier}${config.parent ? `，上级 ${config.parent}` : ''}）`);
  out(`启动：DJNET_CONFIG=${opts.out} node services/dist/main.js`);
  return file;
}
