import type { KnownInbound } from '../inbound/inboundItems';
import type { SyndicationRuntime } from '../syndicationRuntime';
import type { Stream, SyndicationEvent } from '../syndicationTypes';

/** What applying an event did: changed something, found it already applied (or older), or not for this node. */
export type ApplyOutcome = 'applied' | 'unchanged' | 'ignored';

/** Where an event came from: the peer whose outbox it was read from, and which stream. */
export interface EdgeRef {
  peer: string;
  stream: Stream;
  /** The inbound items the page refers to, read once for the page (see KnownInbound). */
  known?: KnownInbound;
}

/**
 * One kind of event arriving from another node (one module per kind, like Mastodon's activity handlers). Every
 * handler is idempotent and order-tolerant: the same event twice changes nothing, an older version never
 * overwrites a newer one.
 */
export interface EventHandler {
  /** The stream the kind travels on; the same kind on the other stream is rejected. */
  stream: Stream;
  apply(rt: SyndicationRuntime, edge: EdgeRef, event: SyndicationEvent): Promise<ApplyOutcome>;
}

/** Thrown by a handler for an event that can never apply (malformed payload, wrong sender): it is skipped and logged. */
export class EventRejected extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'EventRejected';
  }
}

const handlers = new Map<string, EventHandler>();

/** The extension point: a new kind (e.g. newspaper calls 征稿) registers its handler here. */
export function registerHandler(kind: string, handler: EventHandler): void {
  handlers.set(kind, handler);
}

export function handlerFor(kind: string): EventHandler | undefined {
  return handlers.get(kind);
}

/** Parses a payload with a schema, rejecting the event when it does not fit. */
export function parsePayload<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  event: SyndicationEvent,
): T {
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EventRejected(`事件内容格式错误（${event.kind}）：${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

/** An item id sent on a child's up stream must be one of the child's own ids. */
export function requireOwnItem(edge: EdgeRef, event: SyndicationEvent): string {
  const id = event.itemId ?? '';
  if (!id.startsWith(`${edge.peer}:`)) throw new EventRejected(`稿件 ID ${id} 不属于发送节点 ${edge.peer}`);
  return id;
}
