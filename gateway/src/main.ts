import { ConfigError, createLogger, gatewayConfigFromEnvironment } from '@djnet/shared';
import { startGateway } from './startGateway';

async function main(): Promise<void> {
  let config;
  try {
    config = gatewayConfigFromEnvironment();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger({ component: 'gateway' }, config.logLevel);
  try {
    const gateway = await startGateway(config, log);
    const shutdown = () => void gateway.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    if (process.send) process.on('disconnect', shutdown);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
}

void main();
