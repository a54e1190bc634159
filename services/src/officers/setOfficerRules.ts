import { forbidden } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { effectiveRules } from './officerFigures';
import { requireOfficerAdmin } from './officerStore';
import { recomputeStoredMonths } from './runMonthlyJob';
import { parseRulesOverride, rulesHash, type RulesOverride, type ScoringRules } from './scoringRules';

export type RulesScope = 'local' | 'network';

/**
 * Sets scoring rules: `network` (the city's default for every node; only on the city) or `local` (this node's
 * override of any part; an empty override inherits everything). Every month with stored results is then computed
 * again under the rules now in force, so stored scores always match the rules.
 */
export async function setOfficerRules(ctx: RequestContext, scope: RulesScope, input: unknown): Promise<ScoringRules> {
  const actor = requireOfficerAdmin(ctx);
  if (scope === 'network' && ctx.node.config.tier !== 'city') throw forbidden('全网积分规则只能在市级节点设置');
  const override = parseRulesOverride(input);
  await storeRules(ctx.node, scope, override, actor.name);
  return (await effectiveRules(ctx.node)).rules;
}

/** Stores rules and recomputes when what is in force changed. Also used for the copy of the city's rules on other nodes. */
export async function storeRules(node: NodeContext, id: RulesScope, override: RulesOverride, by: string | null): Promise<boolean> {
  const before = (await effectiveRules(node)).hash;
  await node.models.OfficerRules.replaceOne(
    { _id: id },
    { rules: override, hash: rulesHash(override), updatedAt: node.now(), updatedBy: by },
    { upsert: true },
  );
  const after = (await effectiveRules(node)).hash;
  if (after === before) return false;
  await recomputeStoredMonths(node);
  return true;
}

/** On a county or township: reads the city's network rules (`GET <cityUrl>/officers/network-rules`) and applies a change. */
export async function syncNetworkRules(node: NodeContext): Promise<boolean> {
  if (node.config.tier === 'city' || !node.config.cityUrl) return false;
  const response = await fetch(`${node.config.cityUrl}/officers/network-rules`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`市级节点返回 HTTP ${response.status}`);
  const body = (await response.json()) as { rules?: unknown; hash?: string };
  const override = parseRulesOverride(body.rules ?? {});
  const held = await node.models.OfficerRules.findById('network').lean();
  if (held && held.hash === rulesHash(override)) return false;
  return storeRules(node, 'network', override, null);
}
