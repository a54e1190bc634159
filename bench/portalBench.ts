/**
 * Portal benchmark (`npm run bench:portal`): one city node in this process on the embedded database (or
 * MONGODB_URI) with N published articles (generated from bench/corpus/sentences.txt), then over HTTP with
 * keep-alive and `Accept-Encoding: gzip`, all on one Express app in this run:
 *
 * - the baseline: the portal home page's HTML saved as a file and served by express.static (compressed by the
 *   same `compression` middleware the site uses);
 * - the portal home page rendered on every request (page cache off): catalog reads, template, gzip;
 * - the portal home page from the page cache (re-rendered only when its data changes), its data checked on every
 *   request, and checked at most once a second (PAGE_FRESH_MS, what nodes do);
 * - the cached page revalidated with If-None-Match (304);
 * - an article page (cached) and a channel page (uncached) for scale.
 *
 * Reports requests/s, p50 and p99 with ratios against the baseline, and writes its section of bench/RESULTS.md.
 * Bounded: each measurement at most BENCH_MAX_REQUESTS (default 5000) requests or BENCH_SECONDS (default 8) s.
 * Environment: MONGODB_URI, BENCH_ARTICLES (default 5000), BENCH_CONCURRENCY (default 8), BENCH_ONLY (a name part:
 * only those measurements and the baseline, results not written; for profiling).
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request, type Server } from 'node:http';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import compression from 'compression';
import express from 'express';
import { createLogger, listen, openNodeDatabase, parseNodeConfig, startDatabaseServer, type NodeConfig } from '@djnet/shared';
import { startNode, type RunningNode } from '@djnet/services/dist/node/startNode';
import { ArticleViews } from '@djnet/services/dist/site/articleViews';
import { NetworkSettingsState } from '@djnet/services/dist/site/networkSettings';
import { PageCache } from '@djnet/services/dist/site/pageCache';
import { siteRoutes } from '@djnet/services/dist/site/siteRoutes';
import { PAGE_FRESH_MS } from '@djnet/services/dist/site/startSite';
import { RESULTS, writeResultsSection } from './benchSupport';
import { generator, publishedArticle, readCorpus } from './benchArticles';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const MAX_REQUESTS = Number(process.env.BENCH_MAX_REQUESTS ?? 5000);
const CODE = 'laibin';
const WARM_UP_MS = 2_000;
const FIRST_PUBLISHED = Date.UTC(2023, 0, 1);
const ARTICLE_SPACING_MS = 7 * 60_000;

const CHANNELS = [
  'dangjian-gongzuo-dongtai-xianqu',
  'dangjian-jiceng-nongcun',
  'dangshi',
  'jijian',
  'xianfeng',
  'yuanjiao-zhandian-jianshe',
  'rencai-dongtai',
];

function generateArticles(count: number) {
  const corpus = readCorpus();
  const rand = generator(20240501);
  return Array.from({ length: count }, (_, i) => {
    const place = rand.pick(corpus.places);
    const body = Array.from({ length: 8 + Math.floor(rand.next() * 14) }, () => rand.pick(corpus.sentences));
    return {
      ...publishedArticle(
        {
          node: CODE,
          title: `${place}${rand.pick(corpus.topics)}`,
          author: `${place}信息员`,
          sourceUnit: `${place}党委`,
          channel: rand.pick(CHANNELS),
          summary: body[1] ?? null,
          body: body.map((p) => `<p>${p}</p>`).join(''),
          bodyText: body.join(''),
        },
        new Date(FIRST_PUBLISHED + i * ARTICLE_SPACING_MS),
      ),
      viewCount: Math.floor(rand.next() * 500),
    };
  });
}

interface Target {
  name: string;
  path: string;
  headers?: Record<string, string>;
  status?: number;
}

interface Measurement {
  name: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
}

function send(agent: Agent, port: number, target: Target): Promise<{ status: number; bytes: number; etag?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, agent, method: 'GET', path: target.path, headers: { 'accept-encoding': 'gzip', ...target.headers } },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, etag: res.headers.etag }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function measure(port: number, target: Target): Promise<Measurement> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const expected = target.status ?? 200;
  const check = await send(agent, port, target);
  if (check.status !== expected) throw new Error(`${target.name}: HTTP ${check.status}`);
  const warmUntil = Date.now() + WARM_UP_MS;
  for (let i = 0; i < 100 && Date.now() < warmUntil; i++) await send(agent, port, target);
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
      if (response.status !== expected) errors++;
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
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bytes: check.bytes,
  };
}

function machine(): string {
  let model = cpus()[0]?.model ?? 'unknown';
  let nproc = String(cpus().length);
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
    nproc = execSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // keep os.cpus()
  }
  return `${nproc} CPU (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1/5/15 min) at the end`;
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

async function main(): Promise<void> {
  const log = createLogger({ bench: 'portal' }, 'warn');
  const dataDir = mkdtempSync(join(tmpdir(), 'djnet-bench-portal-'));
  const db = await startDatabaseServer({ mongodbUri: process.env.MONGODB_URI, dataDir: join(dataDir, 'ferretdb'), log });
  const config: NodeConfig = parseNodeConfig({
    code: CODE,
    name: '来宾市党建网',
    tier: 'city',
    port: 0,
    mongodbUri: db.uri,
    dataDir,
    databaseName: `bench_portal_${randomBytes(3).toString('hex')}`,
    logLevel: 'warn',
  });
  let node: RunningNode | undefined;
  let server: Server | undefined;
  const cleanup = async () => {
    server?.close();
    if (node) {
      await node.connection.dropDatabase().catch(() => undefined);
      await node.stop();
      node = undefined;
    }
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    const seed = await openNodeDatabase(db.uri, config.databaseName);
    const docs = generateArticles(ARTICLES);
    for (let i = 0; i < docs.length; i += 500) await seed.collection('articles').insertMany(docs.slice(i, i + 500));
    await seed.close();
    node = await startNode(config, log);
    const ctx = node.context;
    console.log(`city node with ${ARTICLES} articles at ${node.url}`);

    // One Express app: the static baseline and the site twice, with and without its page cache.
    const staticDir = join(dataDir, 'static');
    mkdirSync(staticDir);
    const home = await fetch(`${node.url}/`, { headers: { 'accept-encoding': 'identity' } });
    const homeHtml = await home.text();
    writeFileSync(join(staticDir, 'home.html'), homeHtml);
    const settings = new NetworkSettingsState(ctx);
    const views = new ArticleViews(ctx);
    const app = express();
    app.use('/static', compression(), express.static(staticDir, { maxAge: 60_000 }));
    app.use('/cached', siteRoutes(ctx, { settings, views, pages: new PageCache(1_000, true) }));
    app.use('/fresh', siteRoutes(ctx, { settings, views, pages: new PageCache(1_000, true, PAGE_FRESH_MS) }));
    app.use('/uncached', siteRoutes(ctx, { settings, views, pages: new PageCache(1_000, false) }));
    const listening = await listen(app, '127.0.0.1', 0, 'portal bench');
    server = listening.server as Server;
    const port = listening.port;

    const article = /href="\/articles\/([0-9a-f]{24})"/.exec(homeHtml)?.[1];
    const etag = (await send(new Agent(), port, { name: 'etag', path: '/cached/' })).etag!;
    const targets: Target[] = [
      { name: 'static file: the home page saved as HTML (baseline)', path: '/static/home.html' },
      { name: 'portal home, rendered every request (page cache off)', path: '/uncached/' },
      { name: 'portal home, page cache on, data checked every request', path: '/cached/' },
      { name: `portal home, page cache on, data checked every ${PAGE_FRESH_MS} ms (as nodes serve it)`, path: '/fresh/' },
      {
        name: 'portal home, revalidated (If-None-Match → 304)',
        path: '/cached/',
        headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
        status: 304,
      },
      { name: 'article page, page cache on', path: `/cached/articles/${article}` },
      { name: 'channel page 1 (dangjian), page cache off', path: '/uncached/channels/dangjian' },
    ];
    const results: Measurement[] = [];
    // BENCH_ONLY=<text>: only the targets whose name contains it (profiling); the results file is then left alone.
    const only = process.env.BENCH_ONLY;
    for (const target of targets.filter((t, i) => !only || i === 0 || t.name.includes(only))) {
      const m = await measure(port, target);
      results.push(m);
      console.log(`${m.name}: ${m.rps.toFixed(0)} req/s, p50 ${ms(m.p50)} ms, p99 ${ms(m.p99)} ms, ${m.errors} errors`);
    }
    if (only) return;
    const base = results[0]!;
    const rows = results.map(
      (m) =>
        `| ${m.name} | ${m.requests} | ${m.errors} | ${m.bytes} | ${m.rps.toFixed(0)} | ${ms(m.p50)} | ${ms(m.p99)} | ${(m.rps / base.rps).toFixed(2)} | ${(m.p99 / base.p99).toFixed(1)} |`,
    );
    const section = `## Portal: home page rendered and served (\`npm run bench:portal\`)

Run ${new Date().toISOString()} on ${machine()}, database ${process.env.MONGODB_URI ? 'MongoDB (MONGODB_URI)' : 'FerretDB v1.24.2 (embedded)'}.
One city node with ${ARTICLES} published articles (generated from \`bench/corpus/sentences.txt\`, 7 channels); one Express app
serving the baseline and the site with and without its page cache; client in the same process, HTTP keep-alive,
\`Accept-Encoding: gzip\`, ${CONCURRENCY} requests in flight, each measurement at most ${MAX_REQUESTS} requests or ${SECONDS} s after warm-up.
The home page is ${Buffer.byteLength(homeHtml)} bytes of HTML; "bytes" below is what went over the wire (gzip).

| request | requests | errors | bytes | req/s | p50 ms | p99 ms | req/s ÷ baseline | p99 × baseline |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

The home page reads only memory (the catalog's newest-first lists per sub-network, the channel tree, notices cached
for 30 s, the most-read list recomputed at most once a minute). Uncached, each request builds that model, renders
the templates and gzips about ${(Buffer.byteLength(homeHtml) / 1024).toFixed(0)} KB; cached and checked every request, it builds the model, hashes it (the
ETag) and sends the gzip made when the data last changed; as nodes serve it, the model is built at most once every
${PAGE_FRESH_MS} ms and the stored gzip is sent in between. The baseline pays express.static's file read and gzip per request,
so the cached page can beat it. Ratios compare within this run; the machine is shared (see the load average).`;
    await writeResultsSection('portal', section);
    console.log(`results written to ${RESULTS}`);
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
