/**
 * Content benchmark (`npm run bench:content`): one node in this process on the embedded database (or
 * MONGODB_URI), 5,000 published articles generated from bench/corpus/sentences.txt, then over HTTP with
 * keep-alive: GET /healthz (the baseline), a channel list and two searches through GraphQL. Reports p50/p99
 * latency and requests/s with ratios against the baseline, the catalog's load time at start and the process
 * memory before and after, and writes them into bench/RESULTS.md. Request counts and durations are bounded.
 *
 * Environment: MONGODB_URI (use that server), BENCH_ARTICLES (default 5000), BENCH_CONCURRENCY (default 4),
 * BENCH_SECONDS (per measurement, default 10), BENCH_MAX_REQUESTS (per measurement, default 5000).
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, openNodeDatabase, parseNodeConfig, startDatabaseServer, type NodeConfig } from '@djnet/shared';
import { generator, publishedArticle, readCorpus, type Corpus } from './benchArticles';
import { RESULTS, writeResultsSection } from './benchSupport';
import { startNode, type RunningNode } from '@djnet/services';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MAX_REQUESTS = Number(process.env.BENCH_MAX_REQUESTS ?? 5000);
const CODE = 'laibin';
const WARM_UP_MS = 2_000;
const FIRST_PUBLISHED = Date.UTC(2023, 0, 1);
const ARTICLE_SPACING_MS = 7 * 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Articles from the corpus

const LEAF_CHANNELS = [
  'dangjian-gongzuo-dongtai-xianqu',
  'dangjian-gongzuo-dongtai-xiangzhen',
  'dangjian-jiceng-nongcun',
  'dangjian-jiceng-shequ',
  'dangjian-jiceng-jiguan',
  'dangjian-zuzhi-jianshe-huanjie',
  'dangjian-dangyuan-jiaoyu-zhuti-dangri',
  'dangjian-xinxiyuan-tongbao',
  'dangjian-tongzhi',
  'dangshi',
  'jijian',
  'xianfeng',
  'yuanjiao-zhandian-jianshe',
  'rencai-dongtai',
];

function generateArticles(corpus: Corpus, count: number, startMs: number) {
  const rand = generator(20240501);
  const docs = [];
  for (let i = 0; i < count; i++) {
    const place = rand.pick(corpus.places);
    const sentences: string[] = [];
    const n = 8 + Math.floor(rand.next() * 14);
    for (let j = 0; j < n; j++) sentences.push(rand.pick(corpus.sentences));
    const paragraphs = [`${place}${sentences[0]}`, ...sentences.slice(1)];
    const bodyText = paragraphs.join('');
    const at = new Date(startMs + i * ARTICLE_SPACING_MS);
    docs.push(
      publishedArticle(
        {
          node: CODE,
          title: `${place}${rand.pick(corpus.topics)}`,
          author: `${place}信息员`,
          sourceUnit: `${place}党委`,
          channel: rand.pick(LEAF_CHANNELS),
          tags: [rand.pick(corpus.tags), rand.pick(corpus.tags)].filter((t, k, all) => all.indexOf(t) === k),
          summary: sentences[1] ?? null,
          body: paragraphs.map((p) => `<p>${p}</p>`).join(''),
          bodyText,
        },
        at,
      ),
    );
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP load

interface Target {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** The request body, or a function giving each request its own. */
  body?: string | (() => string);
  /** Runs before the measurement. */
  before?: () => void;
}

interface Measurement {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

function send(agent: Agent, port: number, target: Target): Promise<{ status: number; body: string }> {
  const body = typeof target.body === 'function' ? target.body() : target.body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: target.method,
        path: target.path,
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function failed(response: { status: number; body: string }): boolean {
  return response.status !== 200 || response.body.includes('"errors"');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(port: number, target: Target): Promise<Measurement> {
  target.before?.();
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  // Check once, then warm up (JIT, connections, caches).
  const check = await send(agent, port, target);
  if (failed(check)) throw new Error(`${target.name}: HTTP ${check.status} ${check.body.slice(0, 300)}`);
  const warmUntil = Date.now() + WARM_UP_MS;
  for (let i = 0; i < 50 && Date.now() < warmUntil; i++) await send(agent, port, target);

  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (issued < MAX_REQUESTS && Date.now() < deadline) {
      issued++;
      const t0 = process.hrtime.bigint();
      const response = await send(agent, port, target);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (failed(response)) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name: target.name,
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Machine, memory, report

function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  let nproc = String(cpus().length);
  try {
    nproc = execSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // cpus().length then
  }
  return {
    nproc,
    model,
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    freeGiB: (freemem() / 2 ** 30).toFixed(1),
    node: process.version,
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' / '),
  };
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMiB: m.rss / 2 ** 20, heapMiB: m.heapUsed / 2 ** 20, externalMiB: (m.external + m.arrayBuffers) / 2 ** 20 };
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const log = createLogger({ bench: 'content' }, 'warn');
  const dataDir = mkdtempSync(join(tmpdir(), 'djnet-bench-'));
  const db = await startDatabaseServer({ mongodbUri: process.env.MONGODB_URI, dataDir: join(dataDir, 'ferretdb'), log });
  const config: NodeConfig = parseNodeConfig({
    code: CODE,
    name: '来宾市党建网',
    tier: 'city',
    port: 0,
    mongodbUri: db.uri,
    dataDir,
    databaseName: `bench_content_${randomBytes(3).toString('hex')}`,
    logLevel: 'warn',
  });
  let node: RunningNode | undefined;
  const cleanup = async () => {
    if (node) {
      await node.connection.dropDatabase().catch(() => undefined);
      await node.stop();
      node = undefined;
    }
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Interrupted: still drop the database and remove the temporary folder.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    // 1. Seed the articles straight into the node's (still empty) database, as an import would.
    const corpus = readCorpus();
    let docs = generateArticles(corpus, ARTICLES, FIRST_PUBLISHED);
    const seedStarted = Date.now();
    const seedConnection = await openNodeDatabase(db.uri, config.databaseName);
    for (let i = 0; i < docs.length; i += 500) await seedConnection.collection('articles').insertMany(docs.slice(i, i + 500));
    await seedConnection.close();
    const seedMs = Date.now() - seedStarted;
    const articleCount = docs.length;
    const bodyChars = docs.reduce((n, d) => n + d.bodyText.length, 0);
    docs = [];
    console.log(`seeded ${articleCount} articles (${(bodyChars / articleCount).toFixed(0)} characters each on average) in ${seedMs} ms`);

    // 2. Start the node: its catalog loads them all.
    const before = memory();
    const startStarted = Date.now();
    node = await startNode(config, log);
    const startMs = Date.now() - startStarted;
    const after = memory();
    const catalog = node.context.catalog as unknown as {
      setTextBudget(bytes: number): void;
      stats(): { loadMs: number; texts: number; textBytes: number; index: { keys: number; packedBytes: number } };
    };
    const stats = catalog.stats();
    console.log(`node started in ${startMs} ms; catalog`, JSON.stringify(stats));

    // 3. HTTP.
    const rand = generator(7).next;
    const gqlBody = (query: string) => JSON.stringify({ query });
    const targets: Target[] = [
      { name: 'GET /healthz (baseline)', method: 'GET', path: '/healthz' },
      {
        name: 'articles(channel:"dangjian", first:20)',
        method: 'POST',
        path: '/graphql',
        body: gqlBody(`{ network { ${CODE} { articles(channel: "dangjian", first: 20) { nodes { id title } totalCount } } } }`),
      },
      {
        name: 'search(query:"党建 信息员", first:20), no snippets',
        method: 'POST',
        path: '/graphql',
        body: gqlBody(
          `{ network { ${CODE} { search(query: "党建 信息员", first: 20) { hits { article { id title } score } totalCount } } } }`,
        ),
      },
      {
        name: 'search(query:"党建 信息员", first:20), snippets',
        method: 'POST',
        path: '/graphql',
        body: gqlBody(
          `{ network { ${CODE} { search(query: "党建 信息员", first: 20) { hits { article { id title } score highlight } totalCount } } } }`,
        ),
      },
      {
        name: 'search(query:"党建 三级三批", channel:"dangjian", to:<random>, first:20), snippets',
        method: 'POST',
        path: '/graphql',
        body: () => {
          const to = new Date(FIRST_PUBLISHED + Math.floor(rand() * articleCount) * ARTICLE_SPACING_MS).toISOString();
          return gqlBody(
            `{ network { ${CODE} { search(query: "党建 三级三批", channel: "dangjian", to: "${to}", first: 20) { hits { article { id title } score highlight } totalCount } } } }`,
          );
        },
      },
      {
        name: 'search(query:"党建 信息员", first:20), snippets, text budget 0 (texts read from the database)',
        method: 'POST',
        path: '/graphql',
        body: gqlBody(
          `{ network { ${CODE} { search(query: "党建 信息员", first: 20) { hits { article { id title } score highlight } totalCount } } } }`,
        ),
        before: () => catalog.setTextBudget(0),
      },
    ];
    const results: Measurement[] = [];
    for (const target of targets) {
      const m = await measure(node.port, target);
      results.push(m);
      console.log(`${m.name}: ${m.requests} requests, ${m.rps.toFixed(0)}/s, p50 ${ms(m.p50)} ms, p99 ${ms(m.p99)} ms, errors ${m.errors}`);
    }
    const totals = JSON.parse(
      (
        await send(new Agent(), node.port, {
          name: 'totals',
          method: 'POST',
          path: '/graphql',
          body: gqlBody(
            `{ network { ${CODE} { a: search(query: "党建 信息员") { totalCount } b: search(query: "党建 三级三批", channel: "dangjian") { totalCount } } } }`,
          ),
        })
      ).body,
    ) as { data: { network: Record<string, { a: { totalCount: number }; b: { totalCount: number } }> } };
    const hitCounts = totals.data.network[CODE]!;
    const finalMemory = memory();

    // 4. Report.
    const m = machine();
    const base = results[0]!;
    const rows = results.map(
      (r) =>
        `| ${r.name} | ${r.requests} | ${r.errors} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${(r.rps / base.rps).toFixed(2)} | ${(r.p50 / base.p50).toFixed(1)} |`,
    );
    const section = `
## Content: channel lists and search (\`npm run bench:content\`)

Run ${new Date().toISOString()} on ${m.nproc} CPU (${m.model}), ${m.memoryGiB} GiB memory, Node ${m.node}, load average ${m.load} (1/5/15 min) at the end, database ${db.kind}
(${db.kind === 'ferretdb' ? 'FerretDB v1.24.2, SQLite backend' : 'MONGODB_URI'}). One city node in the benchmark process; client in the same
process, HTTP keep-alive, ${CONCURRENCY} requests in flight, each measurement at most ${MAX_REQUESTS} requests or ${SECONDS} s after up to 50 warm-up requests (2 s).

Data: ${articleCount} published articles generated from \`bench/corpus/sentences.txt\` (${(bodyChars / articleCount).toFixed(0)} characters of body on
average, ${LEAF_CHANNELS.length} channels, 16 places), inserted straight into the node's database in ${seedMs} ms before it started.

| at start | value |
| --- | --- |
| node start (database, catalog load, schema, HTTP) | ${startMs} ms |
| catalog load (published articles → in-memory index) | ${stats.loadMs} ms |
| catalog: distinct term keys / packed index | ${stats.index.keys} / ${(stats.index.packedBytes / 2 ** 20).toFixed(2)} MiB |
| catalog: body texts kept for snippets | ${stats.texts} / ${(stats.textBytes / 2 ** 20).toFixed(2)} MiB |
| RSS before start → after start → after the load test | ${before.rssMiB.toFixed(0)} → ${after.rssMiB.toFixed(0)} → ${finalMemory.rssMiB.toFixed(0)} MiB |
| JS heap used before → after start | ${before.heapMiB.toFixed(0)} → ${after.heapMiB.toFixed(0)} MiB |

| request | requests | errors | req/s | p50 ms | p99 ms | req/s ÷ baseline | p50 × baseline |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Matches: "党建 信息员" ${hitCounts.a.totalCount}, "党建 三级三批" in 党建 ${hitCounts.b.totalCount} (of ${articleCount}).

How to read it: lists and searches are answered from memory (the catalog), snippets (\`highlight\`) from the body texts the catalog
keeps within its text budget (32 MiB by default). The last row sets that budget to 0, so every snippet reads its text from the database
(one \`findById\` per hit, 20 in parallel): on MongoDB an \`_id\` index lookup, but on FerretDB v1 (SQLite backend) even an \`_id\`
lookup reads through the whole collection (about 20–35 ms each at 5,000 articles of ~3 KB, growing with the collection; \`_id: { $in }\`
about 300 ms), which is why the catalog keeps the texts. Client and server share this process and its two cores, and other work on the
machine shows in the load average: compare ratios within one run. Caveat: the corpus is small, so its vocabulary (distinct character
pairs) is far smaller than real articles'; the index grows with it (about 8 bytes per distinct term plus 1–2 bytes per posting).
`;
    await writeResultsSection('content', section);
    console.log(`results written to ${RESULTS}`);
  } finally {
    await cleanup();
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exitCode = 1;
});
