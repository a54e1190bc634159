/**
 * Node codes are lower-case pinyin, GraphQL-safe (they become field names: `Network.xingbin`),
 * e.g. `laibin`, `xingbin`, `xingbin_fenghuang`.
 */
export const NODE_CODE_PATTERN = /^[a-z][a-z0-9_]{1,47}$/;

export function isValidNodeCode(code: string): boolean {
  return NODE_CODE_PATTERN.test(code) && !code.endsWith('_') && !code.includes('__');
}

export const NODE_CODE_RULE = '节点代码须为小写拼音字母、数字和下划线，以字母开头，2–48 个字符（如 xingbin、xingbin_fenghuang）';

export const TIERS = ['city', 'county', 'township'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_NAMES: Record<Tier, string> = { city: '龙头（市级门户）', county: '骨干（县级站点）', township: '节点（乡镇服务站）' };

/** The tier a node's parent must have. */
export const PARENT_TIER: Record<Tier, Tier | null> = { city: null, county: 'city', township: 'county' };
