/**
 * Database benchmark (`npm run bench:database`): the project's hot query shapes against each way the embedded
 * database can run, in one run, with the same documents:
 *
 * - FerretDB v1.24.2 as published (the baseline: SQLite backend, nothing changed);
 * - the same, plus one SQL index per collection on the expression its `_id` queries use (`->'$._id'`), made from
 *   outside in the SQLite file (the other option the issue named; only when the `sqlite3` command is there);
 * - FerretDB v1.24.2 as the project builds it (shared/ferretdb/sqlite-indexes.patch: the default).
 *
 * N documents of about 2 KB (default 20,000, `BENCH_DB_DOCS`), shaped like the node's articles, with the indexes
 * such a collection has. Each measurement runs up to 30 times or 20 s (at least 5), medians reported. Writes a
 * section into bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { createLogger, defaultToolsDir, ensureFerretDbBinary, readPlan, startFerretDb } from '@djnet/shared';
import { generator, readCorpus } from './benchArticles';
import { fmt, loadAverage, machineLine, percentile, writeResultsSection } from './benchSupport';

const DOCS = Number(process.env.BENCH_DB_DOCS ?? 20_000);
const log = createLogger({ bench: 'database' }, 'error');
const progress = (msg: string) => process.stderr.write(`[database-bench] ${msg}\n`);

interface Target {
  name: string;
  start(dir: string): Promise<{ uri: string; stop(): Promise<void>; afterLoad?(dbName: string, collection: string): void }>;
}

function sqliteAvailable(): boolean {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const toolsDir = process.env.DJNET_TOOLS_DIR ?? defaultToolsDir();

const targets: Target[] = [
  {
    name: 'FerretDB v1.24.2 as published (baseline)',
    start: async (dir) => startFerretDb(await ensureFerretDbBinary(toolsDir, log, 'stock'), dir, log),
  },
  ...(sqliteAvailable()
    ? [
        {
          name: "as published + an SQL index on `->'$._id'` made from outside",
          start: async (dir: string) => {
            const server = await startFerretDb(await ensureFerretDbBinary(toolsDir, log, 'stock'), dir, log);
            return {
              ...server,
              afterLoad(dbName: string, collection: string) {
                const file = join(dir, `${dbName}.sqlite`);
                if (!existsSync(file)) throw new Error(`no SQLite file ${file}`);
                const table = execFileSync('sqlite3', [file, `SELECT table_name FROM _ferretdb_collections WHERE name = '${collection}'`])
                  .toString()
                  .trim();
                execFileSync('sqlite3', [file, `CREATE INDEX "${table}_djnet_id" ON "${table}" (_ferretdb_sjson->'$._id')`]);
              },
            };
          },
        } satisfies Target,
      ]
    : []),
  {
    name: 'FerretDB v1.24.2 as the project builds it (SQLite, the default)',
    start: async (dir) => startFerretDb(await ensureFerretDbBinary(toolsDir, log), dir, log),
  },
];

interface Row {
  op: string;
  unit: 'ms' | 'docs/s';
  value: number;
  n: number;
  plan?: string;
}

async function timed(fn: (i: number) => Promise<unknown>, maxReps = 30, budgetMs = 20_000): Promise<{ median: number; n: number }> {
  const xs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < maxReps && (i < 5 || performance.now() - started < budgetMs); i++) {
    const t0 = performance.now();
    await fn(i);
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  return { median: percentile(xs, 50), n: xs.length };
}

function documents(n: number): Document[] {
  const corpus = readCorpus();
  const rnd = generator(42);
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: n }, (_, i) => {
    let body = '';
    while (Buffer.byteLength(body) < 1500) body += rnd.pick(corpus.sentences);
    const at = new Date(start + i * 60_000);
    return {
      _id: new ObjectId(),
      slug: `a${String(i).padStart(6, '0')}`,
      node: `node${i % 10}`,
      channel: `channel${i % 7}`,
      status: i % 5 === 0 ? 'draft' : 'published',
      title: `${rnd.pick(corpus.places)}${rnd.pick(corpus.topics)}第${i}期`,
      tags: [rnd.pick(corpus.tags), rnd.pick(corpus.tags)],
      body,
      publishedAt: at,
      updatedAt: at,
      version: 1,
      revision: 0,
      viewCount: 0,
    };
  });
}

async function measure(target: Target, docs: Document[]): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'djnet-bench-db-'));
  const server = await target.start(dir);
  const client = await MongoClient.connect(server.uri);
  const rows: Row[] = [];
  try {
    const dbName = 'bench';
    const c: Collection<Document> = client.db(dbName).collection('articles');
    await c.createIndex({ slug: 1 }, { unique: true });
    await c.createIndex({ node: 1, status: 1, publishedAt: -1 });
    await c.createIndex({ channel: 1 });
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += 1000) await c.insertMany(docs.slice(i, i + 1000).map((d) => ({ ...d })));
    rows.push({
      op: `insertMany, ${docs.length} documents in batches of 1,000`,
      unit: 'docs/s',
      value: (docs.length * 1000) / (performance.now() - t0),
      n: 1,
    });
    server.afterLoad?.(dbName, 'articles');
    progress(`${target.name}: loaded`);
    const plan = async (filter: Document) =>
      readPlan((await c.find(filter).explain()) as Record<string, unknown>).text.replace(/id=\d+ parent=\d+ notused=\d+ detail=/g, '');
    const id = (i: number) => docs[(i * 7919) % docs.length]!._id as ObjectId;
    const slug = (i: number) => `a${String((i * 7907) % docs.length).padStart(6, '0')}`;
    const add = async (op: string, fn: (i: number) => Promise<unknown>, filter?: Document, maxReps?: number) => {
      const { median, n } = await timed(fn, maxReps);
      rows.push({ op, unit: 'ms', value: median, n, plan: filter ? await plan(filter) : undefined });
      progress(`${target.name}: ${op} ${fmt(median, 2)} ms (n=${n})`);
    };
    await add('find by `_id`', (i) => c.findOne({ _id: id(i) }), { _id: id(0) });
    await add('updateOne by `_id` ($inc)', (i) => c.updateOne({ _id: id(i + 1000) }, { $inc: { viewCount: 1 } }));
    await add(
      'updateOne by `_id` and revision (compare-and-set)',
      (i) => c.updateOne({ _id: id(i + 2000), revision: 0 }, { $set: { revision: 1 } }),
      {
        _id: id(0),
        revision: 0,
      },
    );
    await add('find by an indexed field (`slug`)', (i) => c.findOne({ slug: slug(i) }), { slug: slug(0) });
    await add('updateOne by an indexed field (`slug`)', (i) => c.updateOne({ slug: slug(i + 3000) }, { $set: { title: `改${i}` } }));
    await add(
      'replaceOne upsert by `slug` (half new, half existing)',
      (i) => {
        const s = i % 2 ? slug(i + 4000) : `new${i}`;
        return c.replaceOne(
          { slug: s },
          { slug: s, node: 'node1', status: 'published', title: '替换', publishedAt: new Date() },
          { upsert: true },
        );
      },
      undefined,
      20,
    );
    await add(
      'find by `_id` $in, 50 ids',
      (i) => c.find({ _id: { $in: Array.from({ length: 50 }, (_, k) => id(i * 50 + k)) } }).toArray(),
      { _id: { $in: [id(0), id(1)] } },
      10,
    );
    await add(
      'equality (node, status) + sort publishedAt + limit 20',
      (i) =>
        c
          .find({ node: `node${i % 10}`, status: 'published' })
          .sort({ publishedAt: -1 })
          .limit(20)
          .toArray(),
      { node: 'node1', status: 'published' },
      10,
    );
    await add('countDocuments by `channel`', (i) => c.countDocuments({ channel: `channel${i % 7}` }), { channel: 'channel1' }, 10);
    await add(
      '`_id` range, limit 200',
      (i) =>
        c
          .find({ _id: { $gt: id(i) } })
          .limit(200)
          .toArray(),
      { _id: { $gt: id(0) } },
      10,
    );
  } finally {
    await client.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  const started = new Date();
  const loadStart = loadAverage();
  const docs = documents(DOCS);
  const size = Math.round(docs.reduce((s, d) => s + Buffer.byteLength(JSON.stringify(d)), 0) / docs.length);
  const results: { target: Target; rows: Row[] | null; error?: string }[] = [];
  for (const target of targets) {
    try {
      results.push({ target, rows: await measure(target, docs) });
    } catch (e) {
      progress(`${target.name}: ${(e as Error).message}`);
      results.push({ target, rows: null, error: (e as Error).message.split('\n')[0] });
    }
  }
  const base = results[0]!.rows!;
  const ok = results.filter((r) => r.rows);
  const lines: string[] = [
    '## Database: the embedded server’s hot paths (`npm run bench:database`)',
    '',
    `Run ${started.toISOString()} on ${machineLine()}; load average ${loadStart} at the start, ${loadAverage()} at the end (1/5/15 min). ` +
      `One collection of ${DOCS} documents of about ${size} bytes (JSON), shaped like the node's articles, indexes on \`slug\` (unique), ` +
      '`(node, status, publishedAt)` and `channel`; the mongodb driver in this process; medians (n = repetitions, up to 30 or 20 s).',
    '',
    `| measurement | ${ok.map((r) => r.target.name).join(' | ')} |`,
    `| --- | ${ok.map(() => '--:').join(' | ')} |`,
  ];
  base.forEach((row, i) => {
    const cells = ok.map(({ rows }) => {
      const r = rows![i]!;
      const ratio = row.unit === 'ms' ? row.value / r.value : r.value / row.value;
      return r === row
        ? `${fmt(r.value, r.value < 10 ? 2 : 0)}`
        : `${fmt(r.value, r.value < 10 ? 2 : 0)} (×${fmt(ratio, ratio < 10 ? 1 : 0)})`;
    });
    lines.push(`| ${row.op} (${row.unit}) | ${cells.join(' | ')} |`);
  });
  const def = ok.find((r) => r.target.name.includes('the default'))?.rows;
  if (def) {
    const row = (op: string) => def.find((r) => r.op === op)!;
    const [find, update] = [row('find by `_id`'), row('updateOne by `_id` ($inc)')];
    lines.push(
      '',
      `(×n: how many times faster than the baseline in this run.) Bar: \`_id\` read and update ≤ 2 ms median at 20,000 documents on the default: ` +
        `${find.value <= 2 && update.value <= 2 && DOCS >= 20_000 ? 'met' : 'NOT met'} (${fmt(find.value, 2)} ms, ${fmt(update.value, 2)} ms).`,
    );
  }
  for (const r of results.filter((x) => !x.rows)) lines.push('', `${r.target.name}: not measured (${r.error}).`);
  lines.push('', 'Plans (SQLite’s EXPLAIN QUERY PLAN of the SQL FerretDB sends, from its `explain`), baseline → default:', '');
  const defRows = def ?? base;
  base.forEach((row, i) => {
    if (row.plan) lines.push(`- ${row.op}: \`${row.plan.replace(/\n/g, '; ')}\` → \`${defRows[i]!.plan?.replace(/\n/g, '; ')}\``);
  });
  const section = lines.join('\n');
  await writeResultsSection('database', section);
  process.stdout.write(`${section}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
