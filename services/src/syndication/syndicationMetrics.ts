import { Counter, Gauge, Registry } from 'prom-client';
import type { Syndication } from './syndication';
import { STREAMS } from './syndicationTypes';

/**
 * The node's Prometheus metrics for syndication (`GET /metrics`), read from the running syndication when scraped:
 * events relayed, applied, ignored and rejected per stream, pull failures, media fetched, the outbox heads, and per
 * edge the cursor, the lag (events and seconds) and consecutive failures.
 */
export function syndicationMetrics(syndication: Syndication, registry = new Registry()): Registry {
  const { counters, relay } = syndication;
  const perStream = (name: string, help: string, read: (stream: (typeof STREAMS)[number]) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['stream'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const stream of STREAMS) this.inc({ stream }, read(stream));
      },
    });
  perStream(
    'djnet_syndication_events_relayed_total',
    'Events moved from pending to the outbox by this process, per stream',
    (s) => relay.relayed[s],
  );
  perStream(
    'djnet_syndication_events_applied_total',
    'Received events that changed something here, per stream',
    (s) => counters.applied[s],
  );
  perStream(
    'djnet_syndication_events_ignored_total',
    'Received events already applied, older, or not for this node, per stream',
    (s) => counters.ignored[s],
  );
  perStream(
    'djnet_syndication_events_rejected_total',
    'Received events rejected (bad signature, tampered, malformed), per stream',
    (s) => counters.rejected[s],
  );
  const single = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  single(
    'djnet_syndication_pull_failures_total',
    'Failed pulls of an edge (peer down, database error, keys unreadable)',
    () => counters.pullFailures,
  );
  single('djnet_syndication_media_fetched_total', 'Pictures and attachments of received items fetched', () => counters.mediaFetched);
  single(
    'djnet_syndication_media_failures_total',
    'Failed attempts to fetch media of received items (retried)',
    () => counters.mediaFailures,
  );
  new Gauge({
    name: 'djnet_syndication_outbox_head',
    help: 'Last visible sequence of each outbox stream',
    labelNames: ['stream'] as const,
    registers: [registry],
    collect() {
      for (const stream of STREAMS) this.set({ stream }, relay.head(stream));
    },
  });
  const perEdge = (name: string, help: string, read: (e: ReturnType<Syndication['edgeList']>[number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['peer', 'stream'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const edge of syndication.edgeList()) this.set({ peer: edge.peer, stream: edge.stream }, read(edge));
      },
    });
  perEdge('djnet_syndication_edge_cursor', 'Last sequence applied from the peer', (e) => e.state.cursor);
  perEdge('djnet_syndication_edge_lag_events', 'Events the peer has that are not applied yet (as of the last read)', (e) =>
    Math.max(0, e.state.head - e.state.cursor),
  );
  perEdge('djnet_syndication_edge_lag_seconds', 'How long the edge has been behind (0 when caught up)', (e) =>
    e.state.behindSince ? Math.max(0, (Date.now() - new Date(e.state.behindSince).getTime()) / 1000) : 0,
  );
  perEdge('djnet_syndication_edge_failures', 'Consecutive failed pulls of the edge', (e) => e.state.failures);
  return registry;
}
