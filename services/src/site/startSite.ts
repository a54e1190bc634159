import { Router } from 'express';
import { consoleRoutes } from '../console/consoleRoutes';
import type { NodeContext } from '../node/nodeContext';
import { ArticleViews } from './articleViews';
import { NetworkSettingsState } from './networkSettings';
import { PageCache } from './pageCache';
import { siteRoutes } from './siteRoutes';
import { attachSite, type SiteRuntime } from './siteRuntime';

/** A cached page is served without rebuilding its model for this long: pages may be up to a second behind the data. */
export const PAGE_FRESH_MS = 1_000;

export interface RunningSite {
  /** The public site's routes and the admin console's (/admin). */
  router: Router;
  runtime: SiteRuntime;
  stop(): Promise<void>;
}

export interface SiteOptions {
  /** Reuse rendered pages while their data is unchanged (default true; the benchmark turns it off to compare). */
  pageCache?: boolean;
  /** How long a cached page is served without checking its data again (default 1 s; 0: check every request). */
  pageFreshMs?: number;
  /** How often a county or township re-reads the city's site settings (default one minute). */
  settingsSyncMs?: number;
}

/**
 * The node's public site: reads the network-wide settings (the city's own, or the city's over HTTP), starts the
 * page-view counter and returns the routes. Never fails for an unreachable city (the settings default to off).
 */
export async function startSite(node: NodeContext, options: SiteOptions = {}): Promise<RunningSite> {
  const settings = new NetworkSettingsState(node);
  const views = new ArticleViews(node);
  const runtime: SiteRuntime = {
    settings,
    views,
    pages: new PageCache(500, options.pageCache ?? true, options.pageFreshMs ?? PAGE_FRESH_MS),
  };
  attachSite(node, runtime);
  await settings.start(options.settingsSyncMs);
  views.start();
  const router = Router();
  router.use(consoleRoutes(node));
  router.use(siteRoutes(node, runtime));
  return {
    router,
    runtime,
    stop: async () => {
      settings.stop();
      await views.stop();
    },
  };
}
