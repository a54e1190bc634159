import { Types, type AnyBulkWriteOperation } from 'mongoose';
import type { ArticleDoc } from '../articles/articleModel';
import type { NodeContext } from '../node/nodeContext';

/** Updates per bulk command (large bulk updates wedge FerretDB v1; see ARCHITECTURE.md). */
const CHUNK = 50;

/**
 * Adds counted page views to published articles' `viewCount` ($inc only: it never touches the article's revision,
 * content or status, so it cannot race the editorial commands' compare-and-set). Ids that are not 24-hex are
 * ignored. Returns how many articles were updated.
 */
export async function recordArticleViews(node: NodeContext, counts: ReadonlyMap<string, number>): Promise<number> {
  const ops: AnyBulkWriteOperation<ArticleDoc>[] = [];
  for (const [id, n] of counts) {
    if (!/^[0-9a-f]{24}$/.test(id) || !Number.isInteger(n) || n <= 0) continue;
    ops.push({ updateOne: { filter: { _id: new Types.ObjectId(id), status: 'published' }, update: { $inc: { viewCount: n } } } });
  }
  let updated = 0;
  for (let i = 0; i < ops.length; i += CHUNK) {
    const result = await node.models.Article.bulkWrite(ops.slice(i, i + CHUNK), { ordered: false });
    updated += result.modifiedCount;
  }
  return updated;
}
