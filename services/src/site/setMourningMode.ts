import { forbidden } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import type { RequestContext } from '../graphql/requestContext';
import type { NetworkSiteSettings } from './networkSettings';
import { networkSiteSettingsModel } from './networkSettingsModel';
import { siteRuntimeOf } from './siteRuntime';

/**
 * The city's admin turns the grey theme of national mourning days (哀悼日) on or off for the whole network. Stored at
 * the city (`site_settings`); the city's site shows it at once, every other node within a minute (they read the
 * city's `/site/network-settings`, see networkSettings.ts).
 */
export async function setMourningMode(ctx: RequestContext, mourning: boolean): Promise<NetworkSiteSettings> {
  const { actor } = requireRole(ctx, ['admin']);
  const { node } = ctx;
  if (node.config.tier !== 'city') throw forbidden('哀悼日灰色主题由市级门户统一开启，县区和乡镇站点自动跟随');
  const now = node.now();
  await networkSiteSettingsModel(node.connection).updateOne(
    { _id: 'network' },
    { $set: { mourning: mourning === true, updatedAt: now, updatedBy: actor.name } },
    { upsert: true },
  );
  const settings: NetworkSiteSettings = { mourning: mourning === true, updatedAt: now.toISOString() };
  siteRuntimeOf(node)?.settings.set(settings);
  node.log.info(
    { mourning: settings.mourning, by: actor.username },
    settings.mourning ? '已开启全网哀悼日灰色主题' : '已关闭全网哀悼日灰色主题',
  );
  return settings;
}
