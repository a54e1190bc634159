import type { NodeModels } from '../node/nodeModels';
import type { PublishedCatalog } from './publishedCatalog';

/** Builds the in-memory catalog of published articles from the database. (helper-owned: catalog/search) */
export async function loadCatalog(_models: NodeModels): Promise<PublishedCatalog> {
  return { articleChanged: () => undefined };
}
