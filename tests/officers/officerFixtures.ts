import type { Tier } from '../../shared/src';
import type { Actor } from '../../services/src/accounts/actor';
import { approveArticle } from '../../services/src/articles/approveArticle';
import { globalArticleId } from '../../services/src/articles/articleIds';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { createArticle } from '../../services/src/articles/createArticle';
import { retractArticle } from '../../services/src/articles/retractArticle';
import { startReview } from '../../services/src/articles/startReview';
import { submitArticle } from '../../services/src/articles/submitArticle';
import { seedSharedChannels } from '../../services/src/channels/syncChannelTree';
import type { RequestContext } from '../../services/src/graphql/requestContext';
import type { NodeContext } from '../../services/src/node/nodeContext';
import { createOfficer } from '../../services/src/officers/createOfficer';
import type { OfficerDoc } from '../../services/src/officers/officerModels';
import { openContentTestNode, type ContentTestNode } from '../content/contentTestNode';

/** A node's context on a real database with the shared channels, and a clock the test sets (China time helpers). */
export interface OfficerTestNode extends ContentTestNode {
  setClock(at: Date): void;
  admin: RequestContext;
}

/** An instant in China time: `cst('2026-03-10')` is 09:00 that day. */
export const cst = (day: string, time = '09:00') => new Date(`${day}T${time}:00+08:00`);

export async function openOfficerTestNode(spec: {
  code: string;
  tier: Tier;
  parent?: string;
  ancestors?: string[];
}): Promise<OfficerTestNode> {
  const t = await openContentTestNode(spec);
  await seedSharedChannels(t.node.models, new Date());
  await t.node.models.NodeSettings.create({
    _id: 'settings',
    reviewLevels: 1,
    sensitiveWords: [],
    sensitiveWordsUpdatedAt: null,
    updatedAt: new Date(),
  });
  let clock = cst('2026-03-01');
  t.node.now = () => clock;
  return { ...t, setClock: (at) => (clock = at), admin: t.as('admin') };
}

/** An officer account at the node (as its admin would have made it) and the actor signed in with it. */
export async function officerAccount(node: NodeContext, username: string, name: string): Promise<RequestContext> {
  const now = new Date();
  const id = `acct_${username}`;
  await node.models.Account.create({
    _id: id,
    username,
    name,
    role: 'officer',
    node: node.config.code,
    reviewLevel: 1,
    passwordHash: 'scrypt$unused',
    disabled: false,
    createdAt: now,
    createdBy: null,
    updatedAt: now,
  });
  const actor: Actor = { accountId: id, username, name, role: 'officer', node: node.config.code, reviewLevel: 1 };
  return { node, actor };
}

/** Registers an officer linked to a new account; returns both. */
export async function registeredOfficer(
  t: OfficerTestNode,
  username: string,
  name: string,
  unit: string,
): Promise<{ officer: OfficerDoc; as: RequestContext }> {
  const as = await officerAccount(t.node, username, name);
  const officer = await createOfficer(t.admin, { name, unit, accountId: as.actor!.accountId, joinedAt: '2025-01-01' });
  return { officer, as };
}

/** The officer writes and reports an item at the node's current clock; `publish` has the admin publish it too. */
export async function reportItem(t: OfficerTestNode, as: RequestContext, title: string, publish = false): Promise<ArticleDoc> {
  const draft = await createArticle(as, { title, channel: 'dangjian', body: `<p>${title}：信息员按时报送。</p>` });
  const id = globalArticleId(t.node.config.code, draft._id);
  let doc = await submitArticle(as, id);
  if (!publish) return doc;
  await startReview(t.admin, id);
  doc = await approveArticle(t.admin, id);
  while (doc.status !== 'published') doc = await approveArticle(t.admin, id);
  return doc;
}

export async function retractItem(t: OfficerTestNode, doc: ArticleDoc, reason: string): Promise<ArticleDoc> {
  return retractArticle(t.admin, globalArticleId(t.node.config.code, doc._id), reason);
}

/** An adoption report as syndication records it on the origin's article (the real path: tests/officers/officers.test.ts). */
export async function recordAdoption(t: OfficerTestNode, doc: ArticleDoc, node: string, tier: Tier, at: Date): Promise<void> {
  await t.node.models.Article.updateOne(
    { _id: doc._id },
    {
      $push: {
        adoptions: {
          node,
          name: node,
          tier,
          status: 'adopted',
          at: at.toISOString(),
          by: '编辑',
          reason: null,
          copyId: `${node}:${'0'.repeat(24)}`,
        },
      },
      $set: { updatedAt: at },
    },
  );
}
