/** Ranking of search candidates (documents that already contain every required term somewhere). */

export type Terms = readonly string[] | ReadonlySet<string>;

export interface MatchFields {
  titleTerms: Terms;
  summaryTerms?: Terms;
  tagTerms?: Terms;
  bodyTerms: Terms;
  /** Caller's freshness in [0, 1] (1 = newest); only breaks ties, clamped. */
  recency?: number;
}

/** Each required term scores the weight of the best field it occurs in. */
export const FIELD_WEIGHTS = { title: 10, summary: 3, tags: 3, body: 1 } as const;

/** Below the smallest gap between two different field profiles (2 = summary vs body), so recency never outranks a better field. */
export const RECENCY_WEIGHT = 0.5;

function has(terms: Terms | undefined, term: string): boolean {
  if (!terms) return false;
  return 'has' in terms ? terms.has(term) : terms.includes(term);
}

/**
 * Sum over the required terms of the best field weight (title 10, summary/tags 3, body 1; absent 0), plus
 * `recency × 0.5`. A title hit thus outranks a summary or body hit of the same term. 0 for no required terms.
 */
export function scoreMatch(fields: MatchFields, required: readonly string[]): number {
  if (required.length === 0) return 0;
  let score = 0;
  for (const term of required) {
    if (has(fields.titleTerms, term)) score += FIELD_WEIGHTS.title;
    else if (has(fields.summaryTerms, term)) score += FIELD_WEIGHTS.summary;
    else if (has(fields.tagTerms, term)) score += FIELD_WEIGHTS.tags;
    else if (has(fields.bodyTerms, term)) score += FIELD_WEIGHTS.body;
  }
  const recency = fields.recency ?? 0;
  return score + (Number.isFinite(recency) ? Math.min(1, Math.max(0, recency)) : 0) * RECENCY_WEIGHT;
}
