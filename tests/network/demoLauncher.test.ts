import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../shared/src';
import { startDemo, writeNetworkFile } from '../support/demoProcess';
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
    const { file, ports } = await writeNetworkFile(dir);
    return { file, gatewayPort: ports.get('gateway')! };
  }
  // The lifecycle tests need no content: --no-seed, as a production node starts.
  const startBare = (file: string) => startDemo(file, join(dir, 'data'), ['--no-seed'], 60_000);

  it('serves the federated query, and Ctrl-C (SIGINT) stops every process it started', async () => {
    const { file, gatewayPort } = await writeNetwork();
    const demo = await startBare(file);
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
    const demo = await startBare(file);
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
