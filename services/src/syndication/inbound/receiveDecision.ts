import { localArticleId } from '../../articles/articleIds';
import type { ArticleDoc } from '../../articles/articleModel';
import { applyArticleChange } from '../../articles/articleStore';
import type { ApplyOutcome, EdgeRef } from '../handlers/registry';
import { EventRejected } from '../handlers/registry';
import type { adoptionReportSchema } from '../payloadSchemas';
import { systemContext, type SyndicationRuntime } from '../syndicationRuntime';
import type { AdoptionRecord, PendingEvent, SyndicationEvent } from '../syndicationTypes';
import type { z } from 'zod';

const sameRecord = (a: AdoptionRecord, b: AdoptionRecord) =>
  a.status === b.status && a.at === b.at && a.by === b.by && a.reason === b.reason && a.copyId === b.copyId;

/**
 * A node above decided on one of this node's articles (adopted or rejected it). The decision is recorded on the
 * article (one entry per deciding node, the latest wins) and, when the article is itself a copy of an item from
 * below, passed on down towards the origin in the same write. Addressed events for other nodes are ignored.
 */
export async function receiveDecision(
  rt: SyndicationRuntime,
  edge: EdgeRef,
  event: SyndicationEvent,
  report: z.infer<typeof adoptionReportSchema>,
): Promise<ApplyOutcome> {
  const { node } = rt;
  if (event.to !== node.config.code) return 'ignored';
  let articleId;
  try {
    articleId = localArticleId(event.itemId ?? '', node.config.code);
  } catch {
    throw new EventRejected(`采用报告的稿件 ID ${event.itemId} 不属于本站`);
  }
  const { originalId, ...record } = report;
  for (let attempt = 0; attempt < 5; attempt++) {
    const article = await node.models.Article.findById(articleId).lean<ArticleDoc>();
    if (!article) return 'ignored';
    const adoptions = article.adoptions ?? [];
    const known = adoptions.find((a) => a.node === record.node);
    if (known && (sameRecord(known, record) || known.at > record.at)) return 'unchanged';
    const next = [...adoptions.filter((a) => a.node !== record.node), record];
    const events: PendingEvent[] = [];
    if (article.syndicatedFrom) {
      const below = article.syndicatedFrom;
      events.push({
        stream: 'down',
        kind: event.kind,
        key: `${below}:${record.status}:${record.node}`,
        itemId: below,
        version: event.version,
        to: below.split(':')[0]!,
        createdAt: node.now().toISOString(),
        payload: { ...record, originalId },
      });
    }
    const ctx = systemContext(node);
    try {
      // Bookkeeping: an editor at the origin changing the item meanwhile is not refused because of it.
      await applyArticleChange(ctx, ctx.actor!, article, { set: { adoptions: next }, events, bookkeeping: true });
      return 'applied';
    } catch (e) {
      if ((e as { code?: string }).code !== 'CONFLICT') throw e;
    }
  }
  throw new Error(`记录采用结果时稿件 ${event.itemId} 持续并发修改（来自 ${edge.peer}）`);
}
