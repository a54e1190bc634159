import type { NodeContext } from '../node/nodeContext';
import type { ArticleViews } from './articleViews';
import type { NetworkLatest } from './networkLatest';
import type { NetworkSettingsState } from './networkSettings';
import type { PageCache } from './pageCache';
import type { ArticleComment } from './pages/articlePage';

/** The public site's state on a node (one per NodeContext), for the site's commands and routes. */
export interface SiteRuntime {
  settings: NetworkSettingsState;
  views: ArticleViews;
  pages: PageCache;
  /** The city's view of every node's newest item (the network map); absent elsewhere. */
  networkLatest?: NetworkLatest;
  /** Visit statistics (services/src/readers): counts a page view; false for a robot (not counted anywhere). */
  visits?: {
    pageView(ref: { channel?: string; article?: string }, client: { ip: string | undefined; userAgent: string | undefined }): boolean;
  };
  /** Approved readers' comments of an article (services/src/readers), shown on its page. */
  articleComments?: (id: string) => ArticleComment[];
  /** Active topics, newest first (services/src/readers), for the home page. */
  activeTopics?: () => { slug: string; title: string }[];
}

const runtimes = new WeakMap<NodeContext, SiteRuntime>();

export function attachSite(node: NodeContext, runtime: SiteRuntime): void {
  runtimes.set(node, runtime);
}

export function siteRuntimeOf(node: NodeContext): SiteRuntime | undefined {
  return runtimes.get(node);
}
