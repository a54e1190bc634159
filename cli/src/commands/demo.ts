import { join } from 'node:path';
import { createLogger, defaultDataDir, mongodbUriFromEnvironment, TIER_NAMES } from '@djnet/shared';
import { accountTable, seedDemo } from '../demo/seedDemo';
import { ACCOUNTS_TXT, clearDemoData, markSeed, readDemoAccounts, seedState, writeDemoAccounts, writeDemoState } from '../demo/demoState';
import { launchNetwork } from '../network/launchNetwork';
import { readNetworkFile } from '../network/readNetworkFile';
import { waitForMembers } from '../network/waitForMembers';

export interface DemoOptions {
  dataDir?: string;
  /** Start over: remove what the demo wrote in its data folder (databases, logs, accounts) first. */
  fresh?: boolean;
  /** Start the network without seeding it (no accounts, no content), as a production node starts. */
  seed?: boolean;
}

/**
 * `djnet demo <network.json>`: runs a whole network on this machine until Ctrl-C. On the first start (and after
 * `--fresh`) it seeds the network through its own APIs (seedDemo.ts) and prints the accounts it made; later starts
 * keep the data and print the same accounts again.
 */
export async function runDemo(networkPath: string, options: DemoOptions = {}): Promise<void> {
  const network = readNetworkFile(networkPath);
  const dataDir = options.dataDir ?? defaultDataDir();
  const log = createLogger({ component: 'launcher' }, 'warn');
  const started = Date.now();
  const out = (line: string) => process.stdout.write(`${line}\n`);

  let state = seedState(dataDir);
  if (options.fresh && state !== 'empty') {
    out(`--fresh：清除 ${dataDir} 中的演示数据，重新开始。`);
    clearDemoData(dataDir);
  } else if (state === 'interrupted') {
    out('上次启动时演示数据未初始化完成，清除后重新开始。');
    clearDemoData(dataDir);
  }
  const reset = options.fresh === true || state === 'interrupted';
  state = seedState(dataDir);
  const seeding = options.seed !== false && state === 'empty';
  if (seeding) markSeed(dataDir, 'started');

  out(`正在启动 ${network.name}（${network.nodes.length} 个节点 + 网关）……`);
  const net = await launchNetwork({
    network,
    dataDir,
    mongodbUri: mongodbUriFromEnvironment(),
    log,
    gatewayPollSeconds: 5,
    resetDatabases: reset && seeding,
  });

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    out('\n正在停止所有节点……');
    void net.stop().then(() => {
      out('已全部停止。');
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  await waitForMembers(
    net.gatewayUrl,
    network.nodes.map((n) => n.code),
    60_000,
  );
  writeDemoState(dataDir, {
    startedAt: new Date().toISOString(),
    databaseUri: net.databaseUri,
    gatewayUrl: net.gatewayUrl,
    nodes: Object.fromEntries([...net.nodes].map(([code, n]) => [code, { url: n.url, env: n.env }])),
  });

  if (seeding) {
    out('首次启动：写入演示内容（经网关和各节点的接口，约半分钟）……');
    const result = await seedDemo({
      network,
      gatewayUrl: net.gatewayUrl,
      databaseUri: net.databaseUri,
      nodes: new Map([...net.nodes].map(([code, n]) => [code, { url: n.url, databaseName: n.databaseName }])),
      now: new Date(),
      progress: (line) => out(`  ${line}`),
      accountsMade: (accounts) => writeDemoAccounts(dataDir, accounts, accountTable(accounts)),
    });
    markSeed(dataDir, 'done', {
      published: result.published,
      adoptedByCounties: result.adoptedByCounties,
      adoptedByCity: result.adoptedByCity,
    });
    out(
      `  已发布 ${result.published} 篇，县区采用 ${result.adoptedByCounties} 篇，市级采用 ${result.adoptedByCity} 篇；通知、专题、征稿启事、读者评论各已就绪。`,
    );
  } else if (state === 'foreign' && options.seed !== false) {
    out(`${dataDir} 中已有不是演示初始化写入的数据：保留原样，不写演示内容（npm start -- --fresh 可清除后重新开始）。`);
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const rows = network.nodes.map((n) => `  http://${network.host}:${n.port}  ${n.code.padEnd(20)} ${n.name}（${TIER_NAMES[n.tier]}）`);
  const accounts = readDemoAccounts(dataDir);
  out(
    [
      `网群已就绪（${seconds} 秒）。`,
      `网关（GraphQL）：${net.gatewayUrl}/graphql`,
      `门户：http://${network.host}:${network.nodes.find((n) => n.tier === 'city')!.port}/`,
      '节点：',
      ...rows,
      `日志：${net.logDir}`,
      ...(accounts
        ? ['', `演示账号（在各节点的 /admin 登录；也写在 ${join(dataDir, ACCOUNTS_TXT)}）：`, accountTable(accounts)]
        : ['', '没有演示账号：用 npx djnet admin create --node <节点代码> --username … --name … 创建管理员。']),
      '',
      '试一试：',
      `  curl -s ${net.gatewayUrl}/graphql -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ network { laibin { articles(first: 5) { nodes { title origin { node tier } } } } } }"}'`,
      '',
      '按 Ctrl-C 停止全部节点。',
      '',
    ].join('\n'),
  );
}
