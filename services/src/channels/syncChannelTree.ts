import type { NodeContext } from '../node/nodeContext';

/** City: seeds the shared tree from the default tree. Other nodes: fetch the shared tree from the city. (helper-owned: channels) */
export async function syncChannelTree(_node: NodeContext): Promise<void> {
  return;
}
