/**
 * Full-shape benchmark (`npm run bench:full`): the real network's shape on this machine — 1 city, 6 counties and
 * 70 townships, each node its own process and database, plus the gateway — loaded with 18,675 items spread over the
 * nodes as in the real network, with syndication (auto-adoption on every edge) carrying them up to the city.
 *
 * For each size (BENCH_SIZES, default 7,20,40,77 nodes; the smaller ones are the first townships of the same shape)
 * it measures, with a baseline from the same run beside each figure:
 * - start-up of the network (database, every node process, gateway) — against the start of one node;
 * - resident memory of each node process and of the gateway — against an idle Node.js process;
 * - supergraph composition time (the gateway's own histogram);
 * - a query fanning out to every node, p50/p99 — against the same query on one node;
 * - the portal home page (the city's `/`), p50/p99 — against the city's `/healthz`;
 * - how long the items take to settle at the city, and a township item's time to the city (publish through the
 *   editorial workflow at a township, until the city serves the copy) — against the local publish itself.
 * Results go to bench/RESULTS.md (section full-shape), plots to bench/plots/*.svg.
 *
 * Environment: BENCH_SIZES, BENCH_ITEM_SCALE (default 1: 18,675 items at 77 nodes; e.g. 0.05 for a smoke run),
 * BENCH_QUERIES (default 40), BENCH_SETTLE_MINUTES (default 60), MONGODB_URI.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import {
  createLogger,
  freePort,
  openNodeDatabase,
  parseNetworkFile,
  startDatabaseServer,
  type DatabaseServer,
  type NetworkFile,
} from '@djnet/shared';
import { accountModel, createFirstAdmin } from '@djnet/services';
import { DEFAULT_CHANNEL_TREE, flattenChannelTree } from '@djnet/services/dist/channels/defaultChannelTree';
import { articleEvent } from '@djnet/services/dist/syndication/articleEvents';
import type { NodeContext } from '@djnet/services/dist/node/nodeContext';
import { launchNetwork, type LaunchedNetwork } from '@djnet/cli/dist/network/launchNetwork';
import { fmt, gatewayPid, loadAverage, machine, percentile, residentMiB, writeResultsSection } from './benchSupport';
import { lineChartSvg, type ChartPoint } from '@djnet/services/dist/charts/svgCharts';
import { generator, publishedArticle, readCorpus, type Corpus } from './benchArticles';

const SIZES = (process.env.BENCH_SIZES ?? '7,20,40,77').split(',').map(Number);
const SCALE = Number(process.env.BENCH_ITEM_SCALE ?? 1);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 40);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MINUTES ?? 60) * 60_000;
const PLOTS = join(__dirname, '..', 'plots');
const log = createLogger({ component: 'full-shape-bench' }, 'silent');
const say = (text: string) => process.stderr.write(`[full-shape] ${text}\n`);
const ADMIN_PASSWORD = 'bench-Password-2024';

/** The real counties and how many townships each has (70 in all). */
const COUNTIES: [string, string, number][] = [
  ['xingbin', '兴宾区', 24],
  ['heshan', '合山市', 3],
  ['xiangzhou', '象州县', 11],
  ['wuxuan', '武宣县', 10],
  ['xincheng', '忻城县', 12],
  ['jinxiu', '金秀瑶族自治县', 10],
];
/** Items each node writes itself; at full shape 1,175 + 6 × 700 + 70 × 190 = 18,675. */
const OWN_ITEMS = { city: 1175, county: 700, township: 190 } as const;

interface ShapeNode {
  code: string;
  name: string;
  tier: 'city' | 'county' | 'township';
  parent: string | null;
}

/** City, the six counties, then townships taken from the counties in turn (so every size keeps the proportions). */
function shape(size: number): ShapeNode[] {
  const nodes: ShapeNode[] = [{ code: 'laibin', name: '来宾市党建网', tier: 'city', parent: null }];
  for (const [code, name] of COUNTIES) nodes.push({ code, name: `${name}党建网`, tier: 'county', parent: 'laibin' });
  const left = COUNTIES.map(([code, name, n]) => ({ code, name, n, i: 0 }));
  while (nodes.length < size && left.some((c) => c.i < c.n)) {
    for (const c of left) {
      if (nodes.length >= size || c.i >= c.n) continue;
      c.i++;
      nodes.push({
        code: `${c.code}_t${String(c.i).padStart(2, '0')}`,
        name: `${c.name}第${c.i}乡镇党建信息服务站`,
        tier: 'township',
        parent: c.code,
      });
    }
  }
  return nodes;
}

// ---------------------------------------------------------------------------------------------------------------
// Items from the shipped corpus

const LEAF_CHANNELS = flattenChannelTree(DEFAULT_CHANNEL_TREE)
  .filter((c) => c.level === 'subcategory')
  .map((c) => c.slug);

function items(node: ShapeNode, count: number, corpus: Corpus) {
  const rand = generator([...node.code].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7));
  const now = Date.now();
  const context = { config: { code: node.code }, now: () => new Date() } as unknown as NodeContext;
  return Array.from({ length: count }, (_, i) => {
    const _id = new Types.ObjectId();
    const sentences = Array.from({ length: 6 + Math.floor(rand.next() * 10) }, () => rand.pick(corpus.sentences));
    return {
      _id,
      ...publishedArticle(
        {
          node: node.code,
          title: `${rand.pick(corpus.places)}${rand.pick(corpus.topics)}（${i + 1}）`,
          author: '信息员',
          officer: `信息员${(i % 5) + 1}`,
          sourceUnit: node.name,
          channel: rand.pick(LEAF_CHANNELS),
          tags: [rand.pick(corpus.tags)],
          summary: sentences[0]!,
          body: sentences.map((s) => `<p>${s}</p>`).join(''),
          bodyText: sentences.join(''),
        },
        new Date(now - (count - i) * 3_600_000),
      ),
      // What a publish leaves for the relay: it moves these to the outbox once the node starts.
      pendingEvents: node.parent ? [articleEvent(context, _id, 1, 'published')] : [],
    };
  });
}

/** Writes each node's own items and an admin account into its database before the network starts. */
async function seed(uri: string, prefix: string, nodes: ShapeNode[], corpus: Corpus): Promise<number> {
  let total = 0;
  for (const node of nodes) {
    const connection = await openNodeDatabase(uri, `${prefix}${node.code}`);
    try {
      const docs = items(node, Math.round(OWN_ITEMS[node.tier] * SCALE), corpus);
      for (let i = 0; i < docs.length; i += 1000) await connection.collection('articles').insertMany(docs.slice(i, i + 1000));
      total += docs.length;
      await createFirstAdmin(accountModel(connection), node.code, {
        username: 'bench_admin',
        name: '基准测试管理员',
        password: ADMIN_PASSWORD,
      });
    } finally {
      await connection.close();
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

async function gql<T>(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}

async function timed(runs: number, fn: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function cityArticleCount(gatewayUrl: string): Promise<number> {
  const data = await gql<{ network: { laibin: { articles: { totalCount: number } } } }>(
    gatewayUrl,
    '{ network { laibin { articles(first: 1) { totalCount } } } }',
  );
  return data.network.laibin.articles.totalCount;
}

async function compositionSeconds(net: LaunchedNetwork): Promise<number> {
  const text = await (await fetch(`${net.gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${net.internalToken}` } })).text();
  const sum = Number(/djnet_gateway_composition_duration_seconds_sum\S* (\S+)/.exec(text)?.[1]);
  const count = Number(/djnet_gateway_composition_duration_seconds_count\S* (\S+)/.exec(text)?.[1]);
  return count ? sum / count : NaN;
}

/**
 * The untimed steps around a measurement, tried again when a node was too busy to answer the gateway in time (on a
 * loaded machine, right after settling). Never used for what is timed.
 */
async function untimed<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (e) {
      if (attempt >= 4) throw e;
      say(`retrying an untimed step: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 2_000 * attempt));
    }
  }
}

/** Publishes one item at a township through its editorial workflow (via the gateway) and waits for the city's copy. */
async function townshipToCity(net: LaunchedNetwork, township: string, n: number): Promise<{ publishMs: number; reachMs: number }> {
  const login = await untimed(() =>
    gql<Record<string, { login: { token: string } }>>(
      net.gatewayUrl,
      `mutation($u: String!, $p: String!) { ${township} { login(username: $u, password: $p) { token } } }`,
      { u: 'bench_admin', p: ADMIN_PASSWORD },
    ),
  );
  const token = login[township]!.login.token;
  const title = `基准测试上报稿件 ${n} ${randomBytes(3).toString('hex')}`;
  const created = await untimed(() =>
    gql<Record<string, { createArticle: { id: string } }>>(
      net.gatewayUrl,
      `mutation($input: ArticleInput!) { ${township} { createArticle(input: $input) { id } } }`,
      { input: { title, channel: LEAF_CHANNELS[0], body: '<p>乡镇服务站上报的党建工作动态。</p>', officer: '信息员' } },
      token,
    ),
  );
  const id = created[township]!.createArticle.id;
  // Not retried: a step that timed out may have been done (a second submit would be refused).
  for (const step of ['submitArticle', 'startReview'])
    await gql(net.gatewayUrl, `mutation($id: ID!) { ${township} { ${step}(id: $id) { id } } }`, { id }, token);
  const t0 = performance.now();
  // One approval per review level (a township has one, a county more); the last one publishes.
  for (let level = 0; level < 3; level++) {
    const approved = await gql<Record<string, { approveArticle: { status: string } }>>(
      net.gatewayUrl,
      `mutation($id: ID!) { ${township} { approveArticle(id: $id) { status } } }`,
      { id },
      token,
    );
    if (approved[township]!.approveArticle.status === 'PUBLISHED') break;
  }
  const publishMs = performance.now() - t0;
  for (;;) {
    // Straight from the city (not through the gateway's response cache): its newest articles.
    const data = await gql<{ network: { laibin: { articles: { nodes: { title: string }[] } } } }>(
      net.cityUrl,
      '{ network { laibin { articles(first: 5) { nodes { title } } } } }',
    );
    if (data.network.laibin.articles.nodes.some((a) => a.title === title)) break;
    if (performance.now() - t0 > 120_000) throw new Error(`${title} did not reach the city in 120 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { publishMs, reachMs: performance.now() - t0 };
}

interface SizeResult {
  size: number;
  /** When this size ran, the machine's load then, and the item scale (sizes may run in separate invocations). */
  at: string;
  loadStart: string;
  loadEnd: string;
  scale: number;
  /** The commit the size ran at (sizes may run at different commits). */
  commit?: string;
  items: number;
  startupS: number;
  oneNodeStartS: number;
  settleS: number;
  nodeRssMedian: number;
  nodeRssMax: number;
  nodeRssTotal: number;
  gatewayRss: number;
  idleNodeRss: number;
  compositionS: number;
  fanOut: { p50: number; p99: number };
  oneNode: { p50: number; p99: number };
  home: { p50: number; p99: number } | null;
  healthz: { p50: number; p99: number };
  publishMs: number[];
  reachMs: number[];
}

function idleNodeRss(): number {
  const out = execFileSync(process.execPath, [
    '-e',
    "setTimeout(() => { process.stdout.write(require('fs').readFileSync('/proc/self/status','utf8')); }, 200)",
  ]).toString();
  return Number(/VmRSS:\s+(\d+)/.exec(out)?.[1]) / 1024;
}

async function runSize(
  db: DatabaseServer,
  size: number,
  corpus: Corpus,
): Promise<Omit<SizeResult, 'at' | 'loadStart' | 'loadEnd' | 'scale'>> {
  const nodes = shape(size);
  const prefix = `full${size}_${randomBytes(2).toString('hex')}_`;
  say(`${size} nodes: seeding`);
  const seeded = await seed(db.uri, prefix, nodes, corpus);
  const ports: number[] = [];
  for (let i = 0; i <= nodes.length; i++) ports.push(await freePort());
  const network: NetworkFile = parseNetworkFile({
    name: `full-shape-${size}`,
    gateway: { port: ports[0] },
    nodes: nodes.map((n, i) => ({ ...n, port: ports[i + 1]! })),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'djnet-full-'));
  say(`${size} nodes: starting (${seeded} items seeded)`);
  const t0 = performance.now();
  const net = await launchNetwork({
    network,
    dataDir,
    mongodbUri: db.uri,
    databasePrefix: prefix,
    log,
    gatewayPollSeconds: 5,
    startupTimeoutMs: 600_000,
    nodeEnv: { DJNET_SYNDICATION_AUTO_ADOPT: 'true', DJNET_LOG_LEVEL: process.env.BENCH_NODE_LOG_LEVEL ?? 'warn' },
    gatewayEnv: { DJNET_GATEWAY_ANONYMOUS_REQUESTS_PER_MINUTE: '1000000', DJNET_LOG_LEVEL: 'warn' },
  });
  const startupS = (performance.now() - t0) / 1000;
  try {
    // Every node composed in (the gateway may be ready before the last township registered).
    // A refused or reset request while 77 processes start on two cores is retried (within the start-up limit).
    const composedBy = performance.now() + 600_000;
    for (;;) {
      const ready = await fetch(`${net.gatewayUrl}/readyz`, { signal: AbortSignal.timeout(30_000) })
        .then((r) => r.json() as Promise<{ members: string[] }>)
        .catch((e: Error) => {
          if (performance.now() > composedBy)
            throw new Error(`gateway /readyz: ${e.message} (${String((e as { cause?: unknown }).cause ?? '')})`);
          return { members: [] };
        });
      if (ready.members.length >= nodes.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    say(`${size} nodes: up in ${startupS.toFixed(1)} s; waiting for ${seeded} items at the city`);
    const settleStart = performance.now();
    let atCity = 0;
    while ((atCity = await cityArticleCount(net.gatewayUrl)) < seeded) {
      if (performance.now() - settleStart > SETTLE_MS)
        throw new Error(`only ${atCity}/${seeded} items at the city after ${SETTLE_MS / 60_000} min`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const settleS = (performance.now() - settleStart) / 1000;
    say(`${size} nodes: settled in ${settleS.toFixed(0)} s`);

    // One node restarted alone: the baseline for the network's start-up.
    const lastTownship = nodes[nodes.length - 1]!.code;
    const r0 = performance.now();
    await net.restartNode(lastTownship);
    const oneNodeStartS = (performance.now() - r0) / 1000;

    const rss = nodes.map((n) => residentMiB(net.nodes.get(n.code)!.process.child.pid)).sort((a, b) => a - b);
    // Every request distinct (`first` differs), so the gateway's response cache never answers: the nodes do.
    let n = 0;
    const fanOutQuery = `query($n: Int!) { network { ${nodes.map((x) => `${x.code} { name articles(first: $n) { totalCount } }`).join(' ')} } }`;
    const fanOut = await timed(QUERIES, async () => void (await gql(net.gatewayUrl, fanOutQuery, { n: 1 + (n++ % 100) })));
    const oneNodeQuery = `query($n: Int!) { network { ${lastTownship} { name articles(first: $n) { totalCount } } } }`;
    const oneNode = await timed(QUERIES, async () => void (await gql(net.gatewayUrl, oneNodeQuery, { n: 1 + (n++ % 100) })));
    const homeProbe = await fetch(`${net.cityUrl}/`);
    const home = homeProbe.ok
      ? await timed(QUERIES, async () => {
          const r = await fetch(`${net.cityUrl}/`);
          await r.arrayBuffer();
          if (!r.ok) throw new Error(`portal home HTTP ${r.status}`);
        })
      : null;
    const healthz = await timed(QUERIES, async () => void (await (await fetch(`${net.cityUrl}/healthz`)).arrayBuffer()));
    const publishMs: number[] = [];
    const reachMs: number[] = [];
    // From a township (a county where the shape has none yet: 7 nodes).
    const townships = nodes.filter((n) => n.tier === 'township');
    const reporters = townships.length ? townships : nodes.filter((n) => n.tier === 'county');
    for (let i = 0; i < 5; i++) {
      const r = await townshipToCity(net, reporters[(i * 7) % reporters.length]!.code, i);
      publishMs.push(r.publishMs);
      reachMs.push(r.reachMs);
    }
    return {
      size,
      items: seeded,
      startupS,
      oneNodeStartS,
      settleS,
      nodeRssMedian: percentile(rss, 50),
      nodeRssMax: rss[rss.length - 1]!,
      nodeRssTotal: rss.reduce((a, b) => a + b, 0),
      gatewayRss: residentMiB(gatewayPid(ports[0]!)),
      idleNodeRss: idleNodeRss(),
      compositionS: await compositionSeconds(net),
      fanOut,
      oneNode,
      home,
      healthz,
      publishMs: publishMs.sort((a, b) => a - b),
      reachMs: reachMs.sort((a, b) => a - b),
    };
  } finally {
    await net.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function writePlots(results: SizeResult[]): Promise<string[]> {
  mkdirSync(PLOTS, { recursive: true });
  const line = (series: string, f: (r: SizeResult) => number): ChartPoint[] => results.map((r) => ({ x: r.size, y: f(r), series }));
  const charts: [string, Parameters<typeof lineChartSvg>[0]][] = [
    [
      'full-shape-latency.svg',
      {
        title: '延迟与节点数',
        xTitle: '节点数',
        yTitle: '毫秒 (p50)',
        quantitativeX: true,
        width: 420,
        points: [
          ...line('查询全部节点（网关）', (r) => r.fanOut.p50),
          ...line('查询一个节点（网关，基线）', (r) => r.oneNode.p50),
          ...line('门户首页', (r) => r.home?.p50 ?? NaN),
          ...line('乡镇稿件到达市级', (r) => percentile(r.reachMs, 50)),
        ],
      },
    ],
    [
      'full-shape-memory.svg',
      {
        title: '内存与节点数',
        xTitle: '节点数',
        yTitle: 'MiB（常驻内存）',
        quantitativeX: true,
        width: 420,
        points: [
          ...line('每个节点进程（中位数）', (r) => r.nodeRssMedian),
          ...line('网关', (r) => r.gatewayRss),
          ...line('空闲 Node.js 进程（基线）', (r) => r.idleNodeRss),
        ],
      },
    ],
  ];
  for (const [file, chart] of charts) {
    const svg = await lineChartSvg(chart);
    if (!svg) throw new Error('Vega/Vega-Lite could not be loaded to draw the plots');
    writeFileSync(join(PLOTS, file), svg);
  }
  return charts.map(([file]) => file);
}

function report(results: SizeResult[], plots: string[]): string {
  const m = machine();
  const rows = results.map(
    (r) =>
      `| ${r.size} | ${r.items}${r.scale === 1 ? '' : ` (scale ${r.scale})`} | ${fmt(r.startupS)} (${fmt(r.startupS / r.oneNodeStartS)}×) | ${fmt(r.settleS, 0)} | ${fmt(r.nodeRssMedian, 0)} / ${fmt(r.nodeRssMax, 0)} (${fmt(r.nodeRssMedian / r.idleNodeRss)}×) | ${fmt(r.nodeRssTotal / 1024, 2)} GiB | ${fmt(r.gatewayRss, 0)} | ${fmt(r.compositionS * 1000, 0)} | ${fmt(r.fanOut.p50)} / ${fmt(r.fanOut.p99)} (${fmt(r.fanOut.p50 / r.oneNode.p50)}×) | ${r.home ? `${fmt(r.home.p50)} / ${fmt(r.home.p99)} (${fmt(r.home.p50 / r.healthz.p50)}×)` : '—'} | ${fmt(percentile(r.reachMs, 50), 0)} / ${fmt(r.reachMs[r.reachMs.length - 1]!, 0)} (${fmt(percentile(r.reachMs, 50) / percentile(r.publishMs, 50))}×) |`,
  );
  return [
    '## Full shape: 1 city, 6 counties, 70 townships (`npm run bench:full`)',
    '',
    `Machine: ${m.cpus} CPU (${m.model}), ${m.memory} memory, Node ${m.node}. Runs (one per size; \`BENCH_SIZES=77 npm run bench:full\` reruns one size and keeps the others, stored in bench/full-shape-results.json), with the load average (1/5/15 min) at the start and the end of each: ${results.map((r) => `${r.size} nodes ${r.at}${r.commit ? ` at ${r.commit}` : ''} (${r.loadStart} → ${r.loadEnd})`).join('; ')}.`,
    '',
    `Every node is its own process and database (one node per service, as in production) on one FerretDB v1.24.2 server; items were written into the nodes' databases before start as published articles waiting for the relay (${OWN_ITEMS.city}× the city, ${OWN_ITEMS.county} per county, ${OWN_ITEMS.township} per township at scale 1), every edge adopts automatically, so settling means every item has travelled up to the city and been adopted there.`,
    '',
    "Baselines (same run) in brackets: start-up ÷ restarting one node; node memory ÷ an idle Node.js process; fan-out ÷ the same query on one node through the gateway; portal home ÷ the city's `/healthz`; township → city ÷ the local publish (approve) at the township (at 7 nodes, which have no township, from a county: one hop).",
    '',
    '| nodes | items | start-up s | settle s | node RSS MiB median / max | all nodes | gateway RSS MiB | composition ms | fan-out ms p50 / p99 | portal home ms p50 / p99 | township → city ms p50 / max |',
    '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...rows,
    '',
    ...plots.map((p) => `![${p}](plots/${p})`),
  ].join('\n');
}

function currentCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Every size's latest result, kept between runs (BENCH_SIZES=77 adds the 77-node row to the earlier ones). */
const STORE = join(__dirname, '..', 'full-shape-results.json');

function storedResults(): SizeResult[] {
  if (!existsSync(STORE)) return [];
  return (JSON.parse(readFileSync(STORE, 'utf8')) as SizeResult[]).filter((r) => typeof r.at === 'string');
}

function keep(result: SizeResult): SizeResult[] {
  const all = [...storedResults().filter((r) => r.size !== result.size), result].sort((a, b) => a.size - b.size);
  writeFileSync(STORE, `${JSON.stringify(all, null, 1)}\n`);
  return all;
}

async function main(): Promise<void> {
  const corpus = readCorpus();
  const dataDir = mkdtempSync(join(tmpdir(), 'djnet-full-db-'));
  const db = await startDatabaseServer({ mongodbUri: process.env.MONGODB_URI, dataDir, log });
  let results = storedResults();
  try {
    for (const size of SIZES) {
      const loadStart = loadAverage();
      const at = new Date().toISOString();
      const r = await runSize(db, size, corpus);
      // Written after each size, so a later size that fails or is stopped keeps the earlier ones.
      results = keep({ ...r, at, loadStart, loadEnd: loadAverage(), scale: SCALE, commit: currentCommit() });
      const plots = results.length > 1 ? await writePlots(results) : [];
      await writeResultsSection('full-shape', report(results, plots));
      say(`${size} nodes: written to bench/RESULTS.md${plots.length ? ' and bench/plots/' : ''}`);
    }
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  process.stderr.write(`full-shape benchmark failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
