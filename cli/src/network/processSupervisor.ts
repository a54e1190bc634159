import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  /** Last lines the process wrote to stderr, for error messages. */
  stderrTail(): string;
}

/**
 * Starts a service as a child process with an IPC channel: the child stops itself when the channel closes,
 * so nothing outlives the launcher even when the launcher is killed. Output goes to a log file per process.
 */
export function startProcess(name: string, script: string, env: Record<string, string>, logDir: string): ManagedProcess {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: ['--enable-source-maps'],
  });
  let tail = '';
  child.stdout?.pipe(log, { end: false });
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-2000);
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { name, child, exited, stderrTail: () => tail.trim() };
}

/** Asks a process to stop (SIGTERM), and kills it if it has not ended within the grace period. */
export async function stopProcess(p: ManagedProcess, graceMs = 8_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

/** Polls a URL until it answers 200, the process exits, or the timeout passes. */
export async function waitForReady(p: ManagedProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | string | undefined;
  void p.exited.then((c) => (exitCode = c));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${p.name} 启动失败（退出码 ${exitCode}）：${lastLine(p.stderrTail())}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${p.name} 在 ${Math.round(timeoutMs / 1000)} 秒内未就绪（${url}）`);
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter(Boolean);
  const last = lines.at(-1) ?? '';
  try {
    const parsed = JSON.parse(last) as { msg?: string };
    return parsed.msg ?? last;
  } catch {
    return last;
  }
}
