import type { NodeKeyring } from '../keys/nodeKeyring';
import type { NetworkView } from '../network/networkView';
import { canonicalJson } from './canonicalJson';
import type { SyndicationEvent, UnsignedEvent } from './syndicationTypes';

const DOMAIN = 'djnet-syndication-event:v1\n';

/** The bytes an event's signature covers: everything but the signature, canonical JSON, with a domain prefix. */
export function eventSigningBytes(event: UnsignedEvent & { keyId: string }): Buffer {
  const { seq, stream, kind, key, itemId, version, origin, to, createdAt, payload, keyId } = event;
  return Buffer.from(DOMAIN + canonicalJson({ seq, stream, kind, key, itemId, version, origin, to, createdAt, payload, keyId }), 'utf8');
}

/** Signs an event with the node's active key. */
export function signEvent(keyring: NodeKeyring, event: UnsignedEvent): SyndicationEvent {
  const keyId = keyring.activeKeyId();
  const { signature } = keyring.sign(eventSigningBytes({ ...event, keyId }));
  return { ...event, keyId, signature };
}

/**
 * Checks an event read from `peer`: it must say it comes from the peer, and carry a valid signature by one of
 * the peer's keys as the city directory publishes them (older, rotated keys included). Rejects with
 * KeyLookupFailed when the keys cannot be read now (retry later; not a forgery).
 */
export async function verifyEvent(network: NetworkView, peer: string, event: SyndicationEvent): Promise<boolean> {
  if (event.origin !== peer) return false;
  return network.verifyFrom(peer, event.keyId, eventSigningBytes(event), event.signature);
}
