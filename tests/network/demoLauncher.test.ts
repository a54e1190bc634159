import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, projectRoot } from '../../shared/src';
import { gql } from '../support/testNetwork';
import { until } from '../support/expectations';

function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of out.trim().split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const all: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (all.push(c), walk(c)));
  walk(pid);
  return all;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `djnet demo` (what `npm start` runs) as a real process: serves the federated query, and Ctrl-C or a kill leaves nothing behind. */
describe('demo launcher', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'djnet-demo-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function writeNetwork(): Promise<{ file: string; gatewayPort: number }> {
    const gatewayPort = await freePort();
    const network = {
      name: '测试网群',
      gateway: { port: gatewayPort },
      nodes: [
        { code: 'laibin', name: '来宾市党建网', tier: 'city', port: await freePort() },
        { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin', port: await freePort() },
        { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin', port: await freePort() },
      ],
    };
    const file = join(dir, 'network.json');
    writeFileSync(file, JSON.stringify(network));
    return { file, gatewayPort };
  }

  async function startDemo(file: string) {
    // A private database dir per run, so the demo's data never mixes with another test's.
    const child = spawn(process.execPath, [join(projectRoot(), 'cli/dist/main.js'), 'demo', file, '--data-dir', join(dir, 'data')], {
      env: { ...process.env, MONGODB_URI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await until(() => output.includes('网群已就绪'), 60_000).catch(() => {
      throw new Error(`demo did not become ready:\n${output}`);
    });
    return { child, exited, output: () => output };
  }

  it('serves the federated query, and Ctrl-C (SIGINT) stops every process it started', async () => {
    const { file, gatewayPort } = await writeNetwork();
    const demo = await startDemo(file);
    const { body } = await gql<{ network: Record<string, { name: string }> }>(
      `http://127.0.0.1:${gatewayPort}`,
      '{ network { laibin { name } xingbin { name } xingbin_fenghuang { name } } }',
    );
    expect(body.data?.network.xingbin_fenghuang?.name).toBe('凤凰镇党建信息服务站');
    const pids = descendants(demo.child.pid!);
    expect(pids.length).toBeGreaterThanOrEqual(5); // database, city, county, township, gateway (+ watchdog)
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    await until(() => pids.every((p) => !alive(p)), 15_000);
  });

  it('a killed launcher (SIGKILL) still leaves no process behind', async () => {
    const { file } = await writeNetwork();
    const demo = await startDemo(file);
    const pids = descendants(demo.child.pid!);
    demo.child.kill('SIGKILL');
    await demo.exited;
    await until(() => pids.every((p) => !alive(p)), 15_000);
  });

  it('refuses a network file with a taken port before starting anything', async () => {
    const { file } = await writeNetwork();
    const blocker = createServer();
    const network = JSON.parse(readFileSync(file, 'utf8')) as { nodes: { port: number }[] };
    await new Promise<void>((r) => blocker.listen(network.nodes[1]!.port, '127.0.0.1', () => r()));
    try {
      const result = spawn(process.execPath, [join(projectRoot(), 'cli/dist/main.js'), 'demo', file, '--data-dir', join(dir, 'data')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      result.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((r) => result.once('exit', r));
      expect(code).toBe(2);
      expect(err).toContain(`节点 xingbin：端口 ${network.nodes[1]!.port} 已被占用`);
    } finally {
      blocker.close();
    }
  });
});
