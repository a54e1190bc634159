import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { mongo, type Connection } from 'mongoose';
import { withNodeDatabase } from '../nodeDatabase';
import { progressBar } from '../progressBar';
import { resolveIo, type CommandIo } from './cliIo';

const { EJSON } = mongo.BSON;
const FORMAT = 'djnet-node-export';
const VERSION = 1;
const BATCH = 500;

interface ExportHeader {
  format: typeof FORMAT;
  version: number;
  node: string;
  tier: string;
  exportedAt: string;
  collections: Record<string, number>;
}

/** Collections of the node's own database (FerretDB/MongoDB system collections excluded). */
async function nodeCollections(connection: Connection): Promise<string[]> {
  const list = await connection.db!.listCollections({}, { nameOnly: true }).toArray();
  return list
    .map((c) => c.name)
    .filter((n) => !n.startsWith('system.'))
    .sort();
}

/**
 * `djnet data export <file>`: every document of this node's database into one gzip file of JSON lines
 * (Extended JSON, so ids, dates and binary media survive): a header line with the node and the counts, then
 * one line per document. For moving a node to another server, or a copy outside mongodump's format.
 */
export async function runDataExport(file: string, io: CommandIo = {}): Promise<ExportHeader> {
  const { config, out, stderr } = resolveIo(io);
  return withNodeDatabase(config, async (connection) => {
    const names = await nodeCollections(connection);
    const collections: Record<string, number> = {};
    for (const name of names) collections[name] = await connection.db!.collection(name).countDocuments({});
    const header: ExportHeader = {
      format: FORMAT,
      version: VERSION,
      node: config.code,
      tier: config.tier,
      exportedAt: new Date().toISOString(),
      collections,
    };
    const total = Object.values(collections).reduce((a, b) => a + b, 0);
    const progress = progressBar('导出', stderr);
    progress.total(total);
    const lines = new PassThrough();
    const written = pipeline(lines, createGzip(), createWriteStream(file, { mode: 0o600 }));
    const write = async (line: string) => {
      if (!lines.write(`${line}\n`)) await once(lines, 'drain');
    };
    try {
      await write(JSON.stringify(header));
      for (const name of names) {
        for await (const doc of connection.db!.collection(name).find({})) {
          await write(JSON.stringify({ c: name, d: EJSON.serialize(doc, { relaxed: false }) }));
          progress.advance();
        }
      }
    } finally {
      lines.end();
      progress.stop();
    }
    await written;
    out(`已导出节点 ${config.code} 的 ${names.length} 个集合、${total} 条记录到 ${file}`);
    return header;
  });
}

async function nodeIsRunning(url: string | null): Promise<boolean> {
  if (!url) return false;
  try {
    const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_500) });
    return r.ok;
  } catch {
    return false;
  }
}

/**
 * `djnet data import <file>`: writes an export of this same node back (each document replaced by its `_id`, so a
 * second run changes nothing). Refuses another node's export (its keys and identity are not this node's), a file
 * that is not an export, and a node that is running (its in-memory state would go stale): stop it first.
 */
export async function runDataImport(file: string, opts: { force?: boolean } = {}, io: CommandIo = {}): Promise<{ documents: number }> {
  const { config, out, stderr } = resolveIo(io);
  if (!opts.force && (await nodeIsRunning(config.publicBaseUrl))) {
    throw new Error(`节点 ${config.code} 正在运行（${config.publicBaseUrl}）：请先停止节点再导入`);
  }
  let header: ExportHeader | null = null;
  let documents = 0;
  let lineNo = 0;
  await withNodeDatabase(config, async (connection) => {
    const progress = progressBar('导入', stderr);
    const batches = new Map<string, { _id: unknown }[]>();
    // Each batch replaces its documents by deleting them by _id and inserting them again. (A bulk of replace-upserts
    // over existing documents stalls FerretDB v1.24: 151 of them did not finish in 60 s and held up other writes.)
    // The node is stopped while importing, and an interrupted import is completed by running it again.
    const flush = async (name: string) => {
      const docs = batches.get(name);
      if (!docs?.length) return;
      batches.set(name, []);
      const collection = connection.db!.collection(name);
      await collection.deleteMany({ _id: { $in: docs.map((d) => d._id) } } as mongo.Filter<mongo.Document>);
      await collection.insertMany(docs as mongo.OptionalId<mongo.Document>[], { ordered: false });
      progress.advance(docs.length);
    };
    // Opened just before reading: lines a readline emits before its iterator exists are lost.
    const gunzip = createGunzip();
    const source = createReadStream(file);
    source.on('error', (e) => gunzip.destroy(e));
    const input = source.pipe(gunzip);
    const rl = createInterface({ input, crlfDelay: Infinity });
    // readline does not end its iterator on an input error: turn one into a rejection of the loop below.
    const failed = new Promise<never>((_, reject) => input.once('error', reject));
    failed.catch(() => undefined);
    try {
      const lines = rl[Symbol.asyncIterator]();
      for (;;) {
        const next = await Promise.race([lines.next(), failed]);
        if (next.done) break;
        const line = next.value;
        lineNo++;
        if (!line.trim()) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          throw new Error(`${file} 第 ${lineNo} 行不是有效的 JSON`);
        }
        if (!header) {
          const h = parsed as Partial<ExportHeader>;
          if (h.format !== FORMAT || typeof h.node !== 'string' || typeof h.collections !== 'object')
            throw new Error(`${file} 不是节点导出文件`);
          if (h.version !== VERSION) throw new Error(`导出文件版本 ${h.version} 不受支持（本版本读取 ${VERSION}）`);
          if (h.node !== config.code) throw new Error(`导出文件属于节点 ${h.node}，不能导入节点 ${config.code}`);
          header = h as ExportHeader;
          progress.total(Object.values(header.collections).reduce((a, b) => a + b, 0));
          continue;
        }
        const { c, d } = parsed as { c?: unknown; d?: unknown };
        if (typeof c !== 'string' || !(c in header.collections) || typeof d !== 'object' || d === null) {
          throw new Error(`${file} 第 ${lineNo} 行格式错误`);
        }
        const doc = EJSON.deserialize(d as Record<string, unknown>, { relaxed: false }) as { _id?: unknown };
        if (doc._id === undefined) throw new Error(`${file} 第 ${lineNo} 行缺少 _id`);
        const docs = batches.get(c) ?? [];
        docs.push(doc as { _id: unknown });
        batches.set(c, docs);
        documents++;
        if (docs.length >= BATCH) await flush(c);
      }
      for (const name of batches.keys()) await flush(name);
    } finally {
      rl.close();
      source.destroy();
      progress.stop();
    }
  }).catch((e: Error & { code?: string }) => {
    if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR') throw new Error(`${file} 不是 gzip 压缩的节点导出文件`);
    if (e.code === 'ENOENT') throw new Error(`找不到文件 ${file}`);
    throw e;
  });
  if (!header) throw new Error(`${file} 是空文件`);
  out(`已向节点 ${config.code} 导入 ${documents} 条记录（来自 ${(header as ExportHeader).exportedAt} 的导出）`);
  return { documents };
}
