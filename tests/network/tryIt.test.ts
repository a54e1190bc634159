import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../shared/src';
import { monthOf } from '../../services/src/officers/months';
import { FormClient } from '../support/formClient';
import { startDemo, stopDemo, writeNetworkFile, type DemoProcess } from '../support/demoProcess';
import { eventually, gql } from '../support/testNetwork';

const run = promisify(execFile);

interface DemoAccount {
  node: string;
  role: string;
  username: string;
  name: string;
  password: string;
  consoleUrl: string;
}

/** README's "Try it in five minutes": its numbered steps, their URLs (port → path) and the gateway query it shows. */
function readmeWalkthrough() {
  const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
  const section = readme.split('## Try it in five minutes')[1]!.split('\n## ')[0]!;
  const steps = section.split('\n').filter((l) => /^\d+\. /.test(l));
  const urls = (line: string) =>
    [...line.matchAll(/http:\/\/127\.0\.0\.1:(\d+)(\/[^\s`),，]*)?/g)].map((m) => ({
      port: Number(m[1]),
      path: (m[2] ?? '/').replace(/[.;:]+$/, ''),
    }));
  const users = (line: string) => [...line.matchAll(/`([a-z][a-z0-9_]+)`/g)].map((m) => m[1]!);
  const curl = /-d '(\{"query".*\})'/.exec(section)?.[1];
  return { steps, urls, users, query: (JSON.parse(curl!) as { query: string }).query };
}

/**
 * The newcomer's path on a seeded demo (`djnet demo`, what `npm start` runs, as a real process): the content that
 * travelled the tiers, the printed accounts signing in at every tier, README's walk-through step by step as
 * written, `djnet admin create --node`, a second start that does not seed again, and `--fresh`.
 */
describe('the demo a newcomer opens', () => {
  let dir: string;
  let demo: DemoProcess | undefined;
  let ports: Map<string, number>;
  let file: string;
  /** The demo network file's ports (what README names) → this test's ports. */
  let portOf: (readmePort: number) => number;
  const dataDir = () => join(dir, 'data');
  const accounts = () => JSON.parse(readFileSync(join(dataDir(), 'demo-accounts.json'), 'utf8')) as DemoAccount[];
  const account = (username: string) => accounts().find((a) => a.username === username)!;
  const url = (code: string) => `http://127.0.0.1:${ports.get(code)}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'djnet-tryit-'));
    ({ file, ports } = await writeNetworkFile(dir));
    const shipped = JSON.parse(readFileSync(join(projectRoot(), 'deploy/demo-network.json'), 'utf8')) as {
      gateway: { port: number };
      nodes: { code: string; port: number }[];
    };
    const codeByPort = new Map<number, string>([
      [shipped.gateway.port, 'gateway'],
      ...shipped.nodes.map((n) => [n.port, n.code] as [number, string]),
    ]);
    portOf = (p) => {
      const mine = ports.get(codeByPort.get(p) ?? '');
      if (!mine) throw new Error(`README names port ${p}, which is not a node of this test's network`);
      return mine;
    };
    demo = await startDemo(file, dataDir());
  }, 200_000);
  afterAll(async () => {
    if (demo) await stopDemo(demo);
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds content that travelled the tiers and prints accounts that sign in at every tier', async () => {
    expect(demo!.output()).toContain('首次启动：写入演示内容');
    const { body } = await gql<{
      network: { laibin: { articles: { nodes: { title: string; origin: { node: string; tier: string } }[] } } };
    }>(url('gateway'), '{ network { laibin { articles(first: 5) { nodes { title origin { node tier } } } } } }');
    const items = body.data!.network.laibin.articles.nodes;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((i) => ['TOWNSHIP', 'COUNTY'].includes(i.origin.tier))).toBe(true);
    expect(items.map((i) => i.origin.node)).toEqual(expect.arrayContaining(['xingbin', 'xingbin_fenghuang']));

    // The table is printed and written; every account of it signs in at its node's console.
    const table = readFileSync(join(dataDir(), 'demo-accounts.txt'), 'utf8');
    for (const a of accounts()) {
      expect(demo!.output()).toContain(a.username);
      expect(table).toMatch(new RegExp(`${a.username} +${a.password}`));
      expect(a.consoleUrl).toBe(`${url(a.node)}/admin`);
      const client = new FormClient(url(a.node));
      await client.login(a.username, a.password);
      expect((await client.get('/admin')).status).toBe(200);
    }
    expect(accounts().map((a) => a.role)).toEqual(expect.arrayContaining(['admin', 'editor', 'officer']));

    // A notice, a topic, a newspaper call, officers with figures and an approved comment are there too.
    const seen = await gql<{
      network: { laibin: { notices: unknown[]; readers: { topics: { slug: string }[] } }; xingbin_fenghuang: { notices: unknown[] } };
    }>(url('gateway'), '{ network { laibin { notices { title } readers { topics { slug } } } xingbin_fenghuang { notices { title } } } }');
    expect(seen.body.data!.network.laibin.notices).toHaveLength(1);
    expect(seen.body.data!.network.laibin.readers.topics.map((t) => t.slug)).toEqual(['xiangcun-zhenxing']);
    await eventually(
      () =>
        gql<{ network: { xingbin_fenghuang: { notices: unknown[] } } }>(
          url('gateway'),
          '{ network { xingbin_fenghuang { notices { title } } } }',
        ),
      (r) => r.body.data?.network.xingbin_fenghuang.notices.length === 1,
    );
    // The township's officer scores for the month of the seed: published items, two adopted by the county.
    const seededAt = new Date((JSON.parse(readFileSync(join(dataDir(), 'demo-seed.json'), 'utf8')) as { at: string }).at);
    const month = monthOf(seededAt);
    const login = await gql<{ xingbin_fenghuang: { login: { token: string } } }>(
      url('gateway'),
      'mutation($u: String!, $p: String!) { xingbin_fenghuang { login(username: $u, password: $p) { token } } }',
      { u: 'xingbin_fenghuang_admin', p: account('xingbin_fenghuang_admin').password },
    );
    const ranking = await gql<{
      network: {
        xingbin_fenghuang: {
          officerRanking: { officers: { name: string; figures: { published: number; adoptedCounty: number; score: number } }[] };
        };
      };
    }>(
      url('gateway'),
      `{ network { xingbin_fenghuang { officerRanking(period: "${month}") { officers { name figures { published adoptedCounty score } } } } } }`,
      undefined,
      { authorization: `Bearer ${login.body.data!.xingbin_fenghuang.login.token}` },
    );
    const [row] = ranking.body.data!.network.xingbin_fenghuang.officerRanking.officers;
    expect(row).toMatchObject({ name: account('xingbin_fenghuang_officer').name, figures: { published: 3, adoptedCounty: 2 } });
    expect(row!.figures.score).toBeGreaterThan(0);
    expect((await fetch(`${url('xingbin_fenghuang')}/favicon.ico`)).headers.get('content-type')).toBe('image/x-icon');
  });

  it("walks README's steps as written: township → review → county adopts → city adopts → portal and gateway", async () => {
    const { steps, urls, users, query } = readmeWalkthrough();
    expect(steps).toHaveLength(9);
    const at = (step: number, i = 0) => {
      const u = urls(steps[step - 1]!)[i]!;
      return { base: `http://127.0.0.1:${portOf(u.port)}`, path: u.path };
    };
    const user = (step: number) => account(users(steps[step - 1]!)[0]!);

    // 1–2. The portal, and an adopted item's provenance.
    const portal = await fetch(`${at(1).base}${at(1).path}`).then((r) => r.text());
    const link = /href="(\/articles\/[0-9a-f]{24})"/.exec(portal)![1]!;
    const article = await fetch(`${at(1).base}${link}`).then((r) => r.text());
    expect(article).toMatch(/class="provenance">来源：(凤凰镇 → 兴宾区|兴宾区)</);

    // 3–4. The township's officer writes and submits.
    const title = `凤凰镇新手试用稿件${Date.now()}`;
    const officer = new FormClient(at(3).base);
    await officer.login(user(3).username, user(3).password);
    const form = await officer.get(at(4).path);
    expect(form.status).toBe(200);
    const channel = /<option value="(dangjian-gongzuo-dongtai-xiangzhen)"/.exec(form.text)![1]!;
    const submitted = await officer.post('/admin/articles', { title, channel, body: '凤凰镇组织党员开展志愿服务。', action: 'submit' });
    expect(submitted.status).toBe(303);

    // 5. The township's editor starts the review and approves: published.
    const editor = new FormClient(at(5).base);
    await editor.login(user(5).username, user(5).password);
    const queue = await editor.get(at(5, 1).path);
    const hex = new RegExp(`href="/admin/review/([0-9a-f]{24})"[^>]*>${title}`).exec(queue.text)![1]!;
    expect((await editor.post(`/admin/review/${hex}/start`, {})).status).toBe(303);
    expect((await editor.post(`/admin/review/${hex}/approve`, {})).location).toBe('/admin/review?done=published');

    // 6–7. The county's editor finds it in the adoption queue and adopts it; then the city's editor, the county's copy.
    const adoptAt = async (step: number) => {
      const editorAbove = new FormClient(at(step).base);
      await editorAbove.login(user(step).username, user(step).password);
      const waiting = await eventually(
        () => editorAbove.get(at(step, 1).path),
        (r) => r.text.includes(title),
      );
      const id = new RegExp(`${title}[\\s\\S]*?name="id" value="([^"]+)"`).exec(waiting.text)![1]!;
      expect((await editorAbove.post('/admin/adoption/adopt', { id })).location).toBe('/admin/adoption?done=adopted');
    };
    await adoptAt(6);
    await adoptAt(7);

    // 8. The portal lists it first, with its way up.
    const home = await eventually(
      () => fetch(`${at(8).base}${at(8).path}`).then((r) => r.text()),
      (text) => text.includes(title),
    );
    expect(home.indexOf(title)).toBeLessThan(home.indexOf('href="/articles/', home.indexOf(title) + title.length));
    expect(home).toContain('来源：凤凰镇 → 兴宾区');

    // 9. README's gateway query, as written.
    const answer = await eventually(
      () =>
        gql<{ network: { laibin: { articles: { nodes: { title: string; origin: { node: string }; hops: { node: string }[] }[] } } } }>(
          url('gateway'),
          query,
        ),
      (r) => r.body.data?.network.laibin.articles.nodes[0]?.title === title,
    );
    const first = answer.body.data!.network.laibin.articles.nodes[0]!;
    expect(first.origin.node).toBe('xingbin_fenghuang');
    expect(first.hops.map((h) => h.node)).toEqual(['xingbin', 'laibin']);
  });

  it('djnet admin create --node makes an admin at a demo node; without a running demo it says what to do', async () => {
    const cli = join(projectRoot(), 'cli/dist/main.js');
    const made = await run(process.execPath, [cli, 'admin', 'create', '--node', 'xingbin_fenghuang', '--data-dir', dataDir()]);
    const password = /初始密码[^：]*：(\S+)/.exec(made.stdout)![1]!;
    expect(made.stdout).toContain('创建管理员 xingbin_fenghuang_admin2');
    await new FormClient(url('xingbin_fenghuang')).login('xingbin_fenghuang_admin2', password);
    const unknown = await run(process.execPath, [cli, 'admin', 'create', '--node', 'nowhere', '--data-dir', dataDir()]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(unknown).toMatchObject({ code: 2 });
    expect((unknown as { stderr: string }).stderr).toContain('演示网群中没有节点 nowhere');
    const noDemo = await run(process.execPath, [cli, 'admin', 'create', '--node', 'xingbin', '--data-dir', join(dir, 'elsewhere')]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((noDemo as { stderr: string }).stderr).toContain('请先在项目目录运行 npm start');
  });

  it('a second start keeps the data and seeds nothing; --fresh starts over', async () => {
    const count = async () =>
      (
        await gql<{ network: { laibin: { articles: { nodes: unknown[] } } } }>(
          url('gateway'),
          '{ network { laibin { articles(first: 100) { nodes { id } } } } }',
        )
      ).body.data!.network.laibin.articles.nodes.length;
    const before = await count();
    const passwords = accounts().map((a) => a.password);
    expect(await stopDemo(demo!)).toBe(0);
    demo = await startDemo(file, dataDir());
    expect(demo.output()).not.toContain('首次启动');
    expect(await count()).toBe(before);
    expect(accounts().map((a) => a.password)).toEqual(passwords);
    expect(demo.output()).toContain(passwords[0]!);
    expect(await stopDemo(demo)).toBe(0);

    demo = await startDemo(file, dataDir(), ['--fresh']);
    expect(demo.output()).toContain('--fresh：清除');
    expect(demo.output()).toContain('首次启动：写入演示内容');
    expect(accounts().map((a) => a.password)).not.toEqual(passwords);
    // The walk-through's item is gone: what is there is the seed's, again.
    expect(await count()).toBe(before - 1);
  }, 300_000);
});
