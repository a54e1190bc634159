import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, projectRoot } from '../../shared/src';

export interface DemoNodeSpec {
  code: string;
  name: string;
  tier: 'city' | 'county' | 'township';
  parent?: string;
}

/** The demo's own shape, cut down: the city, 兴宾区 and its township 凤凰镇 (codes and names as in deploy/). */
export const SMALL_DEMO: readonly DemoNodeSpec[] = [
  { code: 'laibin', name: '来宾市党建网', tier: 'city' },
  { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin' },
  { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin' },
];

/** Writes a network file with free ports; returns it and the ports by code (`gateway` for the gateway). */
export async function writeNetworkFile(
  dir: string,
  nodes: readonly DemoNodeSpec[] = SMALL_DEMO,
): Promise<{ file: string; ports: Map<string, number> }> {
  const ports = new Map<string, number>([['gateway', await freePort()]]);
  for (const n of nodes) ports.set(n.code, await freePort());
  const network = {
    name: '测试网群',
    gateway: { port: ports.get('gateway') },
    nodes: nodes.map((n) => ({ ...n, port: ports.get(n.code) })),
  };
  const file = join(dir, 'network.json');
  writeFileSync(file, JSON.stringify(network));
  return { file, ports };
}

export async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

export interface DemoProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** `djnet demo` (what `npm start` runs) as a real process with its own data folder; resolves once it says it is ready. */
export async function startDemo(file: string, dataDir: string, args: string[] = [], timeoutMs = 150_000): Promise<DemoProcess> {
  const child = spawn(process.execPath, [join(projectRoot(), 'cli/dist/main.js'), 'demo', file, '--data-dir', dataDir, ...args], {
    env: { ...process.env, MONGODB_URI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = await Promise.race([waitUntil(() => output.includes('网群已就绪'), timeoutMs), exited.then(() => false)]);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`demo did not become ready:\n${output}`);
  }
  return { child, exited, output: () => output };
}

/** Stops a demo as Ctrl-C does and waits for it to exit. */
export async function stopDemo(demo: DemoProcess): Promise<number | null> {
  if (demo.child.exitCode === null && demo.child.signalCode === null) demo.child.kill('SIGINT');
  return demo.exited;
}
