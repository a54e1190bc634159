import { z } from 'zod';
import type { NodeContext } from '../node/nodeContext';

/** Where every node says what it published last (public, small, cached a little). */
export const LATEST_PATH = '/site/latest.json';

/** How old the city's copy of a node's answer may get before it asks again, and how long it waits for one. */
export const LATEST_MAX_AGE_MS = 60_000;
const FETCH_TIMEOUT_MS = 2_000;
const CONCURRENCY = 8;

const latestSchema = z.object({
  code: z.string().max(64),
  latest: z
    .object({
      id: z.string().regex(/^[0-9a-f]{24}$/),
      title: z.string().max(500),
      publishedAt: z.string().max(40).nullable(),
    })
    .nullable(),
});

export interface NodeLatest {
  id: string;
  title: string;
  publishedAt: string | null;
}

/**
 * The city's view of each node's newest own publication, read from every node's `/site/latest.json` in the
 * background (never while a page waits): a page shows what the last round brought, and a round older than a minute
 * starts the next one. A node that does not answer keeps its last known item.
 */
export class NetworkLatest {
  private readonly known = new Map<string, NodeLatest | null>();
  private lastRound = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly node: NodeContext) {}

  /** What is known now; starts a refresh of these nodes when the last one is old. */
  read(nodes: readonly { code: string; url: string }[], nowMs = Date.now()): Map<string, NodeLatest | null> {
    if (!this.running && nowMs - this.lastRound >= LATEST_MAX_AGE_MS) {
      this.lastRound = nowMs;
      this.running = this.refresh(nodes).finally(() => (this.running = null));
    }
    return this.known;
  }

  /** Waits for a round in progress (tests). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async refresh(nodes: readonly { code: string; url: string }[]): Promise<void> {
    const queue = nodes.filter((n) => n.code !== this.node.config.code && /^https?:\/\//.test(n.url));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          const response = await fetch(`${next.url.replace(/\/$/, '')}${LATEST_PATH}`, {
            headers: { accept: 'application/json' },
            signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const parsed = latestSchema.safeParse(await response.json());
          if (!parsed.success || parsed.data.code !== next.code) throw new Error('响应格式错误');
          this.known.set(next.code, parsed.data.latest);
        } catch (e) {
          this.node.log.debug({ node: next.code, err: (e as Error).message }, '读取节点最新信息失败');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }
}
