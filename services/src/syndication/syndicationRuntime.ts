import type { Actor } from '../accounts/actor';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import type { RelayItem, SourceRef } from './relay';
import type { SyndicationModels } from './syndicationModels';
import type { MediaRef, PendingEvent, Stream } from './syndicationTypes';

/** Counters since the process started (GraphQL Site.syndication; Prometheus once the node has /metrics). */
export interface SyndicationCounters {
  applied: Record<Stream, number>;
  ignored: Record<Stream, number>;
  rejected: Record<Stream, number>;
  pullFailures: number;
  mediaFetched: number;
  mediaFailures: number;
}

/**
 * What the syndication commands and event handlers need of the running node's syndication: its models, the
 * relay (to move newly pending events), the media fetcher and the edge policies.
 */
export interface SyndicationRuntime {
  node: NodeContext;
  models: SyndicationModels;
  /** A document got pending events: have the relay move them to the outbox. */
  relayPoke(source: SourceRef): void;
  /** Relays an event an edge derived from what it received, now (see Relay.relayNow). */
  relayNow(event: PendingEvent, source: SourceRef, doc: Record<string, unknown>): Promise<number | null>;
  /** Relays several derived events together, in order (see Relay.relayMany). */
  relayMany(items: RelayItem[]): Promise<void>;
  /** Media of a received item that this node does not hold yet: fetch them in the background. */
  fetchMedia(refs: readonly MediaRef[]): Promise<void>;
  /** Whether items from this child are adopted without an editor. */
  autoAdopt(child: string): Promise<boolean>;
  /** The city's shared channel tree or word list may have changed: compare and send it down. */
  sharedStateChanged(): void;
  /** The filter of a compare-and-set update of a syndication document (see Syndication). */
  casFilter(id: string, revision: number): Record<string, unknown>;
  counters: SyndicationCounters;
  /**
   * Ids of the inbound items this node holds (read once at start, added to on every insert), so a page of new
   * items needs no database read to know they are new — on FerretDB any read but an equality match parses the
   * whole collection. A hint only: if it is stale, the insert fails as a duplicate and the update path runs.
   */
  inboundIds?: Set<string>;
  /**
   * Items an automatic adoption had to leave for an editor (a channel this node does not have yet — e.g. items that
   * arrived before the shared channel tree at start-up — or a sensitive-word hit): tried again on the schedule, and
   * dropped from here once adopted or decided.
   */
  heldForEditor?: Set<string>;
}

const runtimes = new WeakMap<object, SyndicationRuntime>();

/** The syndication of a running node (undefined where it is not started, e.g. module tests without it). */
export function syndicationOf(node: object): SyndicationRuntime | undefined {
  return runtimes.get(node);
}

export function attachSyndication(node: NodeContext, runtime: SyndicationRuntime | undefined): void {
  if (runtime) runtimes.set(node, runtime);
  else runtimes.delete(node);
}

/** Like syndicationOf, for commands that cannot work without it. */
export function requireSyndication(node: NodeContext): SyndicationRuntime {
  const runtime = runtimes.get(node);
  if (!runtime) throw new Error(`节点 ${node.config.code} 的网群同步未启动`);
  return runtime;
}

/** The actor of writes syndication makes on its own (auto-adoption, origin updates, retractions, reports). */
export function syndicationActor(node: NodeContext): Actor {
  return { accountId: 'syndication', username: 'syndication', name: '网群同步', role: 'admin', node: node.config.code, reviewLevel: 3 };
}

export function systemContext(node: NodeContext): RequestContext {
  return { node, actor: syndicationActor(node) };
}
