import { catalogOf } from '../catalog/catalogQueries';
import type { NodeContext } from '../node/nodeContext';

/** Titles of published articles by id, read from the catalog in memory (one pass over it; no database read). */
export function catalogTitles(node: NodeContext, ids: Iterable<string>): Map<string, string> {
  const wanted = new Set(ids);
  const titles = new Map<string, string>();
  if (wanted.size === 0) return titles;
  const catalog = catalogOf(node);
  for (const { article } of catalog.list({ first: Math.max(1, catalog.size) }).items) {
    const id = String(article._id);
    if (wanted.has(id)) titles.set(id, article.title);
    if (titles.size === wanted.size) break;
  }
  return titles;
}
