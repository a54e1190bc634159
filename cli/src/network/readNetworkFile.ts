import { readFileSync } from 'node:fs';
import { ConfigError, parseNetworkFile, type NetworkFile } from '@djnet/shared';

export function readNetworkFile(path: string): NetworkFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(path, [`无法读取网群配置文件：${(e as Error).message}`]);
  }
  return parseNetworkFile(raw, path);
}
