// Prometheus metrics of one gateway instance (its own registry, so several instances can live in
// one process): HTTP requests by route and status, gRPC requests by method and status code, append
// counts and bytes, forwards, recoveries.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServiceEvent } from './service-context.js';
import type { QuorumClientMetrics } from '../clients/quorum/index.js';
import { BucketHistogram, registerBucketHistogram } from '../common/bucket-histogram.js';

/**
 * The quorum client's add latencies as Prometheus histograms in `registry` (BookKeeperClientStats'
 * names; successes only: a failed request's time is no round trip). Also used by the bench.
 */
export class ClientLatencyMetrics {
  /** One add request to one bookie, all bookies together. */
  readonly bookieAddEntry: BucketHistogram;
  /** append() to completed (ack quorum, entry order). */
  readonly addEntry: BucketHistogram;

  constructor(registry: Registry) {
    const ok = { success: 'true' };
    this.bookieAddEntry = registerBucketHistogram(registry, new BucketHistogram('per_channel_bookie_client_ADD_ENTRY', 'quorum client: one add request to one bookie, written to answered (seconds)', undefined, ok));
    this.addEntry = registerBucketHistogram(registry, new BucketHistogram('bookkeeper_client_ADD_ENTRY', 'quorum client: append() to completed, ack quorum reached and earlier entries completed (seconds)', undefined, ok));
  }

  /** The sink handed to createBookKeeperClient({ metrics }). */
  sink(): QuorumClientMetrics {
    return {
      bookieAddEntry: (s, ok) => {
        if (ok) this.bookieAddEntry.observe(s);
      },
      addEntry: (s, ok) => {
        if (ok) this.addEntry.observe(s);
      },
    };
  }
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'quire_gateway_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'quire_gateway_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30],
    registers: [this.registry],
  });
  readonly grpcRequests = new Counter({ name: 'quire_gateway_grpc_requests_total', help: 'gRPC calls by method and final status code (streams count when they end)', labelNames: ['method', 'code'] as const, registers: [this.registry] });
  readonly grpcLatency = new Histogram({
    name: 'quire_gateway_grpc_request_duration_seconds',
    help: 'gRPC call duration by method and final status code (streams: until they end)',
    labelNames: ['method', 'code'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30, 120, 600],
    registers: [this.registry],
  });
  readonly appendedEntries = new Counter({ name: 'quire_gateway_appended_entries_total', help: 'entries appended (acknowledged) by this instance', registers: [this.registry] });
  readonly appendedBytes = new Counter({ name: 'quire_gateway_appended_bytes_total', help: 'payload bytes appended (acknowledged) by this instance', registers: [this.registry] });
  readonly duplicates = new Counter({ name: 'quire_gateway_duplicate_appends_total', help: 'exactly-once replays answered with the original receipt', registers: [this.registry] });
  readonly forwards = new Counter({ name: 'quire_gateway_forwards_total', help: 'calls forwarded to the owning instance', labelNames: ['op'] as const, registers: [this.registry] });
  readonly recoveries = new Counter({ name: 'quire_gateway_recoveries_total', help: 'ledgers fenced and recovered by this instance', registers: [this.registry] });
  readonly ownedLedgers = new Gauge({ name: 'quire_gateway_owned_ledgers', help: 'ledgers whose write handle this instance holds', registers: [this.registry] });
  readonly sseStreams = new Gauge({ name: 'quire_gateway_sse_streams', help: 'open server-sent-event tail streams', registers: [this.registry] });
  /** The instance's quorum client: per-bookie add round trips and add-to-completion. */
  readonly client = new ClientLatencyMetrics(this.registry);

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'quire_gateway_' });
  }

  onServiceEvent = (e: ServiceEvent): void => {
    switch (e.type) {
      case 'append':
        this.appendedEntries.inc(e.entries);
        this.appendedBytes.inc(e.bytes);
        if (e.duplicates > 0) this.duplicates.inc(e.duplicates);
        break;
      case 'forward':
        this.forwards.inc({ op: e.op });
        break;
      case 'recover':
        this.recoveries.inc();
        break;
      case 'owned':
        this.ownedLedgers.set(e.count);
        break;
    }
  };
}
