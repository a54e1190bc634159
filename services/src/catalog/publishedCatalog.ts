import type { ArticleDoc } from '../articles/articleModel';

/**
 * The node's in-memory view of its published articles, for hot reads (channel lists, search) that the database
 * should not serve (FerretDB v1 scans a collection for any filter but `_id` equality). Loaded from the database
 * at start, told of every change by the commands that make it.
 */
export interface PublishedCatalog {
  /** Called after any write to an article; the catalog keeps it if published and drops it otherwise. */
  articleChanged(article: ArticleDoc): void;
}
