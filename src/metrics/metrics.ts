import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Parley's own Prometheus metrics, one registry per api or worker (never prom-client's global one: tests run
 * several apis and workers in one process). Every process registers the whole set, so a dashboard sums a metric
 * over all processes without knowing which kind counts it; a counter a kind never moves stays at zero there.
 */
export function createMetrics(opts: { sseConnections?: () => number } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  const registers = [registry];
  const metrics = {
    registry,
    webhooks: new Counter({
      name: 'parley_webhooks_total', help: 'Provider webhooks answered, by kind (sms, status) and outcome',
      labelNames: ['kind', 'outcome'] as const, registers,
    }),
    webhookAckSeconds: new Histogram({
      name: 'parley_webhook_ack_seconds', help: 'Time from a webhook request to its answer (the acknowledgement), by kind',
      labelNames: ['kind'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers,
    }),
    textsStored: new Counter({ name: 'parley_texts_stored_total', help: 'Inbound texts stored (duplicates not counted)', registers }),
    textsTakenIn: new Counter({ name: 'parley_texts_taken_in_total', help: 'Inbound texts taken in by their interaction workflow', registers }),
    outboundFinal: new Counter({
      name: 'parley_outbound_final_total', help: 'Outbound messages reaching a final status, by status and source (callback, fetch)',
      labelNames: ['status', 'source'] as const, registers,
    }),
    statusReconciliations: new Counter({
      name: 'parley_status_reconciliations_total', help: 'Message statuses fetched from the provider for want of a callback, by result',
      labelNames: ['result'] as const, registers,
    }),
    inboundResignals: new Counter({
      name: 'parley_inbound_resignals_total', help: 'Stored texts the sweeper signalled to their workflow because nothing else had', registers,
    }),
    offers: new Counter({
      name: 'parley_offers_total', help: 'Offers decided, by outcome (accepted, rejected, timed_out)', labelNames: ['outcome'] as const, registers,
    }),
    // Issue 22's invariants, as the worker's consistency sweep last found them (0 in steady state).
    orphanedInteractions: new Gauge({
      name: 'parley_orphaned_interactions', help: 'Open interactions with no running workflow owning them, at the last consistency sweep', registers,
    }),
    strandedQueuedItems: new Gauge({
      name: 'parley_stranded_queued_items', help: 'Queued work items an Available agent with room could take at two consecutive consistency sweeps', registers,
    }),
    oldestOfferableQueuedSeconds: new Gauge({
      name: 'parley_oldest_offerable_queued_item_seconds', help: 'How long the oldest queued item an Available agent with room could take has waited', registers,
    }),
    consistencyRepairs: new Counter({
      name: 'parley_consistency_repairs_total', help: 'Repairs made by the consistency sweep, by kind (orphan_adopted, superseded_closed, redispatched)',
      labelNames: ['kind'] as const, registers,
    }),
    requesterDirectoryLookups: new Counter({
      name: 'parley_requester_directory_lookups_total',
      help: 'PROF-11: lookups in the customer directory (PROFILE_DIRECTORY_URL), by outcome (matched; not_found, unknown_user, timeout, error, bad_answer fall back to the built-in rules)',
      labelNames: ['outcome'] as const, registers,
    }),
    sseConnections: new Gauge({
      name: 'parley_sse_connections', help: 'Browsers connected to this api process for server push', registers,
      collect() {
        if (opts.sseConnections) this.set(opts.sseConnections());
      },
    }),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
