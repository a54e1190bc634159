import { badInput, forbidden } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { syndicationOf } from '../syndication/syndicationRuntime';

export const SENSITIVE_WORD_LIMITS = { words: 5000, length: 20 } as const;

/** The node's sensitive-word list: the city's own, or the city's as last fetched by this node. */
export async function loadSensitiveWords(node: NodeContext): Promise<string[]> {
  const settings = await node.models.NodeSettings.findById('settings', { sensitiveWords: 1 }).lean();
  return settings?.sensitiveWords ?? [];
}

function normaliseWordList(words: readonly string[]): string[] {
  const clean = [...new Set(words.map((w) => w.trim()).filter(Boolean))];
  if (clean.length > SENSITIVE_WORD_LIMITS.words) throw badInput(`敏感词最多 ${SENSITIVE_WORD_LIMITS.words} 个`, { field: 'words' });
  const long = clean.find((w) => w.length > SENSITIVE_WORD_LIMITS.length);
  if (long) throw badInput(`敏感词过长（最多 ${SENSITIVE_WORD_LIMITS.length} 字）：${long.slice(0, 30)}`, { field: 'words' });
  return clean.sort();
}

/** The city's editors and admins replace the network's word list; nodes inherit it (syncSensitiveWords). */
export async function setSensitiveWords(ctx: RequestContext, words: readonly string[]): Promise<string[]> {
  requireRole(ctx, ['admin', 'editor']);
  if (ctx.node.config.tier !== 'city') throw forbidden('敏感词表由市级节点统一维护，各节点自动继承');
  const list = normaliseWordList(words);
  await ctx.node.models.NodeSettings.updateOne(
    { _id: 'settings' },
    { $set: { sensitiveWords: list, sensitiveWordsUpdatedAt: ctx.node.now(), updatedAt: ctx.node.now() } },
  );
  // Carried down the tiers by syndication (the city compares and sends a new revision).
  syndicationOf(ctx.node)?.sharedStateChanged();
  return list;
}

/** A node below the city stores the city's list as fetched. */
export async function storeInheritedSensitiveWords(node: NodeContext, words: readonly string[]): Promise<string[]> {
  const list = normaliseWordList(words);
  await node.models.NodeSettings.updateOne(
    { _id: 'settings' },
    { $set: { sensitiveWords: list, sensitiveWordsUpdatedAt: node.now(), updatedAt: node.now() } },
  );
  return list;
}
