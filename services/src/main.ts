import { ConfigError, createLogger, EmbeddedDatabaseUnavailable, nodeConfigFromEnvironment } from '@djnet/shared';
import { startNode, type RunningNode } from './node/startNode';
import { RegistrationRefused } from './registration/registerWithCity';

/** Entry point of one node service process: config from the environment, then run until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = nodeConfigFromEnvironment();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger({ node: config.code, component: 'node' }, config.logLevel);
  let node: RunningNode | undefined;
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, '正在停止节点');
    setTimeout(() => process.exit(1), 10_000).unref();
    void (node ? node.stop() : Promise.resolve()).then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Started by the launcher (npm start, tests): stop when the launcher goes away, however it ended.
  if (process.send) process.on('disconnect', () => shutdown('launcher-exit'));

  try {
    node = await startNode(config, log);
    if (stopping) await node.stop();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof RegistrationRefused || e instanceof EmbeddedDatabaseUnavailable) {
      log.fatal(e.message);
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    log.fatal({ err: e }, '节点启动失败');
    process.exit(1);
  }
}

void main();
