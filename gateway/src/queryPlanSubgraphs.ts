import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';

type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];

const CHILD_KEYS = ['node', 'nodes', 'primary', 'deferred', 'ifClause', 'elseClause', 'rest'] as const;
const cache = new WeakMap<QueryPlan, string[]>();

/** The nodes (subgraphs) a query plan fetches from, sorted; remembered per plan (plans are cached by the gateway). */
export function subgraphsOfPlan(plan: QueryPlan): string[] {
  const known = cache.get(plan);
  if (known) return known;
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    const node = value as Record<string, unknown>;
    if (node.kind === 'Fetch' && typeof node.serviceName === 'string') names.add(node.serviceName);
    for (const key of CHILD_KEYS) visit(node[key]);
  };
  visit(plan.node);
  const list = [...names].sort();
  cache.set(plan, list);
  return list;
}
