import type { CatalogArticle } from '../catalog/articleCatalog';
import { channelIndexOf } from '../channels/channelIndex';
import type { NodeContext } from '../node/nodeContext';
import { recordReport } from '../syndication/inbound/receiveReport';
import { FEATURES } from '../syndication/inbound/reportKinds';
import type { FeatureRecord } from '../syndication/syndicationTypes';
import type { TopicDoc } from './readersModels';
import { topicArticles } from './topicItems';

const listedHere = (a: CatalogArticle, node: NodeContext, topicId: string) =>
  (a.features ?? []).some((f) => f.node === node.config.code && f.topicId === topicId);

/**
 * Records which items this node's active topics (专题) list: each item a topic lists for the first time gets the
 * topic on its article and, when it is a copy adopted from below, a `featured` report that travels down to its origin
 * (like an adoption), where it scores the officer who wrote it (the `topic` points). A topic lists items by rule
 * (channels, tags, hand-picked), so this runs now and then and when a topic changes. Returns how many were recorded.
 */
export async function recordTopicFeatures(node: NodeContext): Promise<number> {
  const now = node.now();
  const topics = (await node.models.Topic.find({ status: 'active' }).lean<TopicDoc[]>()).filter((t) => new Date(t.startsAt) <= now);
  if (topics.length === 0) return 0;
  const index = await channelIndexOf(node.models);
  let recorded = 0;
  for (const topic of topics) {
    const listed = new Map<string, CatalogArticle>();
    for (const rule of [topic.rule, ...topic.sections.map((s) => s.rule)])
      for (const a of topicArticles(node, index, topic, rule)) if (!listedHere(a, node, topic._id)) listed.set(String(a._id), a);
    for (const a of listed.values()) {
      const record: FeatureRecord = {
        node: node.config.code,
        name: node.config.name,
        tier: node.config.tier,
        topicId: topic._id,
        topic: topic.title,
        at: now.toISOString(),
      };
      const originalId = a.origin?.id ?? `${node.config.code}:${String(a._id)}`;
      const outcome = await recordReport(node, a._id, FEATURES, record, { originalId, eventKind: 'featured' });
      if (outcome === 'applied') recorded++;
      else if (outcome === 'conflict')
        node.log.warn({ article: String(a._id), topic: topic._id }, '记录专题收录时稿件持续并发修改，稍后重试');
    }
  }
  if (recorded) node.log.info({ recorded }, '专题收录已记录');
  return recorded;
}

/** Runs recordTopicFeatures every few minutes and soon after a topic changes, one run at a time. */
export class TopicFeatures {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly node: NodeContext) {}

  start(intervalMs = 5 * 60_000): void {
    this.timer = setInterval(() => this.run(), intervalMs);
    this.timer.unref();
    this.run();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.running ?? Promise.resolve();
  }

  /** Asks for a run (a topic was created or changed); one already running is followed by one more. */
  run(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = recordTopicFeatures(this.node)
      .then(() => undefined)
      .catch((e: Error) => this.node.log.warn({ err: e.message }, '记录专题收录失败'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.run();
        }
      });
  }

  /** Resolves when no run is going (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
