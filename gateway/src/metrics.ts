import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Operation names come from clients: at most this many distinct ones get their own label, the rest are "other". */
const MAX_OPERATION_LABELS = 200;

/**
 * The gateway's Prometheus metrics (`GET /metrics`), in a registry of its own: requests and latency per operation,
 * latency and outcome per node (subgraph), errors by code, refusals by reason, response-cache results,
 * composition events, membership, and the process's own metrics.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  readonly requests = new Counter({
    name: 'djnet_gateway_requests_total',
    help: 'GraphQL requests by operation, caller kind and outcome (ok, error, refused)',
    labelNames: ['operation', 'caller', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'djnet_gateway_request_duration_seconds',
    help: 'GraphQL request latency at the gateway, by operation',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly subgraphDuration = new Histogram({
    name: 'djnet_gateway_subgraph_request_duration_seconds',
    help: 'Latency of the gateway’s requests to each node, by outcome (ok, http_error, timeout, unreachable)',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'djnet_gateway_errors_total',
    help: 'GraphQL errors in responses, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'djnet_gateway_refusals_total',
    help: 'Requests refused before running: unknown or revoked key, anonymous refused, origin, rate limit, allow-list, depth, cost',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly responseCache = new Counter({
    name: 'djnet_gateway_response_cache_total',
    help: 'Response cache lookups and stores (hit, miss, store) and invalidations (invalidated)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly compositions = new Counter({
    name: 'djnet_gateway_compositions_total',
    help: 'Supergraph compositions by outcome (ok, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly compositionDuration = new Histogram({
    name: 'djnet_gateway_composition_duration_seconds',
    help: 'Time to compose the supergraph (in a worker thread)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly members = new Gauge({
    name: 'djnet_gateway_supergraph_members',
    help: 'Nodes in the current supergraph',
    registers: [this.registry],
  });
  readonly excluded = new Gauge({
    name: 'djnet_gateway_excluded_nodes',
    help: 'Nodes left out of the supergraph (schema level too old, SDL does not compose)',
    registers: [this.registry],
  });
  readonly partnerKeys = new Gauge({
    name: 'djnet_gateway_partner_keys',
    help: 'Active partner keys known to the gateway',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'djnet_gateway_' });
  }

  private readonly subgraphChildren = new Map<string, { observe(value: number): void }>();

  /** One request to a node (called for every subgraph fetch: the labelled child is looked up once per pair). */
  observeSubgraph(subgraph: string, outcome: string, seconds: number): void {
    const key = `${subgraph}\u0000${outcome}`;
    let child = this.subgraphChildren.get(key);
    if (!child) this.subgraphChildren.set(key, (child = this.subgraphDuration.labels({ subgraph, outcome })));
    child.observe(seconds);
  }

  /** A bounded label for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_LABELS || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
