import { createLogger, nodeConfigFromEnvironment, openNodeDatabase, startDatabaseServer, TIERS, type Tier } from '@djnet/shared';
import { directoryModels, issueRegistrationGrant } from '@djnet/services';
import { join } from 'node:path';

/**
 * `djnet token issue`: run on the city's server with the city's config (DJNET_CONFIG or DJNET_* variables).
 * Grants a node its place in the tree and prints its registration token once.
 */
export async function runTokenIssue(opts: { code: string; tier: string; parent: string; name?: string }): Promise<void> {
  const config = nodeConfigFromEnvironment();
  if (config.tier !== 'city') throw new Error('只能在市级节点上签发注册令牌（当前配置不是 city）');
  if (!TIERS.includes(opts.tier as Tier)) throw new Error(`层级须为 ${TIERS.join(' | ')} 之一`);
  const log = createLogger({ component: 'cli' }, 'warn');
  const db = await startDatabaseServer({ mongodbUri: config.mongodbUri, dataDir: join(config.dataDir, 'ferretdb'), log });
  const connection = await openNodeDatabase(db.uri, config.databaseName);
  try {
    const token = await issueRegistrationGrant(directoryModels(connection), config.code, {
      code: opts.code,
      tier: opts.tier as Tier,
      parent: opts.parent,
      name: opts.name ?? null,
    });
    process.stdout.write(`${token}\n`);
  } finally {
    await connection.close();
    await db.stop();
  }
}
