import { openNodeDatabase, type Tier } from '../../shared/src';
import { directoryModels, issueRegistrationGrant } from '../../services/src';
import type { LaunchedNetwork } from '../../cli/src/network/launchNetwork';

/** Acts as the city admin of a test network: grants a new node its place and returns the token. */
export async function issueTokenForTest(net: LaunchedNetwork, grant: { code: string; tier: Tier; parent: string }): Promise<string> {
  const city = [...net.nodes.values()].find((n) => n.node.tier === 'city')!;
  const connection = await openNodeDatabase(net.databaseUri, city.databaseName);
  try {
    return await issueRegistrationGrant(directoryModels(connection), city.node.code, grant);
  } finally {
    await connection.close();
  }
}
