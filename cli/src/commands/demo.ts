import { createLogger, defaultDataDir, mongodbUriFromEnvironment, TIER_NAMES } from '@djnet/shared';
import { launchNetwork } from '../network/launchNetwork';
import { readNetworkFile } from '../network/readNetworkFile';
import { waitForMembers } from '../network/waitForMembers';

/** `djnet demo <network.json>`: runs a whole network on this machine until Ctrl-C. */
export async function runDemo(networkPath: string, dataDir: string = defaultDataDir()): Promise<void> {
  const network = readNetworkFile(networkPath);
  const log = createLogger({ component: 'launcher' }, 'warn');
  const started = Date.now();
  process.stdout.write(`正在启动 ${network.name}（${network.nodes.length} 个节点 + 网关）……\n`);
  const net = await launchNetwork({ network, dataDir, mongodbUri: mongodbUriFromEnvironment(), log, gatewayPollSeconds: 5 });

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\n正在停止所有节点……\n');
    void net.stop().then(() => {
      process.stdout.write('已全部停止。\n');
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
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const rows = network.nodes.map((n) => `  http://${network.host}:${n.port}  ${n.code.padEnd(20)} ${n.name}（${TIER_NAMES[n.tier]}）`);
  process.stdout.write(
    [
      `网群已就绪（${seconds} 秒）。`,
      `网关（GraphQL）：${net.gatewayUrl}/graphql`,
      '节点：',
      ...rows,
      `日志：${net.logDir}`,
      '',
      '试一试：',
      `  curl -s ${net.gatewayUrl}/graphql -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ network { laibin { name tier children } xingbin { name parent } } }"}'`,
      '',
      '按 Ctrl-C 停止全部节点。',
      '',
    ].join('\n'),
  );
}
