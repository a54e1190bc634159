import { setTimeout as sleep } from 'node:timers/promises';
import { openNodeDatabase, type NetworkFile, type NetworkNode } from '@djnet/shared';
import { accountModel, createFirstAdmin, POW_DIFFICULTY, solveChallenge } from '@djnet/services';
import { generatePassword } from '../commands/adminCreate';
import { DEMO_TOPIC_TAG, demoItems, placeOf } from './demoContent';
import { graphqlClient, type GraphqlClient } from './graphqlClient';
import { demoPeople } from './demoPeople';

/** One account the demo made, as printed for the newcomer. */
export interface DemoAccount {
  node: string;
  nodeName: string;
  consoleUrl: string;
  role: 'admin' | 'editor' | 'officer';
  username: string;
  name: string;
  password: string;
}

export interface SeedTarget {
  network: NetworkFile;
  gatewayUrl: string;
  databaseUri: string;
  /** Each node's URL and database. */
  nodes: Map<string, { url: string; databaseName: string }>;
  /** The instant the seed runs at (the launcher's clock): notices, calls and topics are dated from it. */
  now: Date;
  /** One line per step, for the launcher's output. */
  progress?: (line: string) => void;
  /** Called with the accounts (and their passwords) before any is created, so they can be kept first. */
  accountsMade?: (accounts: readonly DemoAccount[]) => void;
}

export interface SeedResult {
  accounts: DemoAccount[];
  published: number;
  adoptedByCounties: number;
  adoptedByCity: number;
}

const ROLE_LABEL = { admin: '管理员', editor: '编辑', officer: '信息员' } as const;

/** Items each node writes: townships three, counties two (the city only adopts, notifies and solicits). */
const ITEMS_PER_TIER = { city: 0, county: 2, township: 3 } as const;

/**
 * Seeds a freshly started demo network the way its users would fill it, through the gateway's GraphQL API and the
 * public forms (so every item really travels the tiers: written and reviewed at a township or county, reported up
 * by syndication, adopted by editors above):
 * - per node an admin (made in the node's database, as `djnet admin create` does), an editor and an officer
 *   account (made by that admin), and the officer on the node's register, linked to the account;
 * - townships and counties write, submit and approve items from the shipped corpus; counties adopt two items of
 *   each township, the city one own item of each county and one township item relayed by it; the rest wait in the
 *   adoption queues for the newcomer to decide;
 * - at the city: a notice sent down, a topic (专题) over the items tagged 乡村振兴, a newspaper call (征稿启事);
 * - readers' comments on three adopted items, approved by the editors.
 */
export async function seedDemo(target: SeedTarget): Promise<SeedResult> {
  const api = graphqlClient(target.gatewayUrl);
  const say = target.progress ?? (() => undefined);
  const nodes = target.network.nodes;
  const people = demoPeople();

  say('创建演示账号……');
  const accounts: DemoAccount[] = nodes.flatMap((node, i) => {
    const names = people(i);
    const account = (role: DemoAccount['role'], name: string): DemoAccount => ({
      node: node.code,
      nodeName: node.name,
      consoleUrl: `${target.nodes.get(node.code)!.url}/admin`,
      role,
      username: `${node.code}_${role}`,
      name,
      password: generatePassword(),
    });
    return [
      account('admin', names.admin),
      account('editor', names.editor),
      ...(ITEMS_PER_TIER[node.tier] > 0 ? [account('officer', names.officer)] : []),
    ];
  });
  target.accountsMade?.(accounts);
  const tokens = new Map<string, string>();
  const setUp = async (node: NetworkNode) => {
    const mine = (role: DemoAccount['role']) => accounts.find((a) => a.node === node.code && a.role === role);
    const admin = mine('admin')!;
    const connection = await openNodeDatabase(target.databaseUri, target.nodes.get(node.code)!.databaseName);
    try {
      await createFirstAdmin(accountModel(connection), node.code, admin, target.now);
    } finally {
      await connection.close();
    }
    const adminToken = await login(api, node.code, admin);
    tokens.set(`${node.code}:admin`, adminToken);
    const editor = mine('editor')!;
    await createAccount(api, node.code, adminToken, editor, 1);
    tokens.set(`${node.code}:editor`, await login(api, node.code, editor));
    const officer = mine('officer');
    if (officer) {
      const officerAccountId = await createAccount(api, node.code, adminToken, officer, 1);
      await api.request(
        `mutation($input: OfficerInput!) { ${node.code} { createOfficer(input: $input) { id } } }`,
        { input: { kind: 'OFFICER', name: officer.name, unit: `${placeOf(node)}党委办公室`, accountId: officerAccountId } },
        adminToken,
      );
      tokens.set(`${node.code}:officer`, await login(api, node.code, officer));
    }
  };
  await Promise.all(nodes.map(setUp));
  const token = (code: string, role: DemoAccount['role']) => tokens.get(`${code}:${role}`)!;

  say('各乡镇、县区撰写并审核稿件……');
  let published = 0;
  // Each node writes on its own (in parallel, as real stations do); townships start first, so their items are on
  // the way up while the counties write theirs.
  const writers = nodes.filter((n) => ITEMS_PER_TIER[n.tier] > 0).sort((a, b) => (a.tier === b.tier ? 0 : a.tier === 'township' ? -1 : 1));
  await Promise.all(
    writers.map(async (node) => {
      const items = demoItems(node, ITEMS_PER_TIER[node.tier]);
      await waitForChannels(
        api,
        node.code,
        items.map((i) => i.channel),
      );
      for (const item of items) {
        await writeAndPublish(api, node, item, {
          officer: token(node.code, 'officer'),
          editor: token(node.code, 'editor'),
          admin: token(node.code, 'admin'),
        });
        published++;
      }
    }),
  );

  say('县区编辑采用乡镇稿件……');
  let adoptedByCounties = 0;
  await Promise.all(
    nodes
      .filter((n) => n.tier === 'county')
      .map(async (county) => {
        for (const township of nodes.filter((n) => n.parent === county.code)) {
          const queue = await waitForQueue(
            api,
            county.code,
            token(county.code, 'editor'),
            (q) => q.filter((i) => i.from === township.code).length >= ITEMS_PER_TIER.township,
          );
          for (const item of queue.filter((i) => i.from === township.code).slice(0, 2)) {
            await adopt(api, county.code, token(county.code, 'editor'), item.id);
            adoptedByCounties++;
          }
        }
      }),
  );

  say('市级编辑采用县区报送的稿件……');
  let adoptedByCity = 0;
  const city = nodes.find((n) => n.tier === 'city')!;
  for (const county of nodes.filter((n) => n.tier === 'county')) {
    const hasTownships = nodes.some((n) => n.parent === county.code);
    const expected = ITEMS_PER_TIER.county + (hasTownships ? 2 * nodes.filter((n) => n.parent === county.code).length : 0);
    const queue = await waitForQueue(
      api,
      city.code,
      token(city.code, 'editor'),
      (q) => q.filter((i) => i.from === county.code).length >= expected,
    );
    const fromCounty = queue.filter((i) => i.from === county.code);
    const own = fromCounty.find((i) => i.origin?.node === county.code);
    const relayed = fromCounty.find((i) => i.origin?.node !== county.code);
    for (const item of [own, relayed]) {
      if (!item) continue;
      await adopt(api, city.code, token(city.code, 'editor'), item.id);
      adoptedByCity++;
    }
  }

  say('市级发布通知、专题和征稿启事……');
  const cityAdmin = token(city.code, 'admin');
  const year = new Date(target.now.getTime() + 8 * 3600_000).getUTCFullYear();
  await api.request(
    `mutation($title: String!, $body: String!) { ${city.code} { publishNotice(title: $title, body: $body) { id } } }`,
    {
      title: `关于做好${year}年度党建信息报送工作的通知`,
      body:
        '<p>各县（市、区）委组织部，各乡镇党委：</p><p>为进一步做好党建信息报送工作，请各级信息员按照每月至少报送三条信息的要求，' +
        '及时报送工作动态、经验做法和典型事迹。稿件须经本单位信息安全质量审核后报送。</p><p>市委组织部</p>',
    },
    cityAdmin,
  );
  await api.request(
    `mutation($input: TopicInput!) { ${city.code} { readers { createTopic(input: $input) { slug } } } }`,
    {
      input: {
        slug: 'xiangcun-zhenxing',
        title: '党建引领乡村振兴',
        description: '集中展示全市各县区、乡镇以党建引领乡村振兴的新做法、新经验。',
        startsAt: dateOf(target.now),
        rule: { tags: [DEMO_TOPIC_TAG] },
      },
    },
    cityAdmin,
  );
  await api.request(
    `mutation($input: NewspaperCallInput!) { ${city.code} { newspaper { publishCall(input: $input) { id } } } }`,
    {
      input: {
        theme: '身边的优秀共产党员',
        sections: ['基层风采', '党员故事'],
        deadline: dateOf(new Date(target.now.getTime() + 30 * 86_400_000)),
        minWords: 800,
        maxWords: 2000,
        body: '<p>《桂中日报·村党员版》面向全市征集反映基层党员先进事迹的稿件，欢迎广大通讯员踊跃投稿。</p>',
      },
    },
    cityAdmin,
  );

  say('读者留言评论……');
  const commented = [
    city,
    ...nodes.filter((n) => n.tier === 'county').slice(0, 1),
    ...nodes.filter((n) => n.tier === 'township').slice(0, 1),
  ];
  const comments = ['这篇信息写得很实在，为基层党建工作点赞！', '希望多报道这样的好做法，值得我们村学习。', '内容详实，期待后续报道。'];
  for (const [i, node] of commented.entries()) {
    const { url } = target.nodes.get(node.code)!;
    const latest = await api.request<{ network: Record<string, { articles: { nodes: { id: string }[] } }> }>(
      `{ network { ${node.code} { articles(first: 1) { nodes { id } } } } }`,
    );
    const article = latest.network[node.code]?.articles.nodes[0];
    if (!article) continue;
    await postComment(url, article.id.split(':')[1]!, '热心读者', comments[i % comments.length]!);
    const queue = await api.request<{ network: Record<string, { readers: { commentQueue: { id: string }[] } }> }>(
      `{ network { ${node.code} { readers { commentQueue { id } } } } }`,
      undefined,
      token(node.code, 'editor'),
    );
    for (const c of queue.network[node.code]!.readers.commentQueue) {
      await api.request(
        `mutation($id: ID!) { ${node.code} { readers { moderateComment(id: $id, decision: APPROVE) { id } } } }`,
        { id: c.id },
        token(node.code, 'editor'),
      );
    }
  }
  return { accounts, published, adoptedByCounties, adoptedByCity };
}

function dateOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

async function login(api: GraphqlClient, code: string, account: DemoAccount): Promise<string> {
  const data = await api.request<Record<string, { login: { token: string } }>>(
    `mutation($u: String!, $p: String!) { ${code} { login(username: $u, password: $p) { token } } }`,
    { u: account.username, p: account.password },
  );
  return data[code]!.login.token;
}

async function createAccount(
  api: GraphqlClient,
  code: string,
  adminToken: string,
  account: DemoAccount,
  reviewLevel: number,
): Promise<string> {
  const data = await api.request<Record<string, { createAccount: { id: string } }>>(
    `mutation($input: AccountInput!) { ${code} { createAccount(input: $input) { id } } }`,
    {
      input: { username: account.username, name: account.name, password: account.password, role: account.role.toUpperCase(), reviewLevel },
    },
    adminToken,
  );
  return data[code]!.createAccount.id;
}

/** An officer writes and reports the item; the editor signs the first level, the admin any further level. */
async function writeAndPublish(
  api: GraphqlClient,
  node: NetworkNode,
  item: ReturnType<typeof demoItems>[number],
  tokens: { officer: string; editor: string; admin: string },
): Promise<void> {
  const m = (field: string, args: string) => `mutation($id: ID!) { ${node.code} { ${field}(${args}) { id status } } }`;
  const draft = await api.request<Record<string, { createArticle: { id: string } }>>(
    `mutation($input: ArticleInput!) { ${node.code} { createArticle(input: $input) { id } } }`,
    { input: { title: item.title, channel: item.channel, summary: item.summary, body: item.body, tags: item.tags } },
    tokens.officer,
  );
  const id = draft[node.code]!.createArticle.id;
  await api.request(m('submitArticle', 'id: $id'), { id }, tokens.officer);
  await api.request(m('startReview', 'id: $id'), { id }, tokens.editor);
  let status = (
    await api.request<Record<string, { approveArticle: { status: string } }>>(m('approveArticle', 'id: $id'), { id }, tokens.editor)
  )[node.code]!.approveArticle.status;
  for (let level = 2; status !== 'PUBLISHED' && level <= 3; level++) {
    status = (
      await api.request<Record<string, { approveArticle: { status: string } }>>(m('approveArticle', 'id: $id'), { id }, tokens.admin)
    )[node.code]!.approveArticle.status;
  }
  if (status !== 'PUBLISHED') throw new Error(`演示稿件未能发布：${item.title}（${status}）`);
}

interface QueueItem {
  id: string;
  from: string;
  origin: { node: string } | null;
}

/** Waits (up to a minute) until the node's adoption queue satisfies `ready`; syndication is asynchronous. */
async function waitForQueue(api: GraphqlClient, code: string, token: string, ready: (queue: QueueItem[]) => boolean): Promise<QueueItem[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const data = await api.request<{ network: Record<string, { adoptionQueue: QueueItem[] }> }>(
      `{ network { ${code} { adoptionQueue(first: 200) { id from origin { node } } } } }`,
      undefined,
      token,
    );
    const queue = data.network[code]?.adoptionQueue ?? [];
    if (ready(queue)) return queue;
    if (Date.now() > deadline) throw new Error(`节点 ${code} 的待采用稿件在一分钟内未到齐（现有 ${queue.length} 篇）`);
    await sleep(300);
  }
}

/** Waits (up to a minute) until the node holds the shared channels (it fetches the city's tree after it starts). */
async function waitForChannels(api: GraphqlClient, code: string, slugs: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const data = await api.request<{ network: Record<string, { channels: { slug: string }[] } | null> }>(
      `{ network { ${code} { channels { slug } } } }`,
    );
    const held = new Set(data.network[code]?.channels.map((c) => c.slug));
    if (slugs.every((s) => held.has(s))) return;
    if (Date.now() > deadline) throw new Error(`节点 ${code} 在一分钟内未同步到统一栏目树`);
    await sleep(300);
  }
}

async function adopt(api: GraphqlClient, code: string, token: string, id: string): Promise<void> {
  await api.request(`mutation($id: ID!) { ${code} { adoptItem(id: $id) { id } } }`, { id }, token);
}

/** A reader's comment through the public form, with the form's proof of work solved as its script would. */
async function postComment(nodeUrl: string, articleId: string, nickname: string, body: string): Promise<void> {
  const formUrl = `${nodeUrl}/articles/${articleId}/comment`;
  const page = await fetch(formUrl);
  const token = /name="pow_token" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error(`评论表单没有验证题：${formUrl}`);
  const response = await fetch(formUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ nickname, body, pow_token: token, pow_work: solveChallenge(token, POW_DIFFICULTY) }),
  });
  if (response.status !== 303) throw new Error(`评论未被接受：${formUrl} 返回 HTTP ${response.status}`);
}

/** The demo's account table as printed at start and written to data/demo-accounts.txt. */
export function accountTable(accounts: readonly DemoAccount[]): string {
  const header = ['节点', '后台地址', '角色', '用户名', '密码'];
  const rows = accounts.map((a) => [`${a.nodeName}`, a.consoleUrl, ROLE_LABEL[a.role], a.username, a.password]);
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
