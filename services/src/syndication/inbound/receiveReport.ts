import { ErrorCode, hasErrorCode } from '@djnet/shared';
import { localArticleId } from '../../articles/articleIds';
import type { ArticleDoc } from '../../articles/articleModel';
import { applyArticleChange } from '../../articles/articleStore';
import type { ApplyOutcome, EdgeRef } from '../handlers/registry';
import { EventRejected } from '../handlers/registry';
import type { NodeContext } from '../../node/nodeContext';
import { systemContext, type SyndicationRuntime } from '../syndicationRuntime';
import type { AdoptionRecord, FeatureRecord, PendingEvent, SyndicationEvent } from '../syndicationTypes';

/** The reports a node above sends down about an item, each kept in its list on the article. */
interface ReportLists {
  adoptions: AdoptionRecord;
  features: FeatureRecord;
}

/** How one kind of report is kept: which list, which entry it replaces, and when it changes nothing. */
export interface ReportKind<F extends keyof ReportLists> {
  field: F;
  /** What the report is called in errors (Chinese). */
  label: string;
  /** The entry this report replaces (the same node's decision; the same node's topic). */
  sameSlot(a: ReportLists[F], b: ReportLists[F]): boolean;
  /** The known entry makes this report change nothing (equal, or newer). */
  supersedes(known: ReportLists[F], report: ReportLists[F]): boolean;
  /** The key of the report passed on down (one per item, kind and slot). */
  downKey(below: string, report: ReportLists[F]): string;
}

/**
 * A node above reported on one of this node's articles (adopted or rejected it; listed it on a topic): recorded by
 * recordReport. Addressed events for other nodes are ignored.
 */
export async function receiveReport<F extends keyof ReportLists>(
  rt: SyndicationRuntime,
  edge: EdgeRef,
  event: SyndicationEvent,
  kind: ReportKind<F>,
  report: ReportLists[F] & { originalId: string },
): Promise<ApplyOutcome> {
  const { node } = rt;
  if (event.to !== node.config.code) return 'ignored';
  let articleId;
  try {
    articleId = localArticleId(event.itemId ?? '', node.config.code);
  } catch {
    throw new EventRejected(`${kind.label}的稿件 ID ${event.itemId} 不属于本站`);
  }
  const { originalId, ...record } = report;
  const outcome = await recordReport(node, articleId, kind, record as unknown as ReportLists[F], {
    originalId,
    eventKind: event.kind,
    version: event.version,
  });
  if (outcome === 'conflict') throw new Error(`记录${kind.label}时稿件 ${event.itemId} 持续并发修改（来自 ${edge.peer}）`);
  return outcome;
}

/**
 * Records a report on one of this node's articles (one entry per slot, the latest wins) and, when the article is a
 * copy of an item from below, passes it on down towards the origin in the same write (an event of `eventKind`).
 * Bookkeeping: an editor changing the article meanwhile is not refused because of it. `conflict` when the article
 * kept changing under it (five tries).
 */
export async function recordReport<F extends keyof ReportLists>(
  node: NodeContext,
  articleId: ArticleDoc['_id'],
  kind: ReportKind<F>,
  record: ReportLists[F],
  report: { originalId: string; eventKind: string; version?: number },
): Promise<ApplyOutcome | 'conflict'> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const article = await node.models.Article.findById(articleId).lean<ArticleDoc>();
    if (!article) return 'ignored';
    const list = (article[kind.field] ?? []) as ReportLists[F][];
    const known = list.find((a) => kind.sameSlot(a, record));
    if (known && kind.supersedes(known, record)) return 'unchanged';
    const next = [...list.filter((a) => !kind.sameSlot(a, record)), record];
    const events: PendingEvent[] = [];
    if (article.syndicatedFrom) {
      const below = article.syndicatedFrom;
      events.push({
        stream: 'down',
        kind: report.eventKind,
        key: kind.downKey(below, record),
        itemId: below,
        version: report.version ?? article.inboundVersion ?? article.version,
        to: below.split(':')[0]!,
        createdAt: node.now().toISOString(),
        payload: { ...record, originalId: report.originalId },
      });
    }
    const ctx = systemContext(node);
    try {
      await applyArticleChange(ctx, ctx.actor!, article, { set: { [kind.field]: next }, events, bookkeeping: true });
      return 'applied';
    } catch (e) {
      if (!hasErrorCode(e, ErrorCode.CONFLICT)) throw e;
    }
  }
  return 'conflict';
}
