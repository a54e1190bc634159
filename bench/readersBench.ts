/**
 * Readers benchmark (`npm run bench:readers`): the cost of counting a page view on the article page. One city node
 * in this process on the embedded database (or MONGODB_URI) with N published articles; one Express app serving the
 * node's article page three ways — without any counting, with the visit statistics (services/src/readers: a bot
 * check, a salted SHA-256 of address and user agent, map increments) written every minute as nodes do, and written
 * every second so the batched `$inc` writes fall inside the measurement — over HTTP with keep-alive, gzip, each
 * request from another address (every request a new visitor: the worst case for the visitor sets) for one of 200
 * articles. After a warm-up of each, rounds rotate the order. Then checks that the stored counts equal the requests
 * counted, and writes its section of bench/RESULTS.md. Environment: MONGODB_URI, BENCH_ARTICLES (default 2000),
 * BENCH_CONCURRENCY (default 8), BENCH_SECONDS per round (default 5), BENCH_ROUNDS (default 3).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { createLogger, listen, openNodeDatabase, parseNodeConfig, startDatabaseServer, type NodeConfig } from '@djnet/shared';
import { startNode, type RunningNode } from '@djnet/services/dist/node/startNode';
import { ArticleViews } from '@djnet/services/dist/site/articleViews';
import { NetworkSettingsState } from '@djnet/services/dist/site/networkSettings';
import { PageCache } from '@djnet/services/dist/site/pageCache';
import { siteRoutes } from '@djnet/services/dist/site/siteRoutes';
import { PAGE_FRESH_MS } from '@djnet/services/dist/site/startSite';
import type { SiteRuntime } from '@djnet/services/dist/site/siteRuntime';
import { VisitCounter } from '@djnet/services/dist/readers/visitCounter';
import { generator, publishedArticle, readCorpus } from './benchArticles';
import { fmt, loadAverage, machine, percentile, writeResultsSection } from './benchSupport';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_ARTICLES = 200;
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** Counts nothing: the article page without any view counting. */
class NoViews extends ArticleViews {
  override record(): void {}
}

function seedArticles(count: number) {
  const corpus = readCorpus();
  const rand = generator(20260701);
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const body = Array.from({ length: 10 }, () => rand.pick(corpus.sentences));
    return publishedArticle(
      {
        node: 'laibin',
        title: `${rand.pick(corpus.places)}${rand.pick(corpus.topics)}`,
        channel: 'dangjian',
        summary: body[0] ?? null,
        body: body.map((p) => `<p>${p}</p>`).join(''),
        bodyText: body.join(''),
      },
      new Date(start + i * 600_000),
    );
  });
}

interface Measurement {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

function get(agent: Agent, port: number, path: string, ip: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, agent, path, headers: { 'accept-encoding': 'gzip', 'user-agent': BROWSER, 'x-forwarded-for': ip } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let visitorSeq = 0;
const nextIp = () => {
  const n = ++visitorSeq;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

async function run(port: number, prefix: string, ids: readonly string[]): Promise<Measurement> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  for (let i = 0; i < 200; i++) await get(agent, port, `${prefix}/articles/${ids[i % ids.length]}`, nextIp());
  const latencies: number[] = [];
  let errors = 0;
  let k = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const path = `${prefix}/articles/${ids[k++ % ids.length]}`;
      const t0 = process.hrtime.bigint();
      const status = await get(agent, port, path, nextIp());
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { requests: latencies.length, errors, seconds, latencies };
}

function summary(runs: Measurement[]) {
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    requests,
    errors: runs.reduce((a, r) => a + r.errors, 0),
    rps: requests / seconds,
    perRound: runs.map((r) => r.requests / r.seconds),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function main(): Promise<void> {
  const log = createLogger({ bench: 'readers' }, 'warn');
  const dataDir = mkdtempSync(join(tmpdir(), 'djnet-bench-readers-'));
  const db = await startDatabaseServer({ mongodbUri: process.env.MONGODB_URI, dataDir: join(dataDir, 'ferretdb'), log });
  const config: NodeConfig = parseNodeConfig({
    code: 'laibin',
    name: '来宾市党建网',
    tier: 'city',
    port: 0,
    mongodbUri: db.uri,
    dataDir,
    databaseName: `bench_readers_${randomBytes(3).toString('hex')}`,
    logLevel: 'warn',
  });
  let node: RunningNode | undefined;
  let server: Server | undefined;
  const counters: VisitCounter[] = [];
  const cleanup = async () => {
    server?.close();
    for (const c of counters) await c.stop().catch(() => undefined);
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
    const docs = seedArticles(ARTICLES);
    for (let i = 0; i < docs.length; i += 500) await seed.collection('articles').insertMany(docs.slice(i, i + 500));
    await seed.close();
    node = await startNode(config, log);
    const ctx = node.context;
    const ids = (await ctx.models.Article.find({}, { _id: 1 }).limit(TARGET_ARTICLES).lean()).map((d) => String(d._id));
    console.log(`city node with ${ARTICLES} articles; ${ids.length} article pages requested in turn`);

    // Two counters under test: one writing every minute as nodes do (so the rounds measure the request path), one
    // writing every second (so its batched writes — and the database they keep busy — are inside the measurement).
    const minute = new VisitCounter(ctx);
    await minute.start(60_000);
    const second = new VisitCounter(ctx);
    await second.start(1_000);
    counters.push(minute, second);
    const flushes: number[] = [];
    const flush = second.flush.bind(second);
    second.flush = () => {
      const t0 = process.hrtime.bigint();
      return flush().then((written) => {
        if (written > 0) flushes.push(Number(process.hrtime.bigint() - t0) / 1e6);
        return written;
      });
    };
    const settings = new NetworkSettingsState(ctx);
    const runtime = (counter: VisitCounter | null): SiteRuntime => ({
      settings,
      views: counter ? new ArticleViews(ctx) : new NoViews(ctx),
      pages: new PageCache(1_000, true, PAGE_FRESH_MS),
      ...(counter ? { visits: { pageView: (ref, client) => counter.pageView(ref, client) } } : {}),
    });
    const variants = [
      { prefix: '/silent', label: 'without counting', runs: [] as Measurement[] },
      { prefix: '/minute', label: 'with counting, written every minute (as nodes do)', runs: [] as Measurement[] },
      { prefix: '/second', label: 'with counting, written every second (writes inside the rounds)', runs: [] as Measurement[] },
    ];
    const app = express();
    app.set('trust proxy', 'loopback');
    app.use('/silent', siteRoutes(ctx, runtime(null)));
    app.use('/minute', siteRoutes(ctx, runtime(minute)));
    app.use('/second', siteRoutes(ctx, runtime(second)));
    const listening = await listen(app, '127.0.0.1', 0, 'readers bench');
    server = listening.server as Server;

    let counted = 0;
    // Warm-up: every app reads every article body once and the JIT settles before anything is measured.
    const warm = new Agent({ keepAlive: true });
    for (const v of variants)
      for (let i = 0; i < ids.length * 2; i++) await get(warm, listening.port, `${v.prefix}/articles/${ids[i % ids.length]}`, nextIp());
    warm.destroy();
    counted += ids.length * 4;
    for (let round = 0; round < ROUNDS; round++) {
      // The order rotates, so no variant always runs on a fresher or more loaded machine.
      const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
      for (const v of order) {
        const m = await run(listening.port, v.prefix, ids);
        v.runs.push(m);
        if (v.prefix !== '/silent') counted += m.requests + 200;
      }
      console.log(
        `round ${round + 1}: ${variants.map((v) => `${v.prefix} ${fmt(v.runs[round]!.requests / v.runs[round]!.seconds, 0)} req/s`).join(', ')}`,
      );
    }
    await minute.flush();
    await second.flush();
    const stored = await ctx.models.VisitDay.find({}).lean();
    const nodePv = stored.filter((d) => d.scope === 'node').reduce((s, d) => s + d.pv, 0);
    const articlePv = stored.filter((d) => d.scope.startsWith('article:')).reduce((s, d) => s + d.pv, 0);
    const writes = [...flushes].sort((x, y) => x - y);
    const sums = variants.map((v) => ({ v, s: summary(v.runs) }));
    const base = sums[0]!.s;
    const m = machine();
    const section = `## Readers: the cost of counting a page view (\`npm run bench:readers\`)

Run ${new Date().toISOString()} on ${m.cpus} CPU (${m.model}), ${m.memory}, Node ${m.node}, load average ${loadAverage()} at the end;
database ${process.env.MONGODB_URI ? 'MongoDB (MONGODB_URI)' : 'FerretDB v1.24.2 (embedded, on the same cores)'}. One city node with ${ARTICLES} published articles; one Express
app serving the article page (\`/articles/:id\`, page cache on as nodes serve it) three ways; ${ids.length} articles requested in turn,
every request from a new address (the worst case for the visitor sets), ${CONCURRENCY} in flight, keep-alive, gzip; after a warm-up
pass over every article in each, ${ROUNDS} rounds of ${SECONDS} s, the order rotating. Counting a view is a bot check, a salted SHA-256 of
address and user agent, and map increments for the node, the channel and the article; the counts are written as \`$inc\`
per (day, scope) in bulks of 50 — every minute in a node, and every second in the third row, so that the writes (and
the database working on them) fall inside the measurement.

| article page | requests | errors | req/s | ÷ without | req/s per round | p50 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |
${sums
  .map(
    ({ v, s }) =>
      `| ${v.label} | ${s.requests} | ${s.errors} | ${fmt(s.rps, 0)} | ${fmt(s.rps / base.rps, 2)} | ${s.perRound.map((r) => fmt(r, 0)).join(' / ')} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} |`,
  )
  .join('\n')}

The writes every second: ${writes.length} batches (about ${ids.length + 2} upserts each) took p50 ${fmt(percentile(writes, 50), 1)} ms, max
${fmt(writes[writes.length - 1] ?? NaN, 1)} ms, off the request path; what they cost the page is the database's CPU on the same two cores.
Stored afterwards: ${nodePv} node and ${articlePv} article page views for ${counted} counted requests (warm-up included) —
${nodePv === counted && articlePv === counted ? 'every view counted once' : 'MISMATCH'}. Ratios compare within this run; the machine is shared (see the load average).`;
    await writeResultsSection('readers', section);
    console.log(section);
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
