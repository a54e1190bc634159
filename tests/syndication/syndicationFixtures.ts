import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { approveArticle } from '../../services/src/articles/approveArticle';
import { globalArticleId } from '../../services/src/articles/articleIds';
import { createArticle } from '../../services/src/articles/createArticle';
import { startReview } from '../../services/src/articles/startReview';
import { submitArticle } from '../../services/src/articles/submitArticle';
import { updateArticle } from '../../services/src/articles/updateArticle';
import type { RunningNode } from '../../services/src';
import type { InboundItemDoc } from '../../services/src/syndication/syndicationModels';
import { asActor } from '../support/actors';
import type { TestNodeSpec } from '../support/testNetwork';

/** A channel of the shared tree every node has (the city seeds it, the others fetch it). */
export const SHARED_CHANNEL = 'dangjian';

/** Writes and publishes an item on a node the way its staff would: an officer reports, admins sign the levels (one each). */
export async function publishItem(
  node: RunningNode,
  fields: { title: string; body?: string; channel?: string; summary?: string; coverImageId?: string },
  officerName = '李信息员',
): Promise<ArticleDoc> {
  const officer = asActor(node, 'officer', { name: officerName });
  // 三审制: each level is signed by a different person.
  const admin = () => asActor(node, 'admin', { name: '王编辑' });
  const draft = await createArticle(officer, {
    channel: SHARED_CHANNEL,
    body: `<p>${fields.title}：凤凰镇开展党建引领乡村振兴活动，信息员及时报送。</p>`,
    ...fields,
  });
  const id = globalArticleId(node.config.code, draft._id);
  await submitArticle(officer, id);
  await startReview(admin(), id);
  let doc = await approveArticle(admin(), id);
  while (doc.status !== 'published') doc = await approveArticle(admin(), id);
  return doc;
}

/**
 * Corrects a published item as its staff would: an editor edits (the edit waits as the item's pending revision),
 * admins sign the review levels (one each), and the correction goes live as the next version.
 */
export async function correctItem(
  node: RunningNode,
  id: string,
  input: Record<string, unknown>,
  editorName = '王编辑',
): Promise<ArticleDoc> {
  const pending = await updateArticle(asActor(node, 'editor', { name: editorName }), id, input);
  if (!pending.pendingRevision) throw new Error(`${id}: the edit of a ${pending.status} item made no revision`);
  const admin = () => asActor(node, 'admin', { name: '韦主任' });
  let doc = await approveArticle(admin(), id);
  while (doc.pendingRevision) doc = await approveArticle(admin(), id);
  return doc;
}

export const gid = (node: RunningNode, doc: { _id: unknown }) => globalArticleId(node.config.code, String(doc._id));

/** Articles at a node that are copies of an original item. */
export async function copiesAt(node: RunningNode, originalId: string): Promise<ArticleDoc[]> {
  return node.context.models.Article.find({ 'origin.id': originalId }).lean<ArticleDoc[]>();
}

export async function inboundAt(node: RunningNode, id: string): Promise<InboundItemDoc | null> {
  return node.syndication.models.InboundItem.findById(id).lean<InboundItemDoc>();
}

export async function articleAt(node: RunningNode, id: unknown): Promise<ArticleDoc | null> {
  return node.context.models.Article.findById(id).lean<ArticleDoc>();
}

const NAMES: Record<string, { name: string; parent?: string }> = {
  laibin: { name: '来宾市党建网' },
  xingbin: { name: '兴宾区党建网', parent: 'laibin' },
  heshan: { name: '合山市党建网', parent: 'laibin' },
  xiangzhou: { name: '象州县党建网', parent: 'laibin' },
  xingbin_fenghuang: { name: '凤凰镇党建信息服务站', parent: 'xingbin' },
  xingbin_sanwu: { name: '三五镇党建信息服务站', parent: 'xingbin' },
  xingbin_qiaogong: { name: '桥巩镇党建信息服务站', parent: 'xingbin' },
  heshan_hekou: { name: '河里镇党建信息服务站', parent: 'heshan' },
  heshan_beisi: { name: '北泗镇党建信息服务站', parent: 'heshan' },
  heshan_lingdong: { name: '岭南镇党建信息服务站', parent: 'heshan' },
};

/** Node specs of the demo's shape by code (tier from the parent: none = city, the city = county). */
export function nodeNamesForTest(codes: string[]): TestNodeSpec[] {
  return codes.map((code) => {
    const n = NAMES[code]!;
    const tier = !n.parent ? 'city' : n.parent === 'laibin' ? 'county' : 'township';
    return { code, name: n.name, tier, ...(n.parent ? { parent: n.parent } : {}) };
  });
}
