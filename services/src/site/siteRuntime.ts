import type { NodeContext } from '../node/nodeContext';
import type { ArticleViews } from './articleViews';
import type { NetworkLatest } from './networkLatest';
import type { NetworkSettingsState } from './networkSettings';
import type { PageCache } from './pageCache';

/** The public site's state on a node (one per NodeContext), for the site's commands and routes. */
export interface SiteRuntime {
  settings: NetworkSettingsState;
  views: ArticleViews;
  pages: PageCache;
  /** The city's view of every node's newest item (the network map); absent elsewhere. */
  networkLatest?: NetworkLatest;
}

const runtimes = new WeakMap<NodeContext, SiteRuntime>();

export function attachSite(node: NodeContext, runtime: SiteRuntime): void {
  runtimes.set(node, runtime);
}

export function siteRuntimeOf(node: NodeContext): SiteRuntime | undefined {
  return runtimes.get(node);
}
