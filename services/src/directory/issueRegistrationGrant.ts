import { badInput, isValidNodeCode, NODE_CODE_RULE, PARENT_TIER, TIERS, type Tier } from '@djnet/shared';
import type { DirectoryModels } from './directoryModels';
import { hashRegistrationToken, newRegistrationToken } from './registrationToken';

export interface GrantRequest {
  code: string;
  tier: Tier;
  parent: string | null;
  name?: string | null;
}

/**
 * The city admin lets a node join: issues (or re-issues, revoking the old one) the registration token for
 * one node code at one place in the tree. The parent must be the city itself or a node already granted.
 * Returns the token in clear once; only its hash is stored.
 */
export async function issueRegistrationGrant(models: DirectoryModels, cityCode: string, request: GrantRequest): Promise<string> {
  const { code, tier, parent } = request;
  if (!isValidNodeCode(code)) throw badInput(NODE_CODE_RULE, { field: 'code' });
  if (!TIERS.includes(tier)) throw badInput(`层级须为 ${TIERS.join(' | ')} 之一`, { field: 'tier' });
  if (code === cityCode) throw badInput('市级节点无需注册令牌', { field: 'code' });
  const wanted = PARENT_TIER[tier];
  if (wanted === null) throw badInput('网群只能有一个市级节点', { field: 'tier' });
  if (!parent) throw badInput('必须指定上级节点', { field: 'parent' });
  if (wanted === 'city') {
    if (parent !== cityCode) throw badInput(`县级节点的上级须为市级节点 ${cityCode}`, { field: 'parent' });
  } else {
    const parentGrant = await models.RegistrationGrant.findOne({ code: parent, revokedAt: null }).lean();
    if (!parentGrant) throw badInput(`上级节点 ${parent} 不在网群中`, { field: 'parent' });
    if (parentGrant.tier !== wanted) throw badInput(`上级节点 ${parent} 须为 ${wanted} 级`, { field: 'parent' });
  }
  const token = newRegistrationToken();
  await models.RegistrationGrant.updateOne(
    { code },
    { $set: { tier, parent, name: request.name ?? null, tokenHash: hashRegistrationToken(token), issuedAt: new Date(), revokedAt: null } },
    { upsert: true },
  );
  return token;
}

export async function revokeRegistrationGrant(models: DirectoryModels, code: string): Promise<boolean> {
  const result = await models.RegistrationGrant.updateOne({ code, revokedAt: null }, { $set: { revokedAt: new Date() } });
  return result.modifiedCount === 1;
}
