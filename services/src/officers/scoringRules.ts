import { createHash } from 'node:crypto';
import { z } from 'zod';
import { badInput } from '@djnet/shared';
import { canonicalJson } from '../syndication/canonicalJson';

const points = z.number({ error: '分值须为数字' }).min(0, '分值不能为负').max(1000, '分值最多 1000');

/**
 * Scoring rules (积分规则). The city sets the network's default; any node may override any part for itself.
 * `penalty` is subtracted for each item retracted as false (撤稿理由含 `falseRetractionMarkers` 中的词).
 * `multiLevel`: `each` scores every level that adopted an item, `highest` only the highest one.
 * `channelPoints`: adoption points for a column (a shared-tree slug and everything under it), e.g. 20–80 at the city.
 */
export const rulesSchema = z.object({
  quota: z.number().int('定额须为整数').min(0).max(100),
  points: z.object({
    published: points,
    adoptedCounty: points,
    adoptedCity: points,
    newspaper: points,
    topic: points,
  }),
  quotaBase: points,
  penalty: points,
  falseRetractionMarkers: z.array(z.string().trim().min(1).max(20)).max(50),
  multiLevel: z.enum(['each', 'highest'], { error: 'multiLevel 须为 each 或 highest' }),
  channelPoints: z
    .array(
      z.object({
        channel: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, '栏目 slug 格式错误'),
        adoptedCounty: points.optional(),
        adoptedCity: points.optional(),
      }),
    )
    .max(200),
  commendation: z.object({
    /** Least yearly score. */
    minYearScore: points.max(100_000),
    /** Least months of the year with the quota met. */
    minQuotaMonths: z.number().int().min(0).max(12),
    /** At most this many officers (best scores first). */
    maxCount: z.number().int().min(1).max(500),
  }),
  /** Reminders go out when this many days or fewer are left in the month. */
  reminderDays: z.number().int().min(0).max(27),
});
export type ScoringRules = z.infer<typeof rulesSchema>;

/** What the network starts with (the shape real networks use; the city changes it). */
export const DEFAULT_RULES: ScoringRules = {
  quota: 3,
  points: { published: 1, adoptedCounty: 2, adoptedCity: 5, newspaper: 5, topic: 3 },
  quotaBase: 10,
  penalty: 5,
  falseRetractionMarkers: ['虚假', '不实', '失实', '造假'],
  multiLevel: 'each',
  channelPoints: [],
  commendation: { minYearScore: 60, minQuotaMonths: 10, maxCount: 20 },
  reminderDays: 5,
};

/** An override: any part of the rules; nested objects may be partial too. */
export const rulesOverrideSchema = rulesSchema
  .extend({ points: rulesSchema.shape.points.partial(), commendation: rulesSchema.shape.commendation.partial() })
  .partial()
  .strict();
export type RulesOverride = z.infer<typeof rulesOverrideSchema>;

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

/** Validates an override (GraphQL nulls mean "inherit"); BAD_USER_INPUT naming the field otherwise. */
export function parseRulesOverride(input: unknown): RulesOverride {
  const result = rulesOverrideSchema.safeParse(dropNulls(input ?? {}));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw badInput(`积分规则无效：${issue.path.join('.') || '（整体）'} ${issue.message}`, { field: issue.path.join('.') });
  }
  return result.data;
}

/** The default, then each override in order (later wins; nested objects merge field by field). */
export function mergeRules(...overrides: (RulesOverride | null | undefined)[]): ScoringRules {
  let rules: ScoringRules = DEFAULT_RULES;
  for (const o of overrides) {
    if (!o) continue;
    rules = {
      ...rules,
      ...o,
      points: { ...rules.points, ...(o.points ?? {}) },
      commendation: { ...rules.commendation, ...(o.commendation ?? {}) },
    } as ScoringRules;
  }
  return rulesSchema.parse(rules);
}

/** A short digest of rules: stored with every result, so a result computed under other rules is recognisable. */
export function rulesHash(rules: ScoringRules | RulesOverride): string {
  return createHash('sha256').update(canonicalJson(rules)).digest('hex').slice(0, 16);
}
