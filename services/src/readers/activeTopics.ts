import type { NodeContext } from '../node/nodeContext';
import type { TopicDoc } from './readersModels';

const REFRESH_MS = 30_000;

/**
 * The node's active topics (slug and title, newest first) held in memory for the home page: loaded at start,
 * re-read when this process creates or changes one and every 30 s (another process may have).
 */
export class ActiveTopics {
  private list: { slug: string; title: string }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly node: NodeContext) {}

  async start(intervalMs = REFRESH_MS): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => this.changed(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async reload(): Promise<void> {
    const docs = await this.node.models.Topic.find({ status: 'active' }, { title: 1, startsAt: 1 }).lean<TopicDoc[]>();
    this.list = docs
      .sort((a, b) => new Date(b.startsAt).getTime() - new Date(a.startsAt).getTime())
      .map((t) => ({ slug: t._id, title: t.title }));
  }

  changed(): void {
    void this.reload().catch((e: Error) => this.node.log.warn({ err: e.message }, '读取专题失败'));
  }

  get(): { slug: string; title: string }[] {
    return this.list;
  }
}
