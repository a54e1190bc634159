import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Logger } from '../logging/logger';
import { freePort } from './freePort';
import { EmbeddedDatabaseUnavailable } from './ferretdbBinary';

export interface EmbeddedServer {
  uri: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

async function waitUntilServing(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`FerretDB 进程已退出（代码 ${child.exitCode ?? child.signalCode}）`);
    }
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (e) {
      lastError = e;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`FerretDB 在 ${timeoutMs} ms 内未就绪：${String(lastError)}`);
}

/**
 * A watchdog that ends the server when this process dies without stopping it (SIGKILL, crash):
 * it waits for its stdin (a pipe from us) to close, then kills the server.
 */
function spawnWatchdog(serverPid: number): ChildProcess {
  const watchdog = spawn('/bin/sh', ['-c', `read -r _; kill -TERM ${serverPid} 2>/dev/null`], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: false,
  });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

/**
 * Starts FerretDB (SQLite backend) on a free loopback port with telemetry off and its files under dataDir.
 * Retries on another port if the chosen one was taken in the meantime.
 */
export async function startFerretDb(binary: string, dataDir: string, log?: Logger): Promise<EmbeddedServer> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort();
    const uri = `mongodb://127.0.0.1:${port}/`;
    const logFile = createWriteStream(join(dir, 'ferretdb.log'), { flags: 'a' });
    const child = spawn(
      binary,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--state-dir=${dir}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
        '--log-format=json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DO_NOT_TRACK: '1' } },
    );
    child.stdout?.pipe(logFile);
    child.stderr?.pipe(logFile);
    const watchdog = child.pid ? spawnWatchdog(child.pid) : undefined;
    try {
      await waitUntilServing(uri, child, 30_000);
    } catch (e) {
      lastError = e;
      child.kill('SIGKILL');
      watchdog?.kill('SIGKILL');
      continue;
    }
    log?.info({ uri, dataDir: dir, pid: child.pid }, '内嵌数据库 FerretDB 已启动');
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= new Promise<void>((resolveStop) => {
        watchdog?.kill('SIGKILL');
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          logFile.end();
          resolveStop();
        });
        child.kill('SIGTERM');
      }));
    return { uri, port, pid: child.pid, stop };
  }
  throw new EmbeddedDatabaseUnavailable(`FerretDB 启动失败：${String(lastError)}`);
}
