import type { Tier } from '@djnet/shared';
import type { NodeModels } from '../node/nodeModels';
import type { NodeSettingsDoc } from './nodeSettingsModel';

/** Default review levels by tier: the city reviews three times (三审), a county twice, a township station once. */
export const DEFAULT_REVIEW_LEVELS: Record<Tier, number> = { city: 3, county: 2, township: 1 };

/** Creates the node's settings document on first start; returns the current settings. */
export async function ensureNodeSettings(models: NodeModels, tier: Tier, now: Date): Promise<NodeSettingsDoc> {
  await models.NodeSettings.updateOne(
    { _id: 'settings' },
    { $setOnInsert: { reviewLevels: DEFAULT_REVIEW_LEVELS[tier], sensitiveWords: [], sensitiveWordsUpdatedAt: null, updatedAt: now } },
    { upsert: true },
  );
  const settings = await models.NodeSettings.findById('settings').lean<NodeSettingsDoc>();
  if (!settings) throw new Error('node settings missing after upsert');
  return settings;
}
