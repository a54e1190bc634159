/**
 * Officers benchmark (`npm run bench:officers`): a month's rankings for 200 officers and 20,000 items across a
 * network of 7 nodes (a city, 2 counties, 4 townships) in this process, each its own database on the embedded
 * server (or MONGODB_URI), with real HTTP between them. Measures, against a baseline from the same run:
 *
 * - baseline: a plain read of the same items at every node (the filter and projection the figures use, in parallel);
 * - every node's figures computed (read + attribute + score), in parallel;
 * - the network ranking at the city: its own figures plus each county's subtree over signed HTTP (each county
 *   asks its townships the same way), then ranking officers, units and nodes;
 * - the monthly job at every node (one stored result per officer, idempotent, resumable);
 * - the pure part alone (attribute + score + rank 200 officers over 20,000 items already in memory).
 *
 * Reports ms and µs per item. Writes a section into bench/RESULTS.md. Environment: MONGODB_URI, BENCH_ITEMS
 * (default 20000), BENCH_OFFICERS (default 200), BENCH_REPEAT (default 3, the median is reported).
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { createLogger, parseNodeConfig, startDatabaseServer, type DatabaseServer, type Tier } from '@djnet/shared';
import { issueRegistrationGrant, startNode, type RunningNode } from '@djnet/services/dist/index';
import type { ArticleDoc } from '@djnet/services/dist/articles/articleModel';
import { monthRange, parsePeriod } from '@djnet/services/dist/officers/months';
import { computeFigures, figuresFor } from '@djnet/services/dist/officers/officerFigures';
import { itemFacts, ITEM_PROJECTION, type ItemSource } from '@djnet/services/dist/officers/officerItems';
import type { OfficerDoc } from '@djnet/services/dist/officers/officerModels';
import { officerRanking } from '@djnet/services/dist/officers/officerRankings';
import { rankGroups, rankOfficers } from '@djnet/services/dist/officers/rankings';
import { runMonthlyJob } from '@djnet/services/dist/officers/runMonthlyJob';
import { DEFAULT_RULES } from '@djnet/services/dist/officers/scoringRules';
import { writeResultsSection } from './benchSupport';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 20_000);
const OFFICERS = Number(process.env.BENCH_OFFICERS ?? 200);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const MONTH = '2026-03';
const log = createLogger({ bench: 'officers' }, 'error');
const progress = (msg: string) => process.stderr.write(`[officers-bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const NETWORK: { code: string; name: string; tier: Tier; parent: string | null; share: number }[] = [
  { code: 'laibin', name: '来宾市党建网', tier: 'city', parent: null, share: 0.1 },
  { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin', share: 0.15 },
  { code: 'heshan', name: '合山市党建网', tier: 'county', parent: 'laibin', share: 0.15 },
  { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township', parent: 'xingbin', share: 0.15 },
  { code: 'xingbin_sanwu', name: '三五镇党建信息服务站', tier: 'township', parent: 'xingbin', share: 0.15 },
  { code: 'heshan_hekou', name: '河里镇党建信息服务站', tier: 'township', parent: 'heshan', share: 0.15 },
  { code: 'heshan_beisi', name: '北泗镇党建信息服务站', tier: 'township', parent: 'heshan', share: 0.15 },
];

function machine(): string {
  const model =
    readFileSync('/proc/cpuinfo', 'utf8')
      .match(/model name\s*:\s*(.+)/)?.[1]
      ?.trim() ??
    cpus()[0]?.model ??
    'unknown';
  let nproc = String(cpus().length);
  try {
    nproc = execSync('nproc').toString().trim();
  } catch {
    /* cpus() it is */
  }
  return `${nproc} CPU (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}`;
}

async function startNetwork(db: DatabaseServer, dataDir: string): Promise<Map<string, RunningNode>> {
  const prefix = `boff${randomBytes(3).toString('hex')}_`;
  const base = { host: '127.0.0.1', port: 0, mongodbUri: db.uri, dataDir, heartbeatSeconds: 2, syndicationPullSeconds: 3600 };
  const nodes = new Map<string, RunningNode>();
  const city = await startNode(
    parseNodeConfig({ ...base, code: 'laibin', name: '来宾市党建网', tier: 'city', databaseName: `${prefix}laibin` }),
    log,
  );
  nodes.set('laibin', city);
  for (const n of NETWORK.filter((x) => x.tier !== 'city')) {
    const tier = n.tier as 'county' | 'township';
    const node = await startNode(
      parseNodeConfig({
        ...base,
        code: n.code,
        name: n.name,
        tier,
        parent: n.parent,
        databaseName: `${prefix}${n.code}`,
        cityUrl: city.url,
        registrationToken: await issueRegistrationGrant(city.directory!, 'laibin', { code: n.code, tier, parent: n.parent, name: n.name }),
      }),
      log,
    );
    nodes.set(n.code, node);
  }
  // Every node knows its children's URLs (next heartbeat) before measuring.
  const ready = () =>
    NETWORK.every((n) => {
      const kids = NETWORK.filter((k) => k.parent === n.code).map((k) => k.code);
      const known = nodes.get(n.code)!.syndication.peerInfo().children;
      return kids.every((k) => known.some((c) => c.code === k && c.url));
    });
  while (!ready()) await sleep(200);
  return nodes;
}

/** Officers and their month's items as the workflow and syndication would have stored them, written in bulk. */
async function seed(nodes: Map<string, RunningNode>): Promise<void> {
  const { start } = monthRange(MONTH);
  const day = (d: number, h = 0) => new Date(start.getTime() + d * 86_400_000 + h * 3_600_000 + 60_000);
  let officerIndex = 0;
  let itemIndex = 0;
  for (const n of NETWORK) {
    const node = nodes.get(n.code)!;
    const officerCount = Math.round(OFFICERS * n.share);
    const itemCount = n === NETWORK[NETWORK.length - 1] ? ITEMS - itemIndex : Math.round(ITEMS * n.share);
    const officers: OfficerDoc[] = [];
    for (let i = 0; i < officerCount; i++, officerIndex++) {
      const joinedAt = new Date('2025-01-01T00:00:00+08:00');
      const unit = `${n.name.slice(0, 3)}第${(i % 5) + 1}支部`;
      officers.push({
        _id: `o_bench_${officerIndex}`,
        kind: 'officer',
        name: `信息员${officerIndex}`,
        unit,
        node: n.code,
        tier: n.tier,
        phone: null,
        email: null,
        accountId: `acct_bench_${officerIndex}`,
        accountIds: [`acct_bench_${officerIndex}`],
        status: 'active',
        joinedAt,
        leftAt: null,
        units: [{ unit, from: joinedAt, to: null }],
        movedTo: null,
        transferredFrom: null,
        history: [],
        createdAt: joinedAt,
        updatedAt: joinedAt,
        revision: 0,
      });
    }
    await node.context.models.Officer.insertMany(officers);
    const firstOfficer = officerIndex - officerCount;
    const items: ArticleDoc[] = [];
    for (let i = 0; i < itemCount; i++, itemIndex++) {
      // Officers report unevenly: some far over the quota, some under it.
      const officer = firstOfficer + ((i * i + i) % officerCount);
      const created = day(i % 27, i % 9);
      const kind = i % 10;
      const status: ArticleDoc['status'] = kind < 7 ? 'published' : kind < 9 ? 'submitted' : i % 100 === 99 ? 'retracted' : 'returned';
      const published = status === 'published' || status === 'retracted' ? day((i % 27) + 1) : null;
      const transitions: ArticleDoc['transitions'] = [
        { at: created, by: `acct_bench_${officer}`, byName: `信息员${officer}`, from: null, to: 'draft', level: null, reason: null },
        { at: created, by: `acct_bench_${officer}`, byName: `信息员${officer}`, from: 'draft', to: 'submitted', level: null, reason: null },
      ];
      if (published)
        transitions.push({ at: published, by: 'editor', byName: '编辑', from: 'in_review', to: 'published', level: 1, reason: null });
      if (status === 'retracted')
        transitions.push({
          at: day(27),
          by: 'editor',
          byName: '编辑',
          from: 'published',
          to: 'retracted',
          level: null,
          reason: '经核查内容失实',
        });
      const adoptions: NonNullable<ArticleDoc['adoptions']> = [];
      if (published && n.tier === 'township' && i % 3 === 0)
        adoptions.push({
          node: n.parent!,
          name: n.parent!,
          tier: 'county',
          status: 'adopted',
          at: day((i % 27) + 1, 5).toISOString(),
          by: '县编辑',
          reason: null,
          copyId: null,
        });
      if (published && n.tier !== 'city' && i % 10 === 0)
        adoptions.push({
          node: 'laibin',
          name: '来宾市党建网',
          tier: 'city',
          status: 'adopted',
          at: day((i % 27) + 2).toISOString(),
          by: '市编辑',
          reason: null,
          copyId: null,
        });
      const title = `${n.name}信息第${i}条：开展“三级三批”党建活动`;
      items.push({
        _id: new Types.ObjectId(),
        node: n.code,
        title,
        subtitle: null,
        author: `信息员${officer}`,
        officer: `信息员${officer}`,
        sourceUnit: null,
        channel: 'dangjian',
        tags: ['党建'],
        summary: null,
        body: `<p>${title}。各村党支部组织党员学习，信息员及时报送，共有党员 ${i % 90} 名参加。</p>`,
        bodyText: `${title}。各村党支部组织党员学习，信息员及时报送。`,
        coverImageId: null,
        attachmentIds: [],
        status,
        reviewLevel: null,
        reason: status === 'retracted' ? '经核查内容失实' : null,
        createdBy: `acct_bench_${officer}`,
        createdAt: created,
        updatedAt: transitions[transitions.length - 1]!.at,
        publishedAt: published,
        version: 1,
        revision: transitions.length,
        viewCount: 0,
        transitions,
        sensitiveHits: [],
        importKey: null,
        origin: null,
        hops: [],
        syndicatedFrom: null,
        adoptions,
        pendingEvents: [],
      });
    }
    for (let k = 0; k < items.length; k += 1000) await node.context.models.Article.insertMany(items.slice(k, k + 1000));
    progress(`${n.code}: ${officerCount} officers, ${itemCount} items`);
  }
}

const sameScores = (a: { officers: { officerId: string; figures: { score: number } }[] }, b: typeof a) =>
  a.officers.length === b.officers.length &&
  a.officers.every((o) => b.officers.find((x) => x.officerId === o.officerId)?.figures.score === o.figures.score);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function median(label: string, fn: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < REPEAT; r++) runs.push((await timed(fn)).ms);
  runs.sort((a, b) => a - b);
  const m = runs[Math.floor(runs.length / 2)]!;
  progress(`${label}: ${runs.map((x) => x.toFixed(0)).join(' / ')} ms`);
  return m;
}

/** Medians of several measurements taken in turns (a, b, c, a, b, c, …). */
async function interleaved(tasks: [string, () => Promise<unknown>][]): Promise<number[]> {
  const runs: number[][] = tasks.map(() => []);
  for (let r = 0; r < REPEAT; r++) for (const [i, [, fn]] of tasks.entries()) runs[i]!.push((await timed(fn)).ms);
  return runs.map((xs, i) => {
    xs.sort((a, b) => a - b);
    progress(`${tasks[i]![0]}: ${xs.map((x) => x.toFixed(0)).join(' / ')} ms`);
    return xs[Math.floor(xs.length / 2)]!;
  });
}

async function main(): Promise<void> {
  const started = new Date();
  const loadStart = loadavg();
  const dataDir = mkdtempSync(join(tmpdir(), 'djnet-officers-bench-'));
  const db = await startDatabaseServer({ mongodbUri: process.env.MONGODB_URI, dataDir: join(dataDir, 'db'), log });
  let nodes = new Map<string, RunningNode>();
  const lines: string[] = [];
  try {
    nodes = await startNetwork(db, dataDir);
    await seed(nodes);
    const period = parsePeriod(MONTH);
    const all = [...nodes.values()];
    const filter = { updatedAt: { $gte: period.start }, createdAt: { $lt: period.end } };
    const city = nodes.get('laibin')!;
    const cityAdmin = {
      node: city.context,
      actor: {
        accountId: 'bench_admin',
        username: 'bench_admin',
        name: '市管理员',
        role: 'admin' as const,
        node: 'laibin',
        reviewLevel: 3,
      },
    };

    // Warm-up (connections, JIT), then the measurements.
    await Promise.all(all.map((n) => n.context.models.Article.find(filter, ITEM_PROJECTION).lean()));
    // The baseline and what it is compared with are measured in turns, so drift in the machine's load hits both alike.
    const [readMs, fullReadMs, figuresMs] = (await interleaved([
      ['plain read', () => Promise.all(all.map((n) => n.context.models.Article.find(filter, ITEM_PROJECTION).lean()))],
      ['plain read, whole documents', () => Promise.all(all.map((n) => n.context.models.Article.find(filter).lean()))],
      ['figures at every node', () => Promise.all(all.map((n) => computeFigures(n.context, period, undefined, { live: true })))],
    ])) as [number, number, number];
    // No job has run yet: the network ranking computes every node's figures from its items.
    const ranking = await officerRanking(cityAdmin, MONTH, 'network');
    const networkMs = await median('network ranking at the city', () => officerRanking(cityAdmin, MONTH, 'network'));
    const jobMs = await median('monthly job at every node', async () => {
      for (const n of all) await runMonthlyJob(n.context, MONTH);
    });
    // The month is over and its job ran after it ended: every node answers from its stored results.
    const closed = await officerRanking(cityAdmin, MONTH, 'network');
    const closedMs = await median('network ranking of a closed month', () => officerRanking(cityAdmin, MONTH, 'network'));
    const stored = (await Promise.all(all.map((n) => n.context.models.OfficerMonth.countDocuments({ month: MONTH })))).reduce(
      (a, b) => a + b,
      0,
    );

    // The pure part over everything in memory.
    const sources = (await Promise.all(all.map((n) => n.context.models.Article.find(filter, ITEM_PROJECTION).lean<ItemSource[]>()))).flat();
    const officers = (await Promise.all(all.map((n) => n.context.models.Officer.find({}).lean<OfficerDoc[]>()))).flat();
    const pureMs = await median('pure compute', async () => {
      const rows = figuresFor(officers, sources.map(itemFacts), DEFAULT_RULES, period);
      rankOfficers(rows);
      rankGroups(rows, 'unit');
      rankGroups(rows, 'node');
    });

    const items = sources.length;
    const perItem = (ms: number) => ((ms * 1000) / items).toFixed(1);
    const ratio = (ms: number) => (ms / readMs).toFixed(1);
    const loadEnd = loadavg();
    const top = ranking.officers[0]!;
    lines.push(
      '',
      '## Officers: a month’s rankings across the network (`npm run bench:officers`)',
      '',
      `Run ${started.toISOString()} on ${machine()}, database ${db.kind}${db.kind === 'ferretdb' ? ' (FerretDB v1.24.2, SQLite backend)' : ''}; ` +
        `load average ${loadStart.map((l) => l.toFixed(1)).join(' / ')} at the start, ${loadEnd.map((l) => l.toFixed(1)).join(' / ')} at the end (1/5/15 min; other work on the machine shows in these numbers). ` +
        `${nodes.size} nodes in the benchmark process (a city, 2 counties, 4 townships; one event loop, real HTTP between them), each its own database; ` +
        `${officers.length} officers and ${items} items of one month (70% published, 20% under review, some returned or retracted as false; a third of ` +
        `township items adopted by their county, a tenth by the city), written in bulk as the workflow and syndication store them. Median of ${REPEAT} runs (the first three rows measured in turns).`,
      '',
      '| measurement | ms | µs per item | ÷ baseline |',
      '| --- | --: | --: | --: |',
      `| plain read of the same items at every node, in parallel (baseline: the figures' filter and projection) | ${readMs.toFixed(0)} | ${perItem(readMs)} | 1.0 |`,
      `| plain read of the whole documents (for comparison) | ${fullReadMs.toFixed(0)} | ${perItem(fullReadMs)} | ${ratio(fullReadMs)} |`,
      `| every node's figures (read, attribute, score), in parallel | ${figuresMs.toFixed(0)} | ${perItem(figuresMs)} | ${ratio(figuresMs)} |`,
      `| **network ranking at the city** (own figures + counties' subtrees over signed HTTP, each county asking its townships; rank officers, units, nodes) | ${networkMs.toFixed(0)} | ${perItem(networkMs)} | ${ratio(networkMs)} |`,
      `| network ranking at the city of a closed month (the job ran after the month ended: every node answers from its stored results, ${OFFICERS} in all) | ${closedMs.toFixed(0)} | ${perItem(closedMs)} | ${ratio(closedMs)} |`,
      `| monthly job at every node, one after another (compute + ${stored} stored results, one upsert each) | ${jobMs.toFixed(0)} | ${perItem(jobMs)} | ${ratio(jobMs)} |`,
      `| pure part alone (attribute + score + rank, all in memory) | ${pureMs.toFixed(0)} | ${perItem(pureMs)} | ${ratio(pureMs)} |`,
      '',
      `The city's ranking listed ${ranking.officers.length} officers from ${ranking.sources.length} nodes (${ranking.sources.filter((s) => s.stale).length} stale); ` +
        `first: ${top.name} (${top.node}), score ${top.figures.score}. From stored results: ${closed.officers.length} officers, ` +
        `${closed.sources.filter((s) => s.stale).length} stale, the same scores: ${sameScores(ranking, closed) ? 'yes' : 'NO'}.`,
      '',
      `Reading: the scoring itself (the pure part) costs ${perItem(pureMs)} µs per item; the rest of a ranking of an open month is the ` +
        'database reading the items (FerretDB v1 reads and decodes every document for a range filter; the projection saves little) and, ' +
        'for the network ranking, that read at every tier plus the signed HTTP hops. A closed month is read from the stored ' +
        'monthly results instead. The machine is shared with other work: compare the ratios within this run, not the milliseconds across runs.',
      '',
    );
  } finally {
    for (const n of [...nodes.values()].reverse()) await n.stop().catch(() => undefined);
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const section = lines.join('\n');
  await writeResultsSection('officers', section);
  process.stdout.write(`${section}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
