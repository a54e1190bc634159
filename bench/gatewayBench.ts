/**
 * Gateway benchmark (`npm run bench:gateway`), everything on this machine over loopback, in one run:
 *
 * - composition time for 80 generated node subgraphs (composeSupergraph, as the gateway's worker runs it);
 * - a network of 21 node processes (1 city, 6 counties, 14 townships; each its own process and database), each
 *   with published articles, and our gateway (a partner key on every request);
 * - a one-node query sent straight to the node's subgraph, through our gateway (response cache off, then on) and
 *   through GraphQL Hive Gateway serving the same supergraph SDL (the peer);
 * - a query fanning out to 20 nodes through both gateways, against each node's own latency (slowest vs sum);
 * - the same with every node 20 ms away (a delaying proxy in front of each node), where fan-out in parallel vs in
 *   series is plain to see;
 * - the HTTP client to the nodes: Node's global fetch vs undici.request on a bounded keep-alive Agent.
 *
 * Each measurement is bounded in requests and seconds. Writes its section of bench/RESULTS.md.
 * Environment: MONGODB_URI (use that server instead of the embedded one), BENCH_SECONDS (per measurement,
 * default 6), BENCH_MAX_REQUESTS (default 3000), BENCH_CONCURRENCY (throughput runs, default 16),
 * BENCH_DELAY_MS (per-node latency of the delayed runs, default 20).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, Pool, request } from 'undici';
import {
  createLogger,
  CURRENT_SCHEMA_LEVEL,
  freePort,
  openNodeDatabase,
  parseNetworkFile,
  projectRoot,
  startDatabaseServer,
  type NetworkFile,
} from '@djnet/shared';
import { composeSupergraph } from '@djnet/gateway';
import { issuePartnerKey, nodeTypeDefs, partnerKeyModel } from '@djnet/services';
import { launchNetwork, type LaunchedNetwork } from '@djnet/cli/dist/network/launchNetwork';
import { gatewayPid, machine, percentile, writeResultsSection } from './benchSupport';
import { publishedArticle } from './benchArticles';
import { startProcess, stopProcess, waitForReady, type ManagedProcess } from '@djnet/cli/dist/network/processSupervisor';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const MAX_REQUESTS = Number(process.env.BENCH_MAX_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 20);
const ARTICLES_PER_NODE = 10;
const RESULTS = join(__dirname, '..', 'RESULTS.md');
const log = createLogger({ component: 'gateway-bench' }, 'silent');
const say = (text: string) => process.stdout.write(`${text}\n`);

const COUNTIES = ['xingbin', 'heshan', 'xiangzhou', 'wuxuan', 'xincheng', 'jinxiu'];
const TOWNSHIP_NAMES = ['fenghuang', 'liangtang', 'shilong', 'tongling', 'changdong', 'qiaogong', 'dawan', 'beigeng', 'yunjiang', 'sanli'];

// ---------------------------------------------------------------------------------------------------------------
// Measuring

interface Stats {
  name: string;
  concurrency: number;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  /** CPU seconds the serving gateway process spent per request (user + system), when known. */
  cpuMs?: number;
}

interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
  query: string;
  /** The serving gateway process's CPU time so far, in seconds. */
  cpu?: () => Promise<number>;
  /** Send `$n` = 1…20 in turn, so requests in flight together differ (no gateway can share them). */
  varying?: boolean;
}

/** Closed loop: `concurrency` requests in flight until `maxRequests` or `seconds` is reached, after a warm-up. */
interface Sample {
  latencies: number[];
  seconds: number;
  requests: number;
  errors: number;
  /** CPU seconds of the serving gateway process during the sample (0 when unknown). */
  cpu: number;
}

/** Closed loop: `concurrency` requests in flight until `maxRequests` or `seconds` is reached, after a warm-up. */
async function sample(target: Target, concurrency: number, maxRequests: number, seconds: number, warmup: number): Promise<Sample> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
  const fixed = JSON.stringify({ query: target.query });
  let counter = 0;
  const headers = { 'content-type': 'application/json', ...target.headers };
  const one = async (): Promise<{ ms: number; ok: boolean }> => {
    const body = target.varying ? JSON.stringify({ query: target.query, variables: { n: 1 + (counter++ % 20) } }) : fixed;
    const started = performance.now();
    const response = await pool.request({ path: url.pathname, method: 'POST', headers, body });
    const text = await response.body.text();
    return { ms: performance.now() - started, ok: response.statusCode === 200 && !text.includes('"errors"') };
  };
  for (let i = 0; i < warmup; i += concurrency) await Promise.all(Array.from({ length: concurrency }, one));
  const cpuBefore = target.cpu ? await target.cpu() : 0;
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < maxRequests && performance.now() < deadline) {
      issued++;
      const r = await one().catch(() => ({ ms: NaN, ok: false }));
      if (!r.ok) errors++;
      if (!Number.isNaN(r.ms)) latencies.push(r.ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = target.cpu ? (await target.cpu()) - cpuBefore : 0;
  await pool.close();
  return { latencies, seconds: elapsed, requests: issued, errors, cpu };
}

/**
 * Measures several targets in turns (A B C, A B C, …) so that whatever else the machine is doing falls on all of
 * them alike; each target's samples are pooled.
 */
async function measureInTurns(
  targets: Target[],
  concurrency: number,
  options: { maxRequests?: number; seconds?: number; warmup?: number; turns?: number } = {},
): Promise<Stats[]> {
  const turns = options.turns ?? 3;
  const maxRequests = Math.ceil((options.maxRequests ?? MAX_REQUESTS) / turns);
  const seconds = (options.seconds ?? SECONDS) / turns;
  const pooled = targets.map(() => ({ latencies: [] as number[], seconds: 0, requests: 0, errors: 0, cpu: 0 }));
  for (let turn = 0; turn < turns; turn++) {
    for (const [i, target] of targets.entries()) {
      const warmup = turn === 0 ? (options.warmup ?? 50) : Math.min(concurrency, 10);
      const s = await sample(target, concurrency, maxRequests, seconds, warmup);
      const p = pooled[i]!;
      p.cpu += s.cpu;
      p.latencies.push(...s.latencies);
      p.seconds += s.seconds;
      p.requests += s.requests;
      p.errors += s.errors;
    }
  }
  return targets.map((target, i) => {
    const p = pooled[i]!;
    p.latencies.sort((a, b) => a - b);
    const stats: Stats = {
      name: target.name,
      concurrency,
      requests: p.requests,
      errors: p.errors,
      rps: p.requests / p.seconds,
      p50: percentile(p.latencies, 50),
      p99: percentile(p.latencies, 99),
      cpuMs: target.cpu ? (p.cpu / p.requests) * 1000 : undefined,
    };
    say(
      `  ${stats.name} c=${concurrency}: ${stats.requests} req, ${stats.errors} err, ${stats.rps.toFixed(0)} req/s, p50 ${stats.p50.toFixed(2)} ms, p99 ${stats.p99.toFixed(2)} ms${stats.cpuMs !== undefined ? `, gateway CPU ${stats.cpuMs.toFixed(2)} ms/request` : ''}`,
    );
    return stats;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The network

function generatedNetwork(ports: number[]): NetworkFile {
  const nodes: { code: string; name: string; tier: string; parent: string | null; port: number }[] = [
    { code: 'laibin', name: '来宾市党建网', tier: 'city', parent: null, port: ports[1]! },
  ];
  COUNTIES.forEach((c, i) => nodes.push({ code: c, name: `${c} 县级党建网`, tier: 'county', parent: 'laibin', port: ports[2 + i]! }));
  for (let i = 0; i < 14; i++) {
    const county = COUNTIES[i % COUNTIES.length]!;
    const town = `${county}_${TOWNSHIP_NAMES[i % TOWNSHIP_NAMES.length]}`;
    nodes.push({ code: town, name: `${town} 服务站`, tier: 'township', parent: county, port: ports[8 + i]! });
  }
  return parseNetworkFile({ name: 'gateway-bench', gateway: { port: ports[0] }, nodes });
}

const SENTENCES = [
  '党建信息员按时报送工作动态，三级三批审核后发布。',
  '兴宾区组织开展主题党日活动，党员群众踊跃参加。',
  '乡镇服务站加强信息员队伍建设，每月通报采用情况。',
  '先锋网专题上线，基层党组织晒出特色做法。',
  '远程教育站点播放党课视频，农村党员集中学习。',
];

/**
 * Published articles written straight into each node's database before the nodes start (the nodes load them into
 * their catalogs at start-up), as the content benchmark does: the gateway benchmark measures reading, and seeding
 * through the editorial workflow would make it depend on every other part of the node.
 */
async function seed(uri: string, prefix: string, network: NetworkFile): Promise<number> {
  let written = 0;
  const base = Date.UTC(2024, 0, 1);
  for (const node of network.nodes) {
    const connection = await openNodeDatabase(uri, `${prefix}${node.code}`);
    try {
      const docs = Array.from({ length: ARTICLES_PER_NODE }, (_, i) => {
        const at = new Date(base + i * 3_600_000);
        const id = new Types.ObjectId();
        return {
          _id: id,
          ...publishedArticle(
            {
              node: node.code,
              title: `${node.name} 党建工作动态 第${i + 1}期`,
              author: '信息员',
              officer: '信息员',
              channel: 'dangjian-gongzuo-dongtai-xianqu',
              tags: ['党建', '信息员'],
              summary: SENTENCES[i % SENTENCES.length]!,
              body: `<p>${SENTENCES.join('</p><p>')}</p>`,
              bodyText: SENTENCES.join(''),
            },
            at,
          ),
        };
      });
      await connection.collection('articles').insertMany(docs);
      written += docs.length;
    } finally {
      await connection.close();
    }
  }
  return written;
}

/** An HTTP server in front of a node that waits `delayMs` before passing each request on (a node far away). */
function delayingProxy(target: string, delayMs: number, agent: Agent): Promise<{ url: string; server: Server }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        request(`${target}${req.url}`, {
          method: req.method as 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
          body: chunks.length ? Buffer.concat(chunks) : undefined,
          dispatcher: agent,
        })
          .then(async (r) => {
            const body = Buffer.from(await r.body.arrayBuffer());
            const headers: Record<string, string> = { 'content-type': String(r.headers['content-type'] ?? 'application/json') };
            if (r.headers['cache-control']) headers['cache-control'] = String(r.headers['cache-control']);
            res.writeHead(r.statusCode, headers).end(body);
          })
          .catch(() => res.writeHead(502).end());
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server });
    });
  });
}

/** Serves a copy of the city's subgraph listing with every node's URL replaced (for a gateway behind the proxies). */
function fakeDirectory(listing: unknown): Promise<{ url: string; server: Server }> {
  const body = JSON.stringify(listing);
  const server = createServer((req, res) => {
    if (req.url === '/directory/subgraphs') res.writeHead(200, { 'content-type': 'application/json', etag: '"bench"' }).end(body);
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server });
    });
  });
}

/** CPU seconds (user + system) of a process so far, from /proc (Linux). */
function processCpu(pid: number): () => Promise<number> {
  const ticks = 100; // USER_HZ
  return async () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const cpuCell = (s: Stats) => (s.cpuMs === undefined ? '—' : fmt(s.cpuMs));
const row = (s: Stats) =>
  `| ${s.name} | ${s.concurrency} | ${s.requests} | ${s.errors} | ${fmt(s.rps, 0)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${cpuCell(s)} |`;
const TABLE_HEAD =
  '| path | in flight | requests | errors | req/s | p50 ms | p99 ms | gateway CPU ms/request |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const when = new Date();
  const box = machine();
  const loadBefore = loadavg()[0]!;
  say(`gateway benchmark on ${box.cpus} CPU (${box.model}), ${box.memory}, Node ${box.node}`);

  // 1. Composition of 80 subgraphs, before anything else runs on the machine.
  const codes = ['laibin', ...COUNTIES];
  for (let i = 0; codes.length < 80; i++) codes.push(`${COUNTIES[i % COUNTIES.length]}_zhen${i}`);
  const subgraphs = codes.map((code, i) => ({
    name: code,
    url: `http://127.0.0.1:${5000 + i}/graphql`,
    sdl: nodeTypeDefs(code, CURRENT_SCHEMA_LEVEL, code === 'laibin'),
  }));
  const compositionMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const outcome = composeSupergraph(subgraphs);
    compositionMs.push(performance.now() - started);
    if (!outcome.ok) throw new Error(`80 subgraphs do not compose: ${outcome.errors.join('; ')}`);
  }
  say(`composition of 80 subgraphs: ${compositionMs.map((m) => m.toFixed(0)).join(', ')} ms`);

  // 2. The network.
  const db = await startDatabaseServer({ mongodbUri: process.env.MONGODB_URI, dataDir: 'temporary', log });
  const ports: number[] = [];
  while (ports.length < 22) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  const network = generatedNetwork(ports);
  const prefix = `gwb${randomBytes(3).toString('hex')}_`;
  const extra: ManagedProcess[] = [];
  const servers: Server[] = [];
  const work = mkdtempSync(join(tmpdir(), 'djnet-gwbench-'));
  let net: LaunchedNetwork | undefined;
  let ok = false;
  try {
    const published = await seed(db.uri, prefix, network);
    const launchStarted = performance.now();
    net = await launchNetwork({
      network,
      dataDir: join(work, 'network'),
      mongodbUri: db.uri,
      log,
      databasePrefix: prefix,
      gatewayPollSeconds: 1,
      heartbeatSeconds: 60,
      startupTimeoutMs: 180_000,
      gatewayEnv: {
        DJNET_GATEWAY_ANONYMOUS_REQUESTS_PER_MINUTE: '0',
        DJNET_GATEWAY_RESPONSE_CACHE_ENTRIES: '0',
        DJNET_GATEWAY_MAX_COST: '1000000',
      },
    });
    const launchMs = performance.now() - launchStarted;
    say(`network of ${net.nodes.size} nodes up in ${(launchMs / 1000).toFixed(1)} s`);
    const readyz = async (url: string) =>
      (await (await fetch(`${url}/readyz`)).json()) as { members: string[]; partnerKeys: { active: number } };
    for (let i = 0; (await readyz(net.gatewayUrl)).members.length < net.nodes.size; i++) {
      if (i > 300) throw new Error('the gateway did not take in every node');
      await new Promise((r) => setTimeout(r, 200));
    }

    // A partner key, issued at the city as the admin's command does.
    const cityDb = await openNodeDatabase(db.uri, `${prefix}laibin`);
    const { key } = await issuePartnerKey(partnerKeyModel(cityDb), { name: 'benchmark', requestsPerMinute: 100_000 }, 'bench');
    await cityDb.close();
    for (let i = 0; (await readyz(net.gatewayUrl)).partnerKeys.active < 1; i++) {
      if (i > 100) throw new Error('the gateway did not load the partner key');
      await new Promise((r) => setTimeout(r, 200));
    }
    const partner = { 'x-api-key': key };

    // The peer and the other gateways, on the same supergraph.
    const supergraph = await (await fetch(`${net.gatewayUrl}/supergraph.graphql`)).text();
    const supergraphFile = join(work, 'supergraph.graphql');
    writeFileSync(supergraphFile, supergraph);
    const gatewayScript = join(projectRoot(), 'gateway', 'dist', 'main.js');
    const hiveScript = join(__dirname, 'hiveGateway.js');
    const startGatewayProcess = async (name: string, env: Record<string, string>) => {
      const port = await freePort();
      const p = startProcess(
        name,
        gatewayScript,
        { DJNET_GATEWAY_PORT: String(port), DJNET_GATEWAY_POLL_SECONDS: '1', ...env },
        net!.logDir,
      );
      extra.push(p);
      await waitForReady(p, `http://127.0.0.1:${port}/readyz`, 60_000);
      return { url: `http://127.0.0.1:${port}`, cpu: processCpu(p.child.pid!) };
    };
    const startHive = async (name: string, file: string) => {
      const port = await freePort();
      const p = startProcess(name, hiveScript, { HIVE_SUPERGRAPH: file, HIVE_PORT: String(port) }, net!.logDir);
      extra.push(p);
      await waitForReady(p, `http://127.0.0.1:${port}/healthcheck`, 60_000);
      return { url: `http://127.0.0.1:${port}`, cpu: processCpu(p.child.pid!) };
    };
    const { url: cachedGateway, cpu: cachedCpu } = await startGatewayProcess('gateway-cached', {
      DJNET_CITY_URL: net.cityUrl,
      DJNET_GATEWAY_ANONYMOUS_REQUESTS_PER_MINUTE: '0',
      DJNET_GATEWAY_MAX_COST: '1000000',
    });
    for (let i = 0; (await readyz(cachedGateway)).partnerKeys.active < 1; i++) {
      if (i > 100) throw new Error('the cached gateway did not load the partner key');
      await new Promise((r) => setTimeout(r, 200));
    }
    const { url: hive, cpu: hiveCpu } = await startHive('hive', supergraphFile);

    const townships = network.nodes.filter((n) => n.tier === 'township').map((n) => n.code);
    const fanNodes = [...COUNTIES, ...townships].slice(0, 20);
    const oneNode = 'xingbin';
    const nodeFields = 'name tier articles(first: 10) { totalCount nodes { id title summary publishedAt } }';
    const oneQuery = `{ network { ${oneNode} { ${nodeFields} } } }`;
    const fanQuery = `{ network { ${fanNodes.map((c) => `${c} { ${nodeFields} }`).join(' ')} } }`;
    const direct = `${net.nodes.get(oneNode)!.url}/graphql`;
    const ourCpu = processCpu(gatewayPid(network.gateway.port));
    // The same reads with \`first: $n\` varying per request: nothing in flight at once is identical.
    const varFields = nodeFields.replace('articles(first: 10)', 'articles(first: $n)');
    const oneVarQuery = `query($n: Int!) { network { ${oneNode} { ${varFields} } } }`;
    const fanVarQuery = `query($n: Int!) { network { ${fanNodes.map((c) => `${c} { ${varFields} }`).join(' ')} } }`;

    // Sanity: every path answers the same thing.
    const answers = await Promise.all(
      [
        { url: direct, headers: {} },
        { url: `${net.gatewayUrl}/graphql`, headers: partner },
        { url: `${hive}/graphql`, headers: {} },
      ].map(async (t) =>
        (
          await fetch(t.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...t.headers },
            body: JSON.stringify({ query: oneQuery }),
          })
        ).text(),
      ),
    );
    if (
      new Set(
        answers.map((a) =>
          createHash('sha256')
            .update(JSON.stringify(JSON.parse(a)))
            .digest('hex'),
        ),
      ).size !== 1
    ) {
      throw new Error(`paths answer differently:\n${answers.map((a) => a.slice(0, 300)).join('\n')}`);
    }
    const fanCheck = (await (
      await fetch(`${hive}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: fanQuery }),
      })
    ).json()) as { errors?: unknown[]; data?: { network: Record<string, unknown> } };
    if (fanCheck.errors || Object.keys(fanCheck.data?.network ?? {}).length !== 20)
      throw new Error(`Hive fan-out: ${JSON.stringify(fanCheck).slice(0, 500)}`);

    // 3. HTTP client to a node: global fetch vs undici.request on a bounded keep-alive Agent.
    say('HTTP client to a node (in this process, 16 in flight):');
    const clientBody = JSON.stringify({ query: oneQuery });
    const clientRuns: { name: string; rps: number; p50: number; p99: number }[] = [];
    const agent = new Agent({ connections: 32, pipelining: 1, keepAliveTimeout: 30_000 });
    for (const [name, send] of [
      [
        'global fetch (Node 20 default dispatcher)',
        async () => (await fetch(direct, { method: 'POST', headers: { 'content-type': 'application/json' }, body: clientBody })).text(),
      ],
      [
        'undici.request + Agent (32 sockets, what the gateway uses)',
        async () =>
          (
            await request(direct, { method: 'POST', headers: { 'content-type': 'application/json' }, body: clientBody, dispatcher: agent })
          ).body.text(),
      ],
    ] as const) {
      for (let i = 0; i < 100; i++) await send();
      const latencies: number[] = [];
      const started = performance.now();
      let issued = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (issued < 2000) {
            issued++;
            const t = performance.now();
            await send();
            latencies.push(performance.now() - t);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      clientRuns.push({ name, rps: issued / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
      say(`  ${name}: ${(issued / seconds).toFixed(0)} req/s, p50 ${percentile(latencies, 50).toFixed(2)} ms`);
    }
    await agent.close();

    // 4. One node: direct, through our gateway (cache off / on), through Hive.
    say('one-node query:');
    const oneTargets: Target[] = [
      { name: 'direct to the node’s subgraph', url: direct, query: oneQuery },
      {
        name: 'our gateway (Apollo), response cache off',
        url: `${net.gatewayUrl}/graphql`,
        headers: partner,
        query: oneQuery,
        cpu: ourCpu,
      },
      { name: 'Hive Gateway (peer)', url: `${hive}/graphql`, query: oneQuery, cpu: hiveCpu },
      {
        name: 'our gateway, response cache on',
        url: `${cachedGateway}/graphql`,
        headers: partner,
        query: oneQuery,
        cpu: cachedCpu,
      },
    ];
    const oneLatency = await measureInTurns(oneTargets, 1, { maxRequests: 1500 });
    const oneThroughput = await measureInTurns(oneTargets, CONCURRENCY);
    const oneDistinct = await measureInTurns(
      [
        { name: 'direct, distinct requests', url: direct, query: oneVarQuery, varying: true },
        {
          name: 'our gateway, distinct requests',
          url: `${net.gatewayUrl}/graphql`,
          headers: partner,
          query: oneVarQuery,
          varying: true,
          cpu: ourCpu,
        },
        { name: 'Hive Gateway, distinct requests', url: `${hive}/graphql`, query: oneVarQuery, varying: true, cpu: hiveCpu },
      ],
      CONCURRENCY,
    );

    // 5. Fan-out to 20 nodes over loopback, and each node alone (direct).
    say('fan-out to 20 nodes:');
    const perNode = await measureInTurns(
      fanNodes.map((code) => ({
        name: code,
        url: `${net!.nodes.get(code)!.url}/graphql`,
        query: `{ network { ${code} { ${nodeFields} } } }`,
      })),
      1,
      { maxRequests: 300, warmup: 20 },
    );
    const fanTargets: Target[] = [
      { name: 'our gateway (Apollo)', url: `${net.gatewayUrl}/graphql`, headers: partner, query: fanQuery, cpu: ourCpu },
      { name: 'Hive Gateway (peer)', url: `${hive}/graphql`, query: fanQuery, cpu: hiveCpu },
    ];
    const fanLatency = await measureInTurns(fanTargets, 1, { maxRequests: 500 });
    const fanThroughput = await measureInTurns(fanTargets, Math.min(CONCURRENCY, 8), { maxRequests: 1000 });
    const fanDistinct = await measureInTurns(
      [
        {
          name: 'our gateway, distinct requests',
          url: `${net.gatewayUrl}/graphql`,
          headers: partner,
          query: fanVarQuery,
          varying: true,
          cpu: ourCpu,
        },
        { name: 'Hive Gateway, distinct requests', url: `${hive}/graphql`, query: fanVarQuery, varying: true, cpu: hiveCpu },
      ],
      Math.min(CONCURRENCY, 8),
      { maxRequests: 1000 },
    );

    // 6. Every node DELAY_MS away: a delaying proxy in front of each node, gateways reading proxied URLs.
    say(`fan-out with every node ${DELAY_MS} ms away:`);
    const proxyAgent = new Agent({ connections: 64, pipelining: 1 });
    const listing = (await (await fetch(`${net.cityUrl}/directory/subgraphs`)).json()) as {
      subgraphs: { code: string; graphqlUrl: string; url?: string }[];
    };
    const proxied = new Map<string, string>();
    let proxiedSupergraph = supergraph;
    for (const s of listing.subgraphs) {
      const node = net.nodes.get(s.code)!;
      const proxy = await delayingProxy(node.url, DELAY_MS, proxyAgent);
      servers.push(proxy.server);
      proxied.set(s.code, proxy.url);
      proxiedSupergraph = proxiedSupergraph.split(`${node.url}/graphql`).join(`${proxy.url}/graphql`);
      s.graphqlUrl = `${proxy.url}/graphql`;
      if (s.url) s.url = proxy.url;
    }
    const directory = await fakeDirectory(listing);
    servers.push(directory.server);
    const { url: farGateway, cpu: farCpu } = await startGatewayProcess('gateway-far', {
      DJNET_CITY_URL: directory.url,
      DJNET_GATEWAY_ANONYMOUS_REQUESTS_PER_MINUTE: '1000000',
      DJNET_GATEWAY_RESPONSE_CACHE_ENTRIES: '0',
      DJNET_GATEWAY_MAX_COST: '1000000',
    });
    const farFile = join(work, 'supergraph-far.graphql');
    writeFileSync(farFile, proxiedSupergraph);
    const { url: farHive, cpu: farHiveCpu } = await startHive('hive-far', farFile);
    const farTargets: Target[] = [
      { name: `one node direct, via its ${DELAY_MS} ms proxy`, url: `${proxied.get(oneNode)}/graphql`, query: oneQuery },
      { name: 'one node through our gateway', url: `${farGateway}/graphql`, query: oneQuery, cpu: farCpu },
      { name: '20 nodes through our gateway', url: `${farGateway}/graphql`, query: fanQuery, cpu: farCpu },
      { name: '20 nodes through Hive Gateway', url: `${farHive}/graphql`, query: fanQuery, cpu: farHiveCpu },
    ];
    const far = await measureInTurns(farTargets, 1, { maxRequests: 150, warmup: 10 });
    await proxyAgent.close();

    // Report.
    const [directOne, apolloOne, hiveOne, cachedOne] = oneLatency;
    const [directOneT, apolloOneT, hiveOneT, cachedOneT] = oneThroughput;
    const [apolloFan, hiveFan] = fanLatency;
    const [apolloFanT, hiveFanT] = fanThroughput;
    const slowest = perNode.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    const sumP50 = perNode.reduce((a, b) => a + b.p50, 0);
    const [farDirect, farOne, farFan, farHiveFan] = far;
    const [, apolloOneD, hiveOneD] = oneDistinct;
    const [apolloFanD, hiveFanD] = fanDistinct;
    const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : '—');
    const loadAfter = loadavg()[0]!;
    const section = `
## Gateway: one node, fan-out, peer, composition (\`npm run bench:gateway\`)

Run ${when.toISOString()} on ${box.cpus} CPU (${box.model}), ${box.memory} memory, Node ${box.node}. Everything on this
machine over loopback: ${net.nodes.size} node processes (1 city, 6 counties, 14 townships; each its own process and database on
one ${db.kind === 'ferretdb' ? 'FerretDB v1.24.2 (SQLite)' : db.kind} server), our gateway processes, Hive Gateway processes and the load
client (in the benchmark process, undici keep-alive pools) share the ${box.cpus} cores (1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end: anything else running on the machine shows up in these numbers). ${published} published articles were written into
the nodes' databases first (${ARTICLES_PER_NODE} per node). Every request to our gateway carries a partner key
(key lookup, CORS, rate limit, depth/cost limits, metrics and a JSON access-log line per request all run); the
response cache is off except where said. Each measurement is bounded (${MAX_REQUESTS} requests or ${SECONDS} s after a warm-up) and taken in three turns
interleaved with the paths it is compared with, so background load falls on all of them alike.

Queries. One node: \`{ network { ${oneNode} { ${nodeFields} } } }\`. Fan-out: the same fields on 20 nodes
(6 counties, 14 townships) in one query. All paths answered the same JSON for the one-node query. Both gateways send
identical reads that are in flight at the same time to a node once (Hive's HTTP executor does by default, ours in
\`subgraphFetcher.ts\`), which is what a crowd opening the same page looks like; the rows marked "distinct requests"
send \`first: $n\` with $n = 1…20 in turn, so no two requests in flight together are the same. "gateway CPU" is the
serving gateway process's own CPU time (user + system) per request — the figure least disturbed by other load.

Reading these numbers. On loopback a node answers this query in well under a millisecond, so a gateway's own work
(about half a millisecond of CPU per request here, plus a second HTTP hop) is several times the node's: the "< 1.3× the
direct call" goal can only hold where the node itself takes time, as every real county or township server does at the
end of a network link — the ${DELAY_MS} ms rows. Likewise a loopback fan-out on ${box.cpus} cores is bound by CPU (21 node processes, the
gateway and the client must all be scheduled for one answer), not by waiting; the ${DELAY_MS} ms rows show the fetches going out
in parallel. Throughput and CPU per request are the fair comparison with the peer.

### One-node query

${TABLE_HEAD}
${[...oneLatency, ...oneThroughput, ...oneDistinct].map(row).join('\n')}

| ratio | value | goal |
| --- | ---: | --- |
| our gateway p50 ÷ direct p50 (1 in flight) | ${ratio(apolloOne!.p50, directOne!.p50)}× | < 1.3× |
| our gateway req/s ÷ direct req/s (${CONCURRENCY} in flight) | ${ratio(apolloOneT!.rps, directOneT!.rps)} | |
| our gateway req/s ÷ Hive req/s (${CONCURRENCY} in flight) | ${ratio(apolloOneT!.rps, hiveOneT!.rps)} | ≥ 1 |
| our gateway req/s ÷ Hive req/s, distinct requests (${CONCURRENCY} in flight) | ${ratio(apolloOneD!.rps, hiveOneD!.rps)} | ≥ 1 |
| our gateway CPU ÷ Hive CPU per request (${CONCURRENCY} in flight, distinct) | ${ratio(apolloOneD!.cpuMs ?? NaN, hiveOneD!.cpuMs ?? NaN)} | |
| our gateway p50 ÷ Hive p50 (1 in flight) | ${ratio(apolloOne!.p50, hiveOne!.p50)}× | |
| response cache on: req/s ÷ cache off (${CONCURRENCY} in flight) | ${ratio(cachedOneT!.rps, apolloOneT!.rps)} | |
| response cache on: p50 ÷ direct p50 (1 in flight) | ${ratio(cachedOne!.p50, directOne!.p50)}× | |

### Fan-out to 20 nodes

${TABLE_HEAD}
${[...fanLatency, ...fanThroughput, ...fanDistinct].map(row).join('\n')}

Each of the 20 nodes alone (direct, 1 in flight): p50 from ${fmt(Math.min(...perNode.map((s) => s.p50)))} to ${fmt(slowest.p50)} ms (slowest: ${slowest.name}); sum of the 20 p50s ${fmt(sumP50)} ms.

| ratio | value | goal |
| --- | ---: | --- |
| our gateway fan-out p50 ÷ slowest node p50 | ${ratio(apolloFan!.p50, slowest.p50)}× | close to 1× |
| our gateway fan-out p50 ÷ sum of node p50s | ${ratio(apolloFan!.p50, sumP50)} | well below 1 |
| our gateway req/s ÷ Hive req/s (${Math.min(CONCURRENCY, 8)} in flight) | ${ratio(apolloFanT!.rps, hiveFanT!.rps)} | ≥ 1 |
| our gateway req/s ÷ Hive req/s, distinct requests (${Math.min(CONCURRENCY, 8)} in flight) | ${ratio(apolloFanD!.rps, hiveFanD!.rps)} | ≥ 1 |
| our gateway CPU ÷ Hive CPU per fan-out (distinct) | ${ratio(apolloFanD!.cpuMs ?? NaN, hiveFanD!.cpuMs ?? NaN)} | |
| our gateway p50 ÷ Hive p50 (1 in flight) | ${ratio(apolloFan!.p50, hiveFan!.p50)}× | |

### Fan-out with every node ${DELAY_MS} ms away

A proxy in front of each node waits ${DELAY_MS} ms before passing a request on (the county and township servers are far
from the gateway in production; on loopback every node is sub-millisecond and the ${box.cpus} cores, not the network, bound a fan-out).
Gateways read the proxied URLs (ours from a copy of the directory, Hive from the rewritten supergraph). 1 in flight.

${TABLE_HEAD}
${far.map(row).join('\n')}

| ratio | value | goal |
| --- | ---: | --- |
| 20 nodes ÷ 1 node through our gateway (p50) | ${ratio(farFan!.p50, farOne!.p50)}× | close to 1× (in series it would be 20×) |
| 20 nodes through our gateway p50 ÷ (20 × ${DELAY_MS} ms) | ${ratio(farFan!.p50, 20 * DELAY_MS)} | well below 1 |
| one node through our gateway ÷ direct via the proxy (p50) | ${ratio(farOne!.p50, farDirect!.p50)}× | < 1.3× |
| 20 nodes: our gateway p50 ÷ Hive p50 | ${ratio(farFan!.p50, farHiveFan!.p50)}× | |

### HTTP client to the nodes

Same node, same query, 16 in flight from one process, 2000 requests each:

| client | req/s | p50 ms | p99 ms |
| --- | ---: | ---: | ---: |
${clientRuns.map((c) => `| ${c.name} | ${fmt(c.rps, 0)} | ${fmt(c.p50)} | ${fmt(c.p99)} |`).join('\n')}

### Composition

Composing 80 generated node subgraphs (1 city, 6 counties, 73 townships; \`composeSupergraph\`, what the gateway's worker
thread runs): ${compositionMs.map((m) => `${m.toFixed(0)} ms`).join(', ')} (three runs, the first includes warm-up). Network start-up
(database, 21 node processes, gateway) took ${(launchMs / 1000).toFixed(1)} s.
`;
    await writeResultsSection('gateway', section);
    say(`wrote ${RESULTS}`);
    ok = true;
  } finally {
    for (const s of servers) s.close();
    await Promise.all(extra.map((p) => stopProcess(p)));
    await net?.stop();
    await db.stop();
    if (ok) rmSync(work, { recursive: true, force: true });
    else say(`logs kept in ${join(work, 'network', 'logs')}`);
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
