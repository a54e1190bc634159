import type { Writable } from 'node:stream';
import { nodeConfigFromEnvironment, type NodeConfig } from '@djnet/shared';

/** What a command reads and writes: the node's config (from the environment when absent) and its output. */
export interface CommandIo {
  config?: NodeConfig;
  stdout?: Writable;
  stderr?: Writable;
}

export function resolveIo(io: CommandIo): { config: NodeConfig; out: (line: string) => void; stderr: Writable } {
  const config = io.config ?? nodeConfigFromEnvironment();
  const stdout = io.stdout ?? process.stdout;
  return { config, out: (line) => void stdout.write(`${line}\n`), stderr: io.stderr ?? process.stderr };
}
