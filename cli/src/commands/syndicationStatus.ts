import { nodeApi } from '../nodeApi';
import { withNodeDatabase } from '../nodeDatabase';
import { resolveIo, type CommandIo } from './cliIo';

interface EdgeRow {
  peer: string;
  stream: 'UP' | 'DOWN';
  cursor: number;
  head: number;
  lag: number;
  lagSeconds: number;
  lastAppliedAt: string | null;
  lastError: string | null;
  failures: number;
  nextAttemptAt: string | null;
  applied: number;
  rejected: number;
  autoAdopt: boolean;
}

interface StatusAnswer {
  upHead: number;
  downHead: number;
  pendingMedia: number;
  rejectedEvents: number;
  edges: EdgeRow[];
  readers: { peer: string; stream: 'UP' | 'DOWN'; after: number; lag: number }[];
}

const EDGE_FIELDS = 'peer stream cursor head lag lagSeconds lastAppliedAt lastError failures nextAttemptAt applied rejected autoAdopt';
const streamName = (s: 'UP' | 'DOWN') => (s === 'UP' ? '上行' : '下行');

function edgeLine(e: EdgeRow): string {
  const state = e.lastError
    ? `出错 ${e.failures} 次：${e.lastError}${e.nextAttemptAt ? `（${e.nextAttemptAt} 重试）` : ''}`
    : e.lag > 0
      ? `积压 ${e.lag} 条，${e.lagSeconds} 秒`
      : '已同步';
  return `  ${e.peer.padEnd(22)} ${streamName(e.stream)}  已应用至 ${e.cursor}/${e.head}  累计 ${e.applied}，拒收 ${e.rejected}${e.stream === 'UP' ? `，${e.autoAdopt ? '自动采用' : '人工采用'}` : ''}  ${state}`;
}

/** `djnet syndication status`: this node's streams, the edges it pulls, and how far its peers have read it. */
export async function runSyndicationStatus(opts: { as?: string; url?: string }, io: CommandIo = {}): Promise<StatusAnswer> {
  const { config, out } = resolveIo(io);
  const status = await withNodeDatabase(config, async (connection) => {
    const api = await nodeApi(config, connection, opts);
    const data = await api.graphql<{ network: Record<string, { syndication: StatusAnswer }> }>(
      `{ network { ${config.code} { syndication { upHead downHead pendingMedia rejectedEvents edges { ${EDGE_FIELDS} } readers { peer stream after lag } } } } }`,
    );
    return data.network[config.code]!.syndication;
  });
  out(
    `节点 ${config.code}：上行流序号 ${status.upHead}，下行流序号 ${status.downHead}，待获取附件 ${status.pendingMedia}，本次运行拒收事件 ${status.rejectedEvents}`,
  );
  out('本站读取的通道：');
  if (!status.edges.length) out('  （无）');
  for (const e of status.edges) out(edgeLine(e));
  out('对方读取本站的进度：');
  if (!status.readers.length) out('  （无）');
  for (const r of status.readers) out(`  ${r.peer.padEnd(22)} ${streamName(r.stream)}  已读至 ${r.after}，落后 ${r.lag} 条`);
  return status;
}

/** `djnet syndication replay`: applies an edge again from a sequence (idempotent); returns once caught up. */
export async function runSyndicationReplay(
  opts: { peer: string; stream: string; from: string; as?: string; url?: string },
  io: CommandIo = {},
): Promise<EdgeRow> {
  const { config, out } = resolveIo(io);
  const stream = opts.stream.toUpperCase();
  if (stream !== 'UP' && stream !== 'DOWN') throw new Error('--stream 须为 up（下级的上行流）或 down（上级的下行流）');
  const fromSeq = Number(opts.from);
  if (!Number.isInteger(fromSeq) || fromSeq < 1) throw new Error('--from 须为正整数序号');
  const edge = await withNodeDatabase(config, async (connection) => {
    const api = await nodeApi(config, connection, opts);
    const data = await api.graphql<Record<string, { replayEdge: EdgeRow }>>(
      `mutation($peer: String!, $stream: SyndicationStream!, $from: Int!) { ${config.code} { replayEdge(peer: $peer, stream: $stream, fromSeq: $from) { ${EDGE_FIELDS} } } }`,
      { peer: opts.peer, stream, from: fromSeq },
    );
    return data[config.code]!.replayEdge;
  });
  out(`已从序号 ${fromSeq} 重放 ${opts.peer} 的${streamName(edge.stream)}流：`);
  out(edgeLine(edge));
  return edge;
}
