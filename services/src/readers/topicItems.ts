import type { CatalogArticle } from '../catalog/articleCatalog';
import { catalogOf } from '../catalog/catalogQueries';
import type { ChannelIndex } from '../channels/channelIndex';
import type { NodeContext } from '../node/nodeContext';
import { articleItem, type ArticleItem } from '../site/siteContent';
import type { TopicDoc, TopicRule } from './readersModels';

/** Items a topic looks at: the node's newest published items (its own and every adopted copy). */
const CANDIDATES = 20_000;

/** An item of a topic as lists show it, with where it came from (origin node and the nodes it passed through). */
export interface TopicItem extends ArticleItem {
  origin: string;
}

/**
 * The items a rule selects from the node's catalog — which holds the node's own items and the copies it adopted
 * from every node below, each with its provenance: published within the topic's span and in one of the rule's
 * channels (with their sub-channels) or carrying one of its tags; hand-picked items whatever their date. Newest
 * first. Read from memory (the catalog), no database read.
 */
export function topicItems(
  node: NodeContext,
  index: ChannelIndex,
  topic: Pick<TopicDoc, 'startsAt' | 'endsAt'>,
  rule: TopicRule,
): TopicItem[] {
  return topicArticles(node, index, topic, rule).map((a) => ({ ...articleItem(node, a), origin: a.origin?.node ?? node.config.code }));
}

/** The catalog's articles a rule selects (see topicItems), newest first. */
export function topicArticles(
  node: NodeContext,
  index: ChannelIndex,
  topic: Pick<TopicDoc, 'startsAt' | 'endsAt'>,
  rule: TopicRule,
): CatalogArticle[] {
  const channels = new Set<string>();
  for (const slug of rule.channels) for (const c of index.subtree(slug)) channels.add(c);
  const tags = new Set(rule.tags);
  const picks = new Set(rule.picks);
  if (channels.size === 0 && tags.size === 0 && picks.size === 0) return [];
  const from = new Date(topic.startsAt).getTime();
  const to = topic.endsAt ? new Date(topic.endsAt).getTime() : Infinity;
  const selected: CatalogArticle[] = [];
  for (const { article } of catalogOf(node).list({ first: CANDIDATES }).items) {
    if (picks.has(String(article._id))) {
      selected.push(article);
      continue;
    }
    const t = new Date(article.publishedAt ?? article.updatedAt ?? 0).getTime();
    if (t < from || t > to) continue;
    if (channels.has(article.channel) || (article.tags ?? []).some((tag) => tags.has(tag))) selected.push(article);
  }
  return selected;
}
