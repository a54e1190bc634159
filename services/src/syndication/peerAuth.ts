import { isValidNodeCode, unauthenticated } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import { KeyLookupFailed } from '../network/networkView';

/** How far a request's timestamp may be from this node's clock. */
const MAX_SKEW_MS = 5 * 60_000;
const SCHEME = 'DJNode';

const signingBytes = (from: string, to: string, purpose: string, ts: number) =>
  Buffer.from(`djnet-peer-request:v1\n${from}\n${to}\n${purpose}\n${ts}`, 'utf8');

/**
 * The Authorization header a node sends to a peer (reading a stream, poking): its code, the time, and an Ed25519
 * signature by its active key over both codes, the purpose and the time. Short-lived; nothing to store or revoke.
 */
export function peerAuthorization(node: NodeContext, to: string, purpose: string): string {
  const ts = Date.now();
  const { keyId, signature } = node.keyring.sign(signingBytes(node.config.code, to, purpose, ts));
  return `${SCHEME} node=${node.config.code},ts=${ts},key=${keyId},sig=${signature}`;
}

/**
 * Checks a peer's Authorization header against the keys the city directory publishes for it. Returns the peer's
 * code; UNAUTHENTICATED for a missing, stale or forged header. Throws KeyLookupFailed (→ 503) when the keys
 * cannot be read now.
 */
export async function verifyPeerAuthorization(node: NodeContext, header: string | undefined, purpose: string): Promise<string> {
  const match = new RegExp(`^${SCHEME} node=([a-z][a-z0-9_]*),ts=(\\d{1,16}),key=([0-9a-f]{16}),sig=([A-Za-z0-9_-]{86})$`).exec(
    header ?? '',
  );
  if (!match) throw unauthenticated('缺少或无效的节点签名凭证');
  const [, from, tsText, keyId, signature] = match as unknown as [string, string, string, string, string];
  if (!isValidNodeCode(from)) throw unauthenticated('节点代码无效');
  const ts = Number(tsText);
  if (Math.abs(Date.now() - ts) > MAX_SKEW_MS) throw unauthenticated('节点签名凭证已过期（请检查时钟）');
  const ok = await node.network.verifyFrom(from, keyId, signingBytes(from, node.config.code, purpose, ts), signature);
  if (!ok) throw unauthenticated(`节点 ${from} 的签名无效`);
  return from;
}

export { KeyLookupFailed };
