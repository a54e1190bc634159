import { parse, print } from 'graphql';
import { servableSchemaLevels, type NodeConfig } from '@djnet/shared';
import { nodeTypeDefs } from '../graphql/nodeTypeDefs';
import type { NodeKeyring } from '../keys/nodeKeyring';
import type { RegistrationPayload } from './registerWithCity';

/**
 * What a node tells the city directory about itself: its place, URL, the schema level it announces with its SDL
 * for every level up to it, and its public keys. Used by the running node (start-up, heartbeat, key rotation)
 * and by `djnet node register`.
 */
export function registrationPayload(
  node: { config: NodeConfig; keyring: Pick<NodeKeyring, 'publishedKeys'> },
  url: string,
): RegistrationPayload {
  const { config } = node;
  const sdlByLevel: Record<string, string> = {};
  for (const level of servableSchemaLevels(config.schemaLevel)) {
    sdlByLevel[String(level)] = print(parse(nodeTypeDefs(config.code, level, config.tier === 'city')));
  }
  return {
    code: config.code,
    name: config.name,
    tier: config.tier,
    parent: config.parent,
    url,
    schemaLevel: config.schemaLevel,
    sdlByLevel,
    publicKeys: node.keyring.publishedKeys(),
  };
}
