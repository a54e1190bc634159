import type { ListedPartnerKey } from '@djnet/shared';

/** Who is calling the gateway, decided before anything runs. */
export type Caller =
  /** A partner with a valid API key (`X-Api-Key`). */
  | { kind: 'partner'; key: ListedPartnerKey }
  /** No key, but an `Authorization` header: staff of some node (the node checks the token; the gateway cannot). */
  | { kind: 'staff'; ip: string }
  /** Neither. */
  | { kind: 'anonymous'; ip: string };

/** A short label for logs and metrics (partner id, never the key). */
export function callerLabel(caller: Caller | undefined): string {
  if (!caller) return 'unknown';
  return caller.kind === 'partner' ? `partner:${caller.key.id}` : caller.kind;
}
