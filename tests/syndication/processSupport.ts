import type { Connection } from 'mongoose';
import { openNodeDatabase } from '../../shared/src';
import type { LaunchedNetwork } from '../../cli/src/network/launchNetwork';
import { createFirstAdmin } from '../../services/src/accounts/createFirstAdmin';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { nodeModels } from '../../services/src/node/nodeModels';
import { outboxCollectionName, syndicationModels } from '../../services/src/syndication/syndicationModels';
import { gql } from '../support/testNetwork';
import { adoptedArticleId } from '../../services/src/syndication/inbound/copies';
import { SHARED_CHANNEL } from './syndicationFixtures';

/** Syndication settings for real-process networks: pull every second, adopt automatically on every edge. */
export const FAST_AUTO_ADOPT = { DJNET_SYNDICATION_PULL_SECONDS: '1', DJNET_SYNDICATION_AUTO_ADOPT: 'true' };

/** A node's own database, opened from the test (as an operator would on the node's server). */
export async function openNode(net: LaunchedNetwork, code: string) {
  const n = net.nodes.get(code)!;
  const connection: Connection = await openNodeDatabase(net.databaseUri, n.databaseName);
  return { connection, models: nodeModels(connection), syndication: syndicationModels(connection), close: () => connection.close() };
}

/** Creates an admin on a node (`djnet admin create`) and signs in over GraphQL. */
export async function adminToken(net: LaunchedNetwork, code: string): Promise<string> {
  const db = await openNode(net, code);
  try {
    await createFirstAdmin(db.models.Account, code, { username: `${code}_admin`, name: `${code} 管理员`, password: 'dangjian2024' });
  } finally {
    await db.close();
  }
  return login(net, code);
}

export async function login(net: LaunchedNetwork, code: string): Promise<string> {
  const { body } = await gql<Record<string, { login: { token: string } }>>(
    net.nodes.get(code)!.url,
    `mutation { ${code} { login(username: "${code}_admin", password: "dangjian2024") { token } } }`,
  );
  const token = body.data?.[code]?.login.token;
  if (!token) throw new Error(`login at ${code} failed: ${JSON.stringify(body.errors)}`);
  return token;
}

async function mutate<T>(net: LaunchedNetwork, code: string, token: string, field: string, variables: Record<string, unknown>): Promise<T> {
  const decls = [variables.id !== undefined ? '$id: ID!' : '', variables.input !== undefined ? '$input: ArticleInput!' : '']
    .filter(Boolean)
    .join(', ');
  const response = await fetch(`${net.nodes.get(code)!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: `mutation(${decls}) { ${code} { ${field} } }`, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: Record<string, T>; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`${code} ${field.split('(')[0]}: ${JSON.stringify(body.errors)}`);
  return body.data[code]!;
}

/** Publishes an item at a node through its GraphQL API (create, submit, review, approve). Returns its global id. */
export async function publishVia(net: LaunchedNetwork, code: string, token: string, title: string): Promise<string> {
  const input = { title, channel: SHARED_CHANNEL, body: `<p>${title}：信息员报送。</p>`, officer: '韦信息员' };
  const created = await mutate<{ createArticle: { id: string } }>(net, code, token, 'createArticle(input: $input) { id }', { input });
  const id = created.createArticle.id;
  await mutate(net, code, token, 'submitArticle(id: $id) { id }', { id });
  await mutate(net, code, token, 'startReview(id: $id) { id }', { id });
  for (let level = 0; level < 3; level++) {
    const r = await mutate<{ approveArticle: { status: string } }>(net, code, token, 'approveArticle(id: $id) { status }', { id });
    if (r.approveArticle.status === 'PUBLISHED') return id;
  }
  throw new Error(`${id} not published`);
}

/** Corrects a published item through GraphQL: the edit waits as a revision until every review level signs it. */
export async function updateVia(net: LaunchedNetwork, code: string, token: string, id: string, title: string): Promise<void> {
  await mutate(net, code, token, 'updateArticle(id: $id, input: $input) { version }', { id, input: { title } });
  for (let level = 0; level < 3; level++) {
    const r = await mutate<{ approveArticle: { pendingRevision: { reviewLevel: number } | null } }>(
      net,
      code,
      token,
      'approveArticle(id: $id) { pendingRevision { reviewLevel } }',
      { id },
    );
    if (!r.approveArticle.pendingRevision) return;
  }
  throw new Error(`${id}: correction not published`);
}

/** Every article of a node, read from its database. */
export async function articlesOf(net: LaunchedNetwork, code: string): Promise<ArticleDoc[]> {
  const db = await openNode(net, code);
  try {
    return await db.models.Article.find({}, { body: 0, bodyText: 0, transitions: 0 }).lean<ArticleDoc[]>();
  } finally {
    await db.close();
  }
}

/** The keys and sequences of a node's outbox stream (to check it holds no duplicate and no hole). */
export async function outboxOf(net: LaunchedNetwork, code: string, stream: 'up' | 'down'): Promise<{ seq: number; key: string }[]> {
  const db = await openNode(net, code);
  try {
    return (await db.connection
      .collection(outboxCollectionName(stream))
      .find({}, { projection: { seq: 1, key: 1 } })
      .toArray()) as unknown as {
      seq: number;
      key: string;
    }[];
  } finally {
    await db.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one node holds about an item, for a failure message: its article or copy, inbound record, outbox events, edge. */
async function nodeView(net: LaunchedNetwork, code: string, articleId: string | null, inboundId: string | null, edgeFrom: string | null) {
  const db = await openNode(net, code);
  try {
    const lines: string[] = [];
    const pendingKeys = (d: { pendingEvents?: { key: string }[] } | null) => (d?.pendingEvents ?? []).map((e) => e.key).join(',') || '-';
    if (inboundId) {
      const item = await db.syndication.InboundItem.findById(inboundId).lean();
      lines.push(
        `  ${code} inbound ${inboundId}: ${item ? `${item.status} v${item.version} note=${item.note ?? '-'} local=${item.localArticleId ?? '-'}@${item.localVersion ?? '-'} pending=${pendingKeys(item)}` : 'none'}`,
      );
    }
    if (articleId) {
      const a = await db.models.Article.findById(articleId, { body: 0, bodyText: 0 }).lean<
        ArticleDoc & { pendingEvents?: { key: string }[] }
      >();
      lines.push(
        `  ${code} article ${articleId}: ${a ? `${a.status} v${a.version} inboundVersion=${a.inboundVersion ?? '-'} "${a.title}" pending=${pendingKeys(a)}` : 'none'}`,
      );
      const events = await db.connection
        .collection(outboxCollectionName('up'))
        .find({ itemId: `${code}:${articleId}` }, { projection: { seq: 1, kind: 1, version: 1 } })
        .toArray();
      lines.push(`  ${code} up outbox: ${events.map((e) => `#${e.seq} ${e.kind} v${e.version}`).join(', ') || 'none'}`);
    }
    if (edgeFrom) {
      const edge = await db.syndication.Edge.findOne({ peer: edgeFrom, stream: 'up' }).lean();
      lines.push(
        `  ${code} edge ${edgeFrom}:up cursor=${edge?.cursor} head=${edge?.head} failures=${edge?.failures} lastError=${edge?.lastError ?? '-'}`,
      );
    }
    return lines;
  } finally {
    await db.close();
  }
}

/**
 * Explains fault-test problems (`<node> <township>:<id>: …`): the item at its township, its county copy, and what
 * the city holds, with the outbox events and edge cursors between them.
 */
export async function diagnose(net: LaunchedNetwork, problems: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of problems) {
    out.push(p);
    const id = p.split(' ')[1]!.replace(/:$/, '');
    const [town, hex] = id.split(':') as [string, string];
    const county = net.nodes.get(town)!.node.parent!;
    const countyCopy = adoptedArticleId(id).toHexString();
    const cityCopy = adoptedArticleId(`${county}:${countyCopy}`).toHexString();
    out.push(...(await nodeView(net, town, hex, null, null)));
    out.push(...(await nodeView(net, county, countyCopy, id, town)));
    out.push(...(await nodeView(net, 'laibin', cityCopy, `${county}:${countyCopy}`, county)));
  }
  return out;
}
