import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { DatabaseHandle } from '../db/database.js';
import { HTTP_DURATION_QUANTILES, METRICS } from '../ops/metric-names.js';
import { createRequestLatency, type RequestLatency } from './request-latency.js';

/**
 * One registry per process (per app in tests, so parallel apps never share counters).
 * Feature modules register their own series on it.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly httpLatency: RequestLatency;
  readonly leaderChanges: Counter;
  readonly isLeader: Gauge;
}

/** `grimnir_db_pool_connections{state}`, read from the pool at each scrape. */
export function registerDbPoolMetrics(
  registry: Registry,
  database: Pick<DatabaseHandle, 'poolStats'>,
): void {
  new Gauge({
    name: METRICS.dbPoolConnections.name,
    help: METRICS.dbPoolConnections.help,
    labelNames: [...METRICS.dbPoolConnections.labels],
    registers: [registry],
    collect() {
      for (const [state, n] of Object.entries(database.poolStats())) this.set({ state }, n);
    },
  });
}

/**
 * `grimnir_event_loop_delay_seconds{stat}`: p50, p99 and max of the loop's delay since the
 * previous scrape. Listener streams, the director and live ingest share this loop, so a request
 * that computes for long is heard; the guide alerts when p99 stays above 50 ms.
 */
function registerEventLoopDelay(registry: Registry): void {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  new Gauge({
    name: METRICS.eventLoopDelay.name,
    help: METRICS.eventLoopDelay.help,
    labelNames: [...METRICS.eventLoopDelay.labels],
    registers: [registry],
    collect() {
      // The histogram records nanoseconds; an empty one (no tick yet) reads as 0, not NaN.
      const seconds = (ns: number) => (Number.isFinite(ns) && loop.count > 0 ? ns / 1e9 : 0);
      this.set({ stat: 'p50' }, seconds(loop.percentile(50)));
      this.set({ stat: 'p99' }, seconds(loop.percentile(99)));
      this.set({ stat: 'max' }, seconds(loop.max));
      loop.reset();
    },
  });
}

export function createMetrics(opts: { defaultMetrics: boolean }): Metrics {
  const registry = new Registry();
  registerEventLoopDelay(registry);
  // process_resident_memory_bytes and friends, which the guide's memory alert watches.
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    // The guide alerts on http_request_duration_seconds{quantile="0.99"}: a summary. Prometheus
    // cannot aggregate summaries across replicas, so the same data is also a histogram under its
    // own name (two metric types cannot share one name).
    httpLatency: createRequestLatency({
      registry,
      names: {
        summary: METRICS.httpRequestDuration,
        histogram: METRICS.httpRequestDurationHistogram,
      },
      quantiles: HTTP_DURATION_QUANTILES,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    leaderChanges: new Counter({
      name: METRICS.leaderElectionChanges.name,
      help: METRICS.leaderElectionChanges.help,
      registers: [registry],
    }),
    isLeader: new Gauge({
      name: METRICS.leader.name,
      help: METRICS.leader.help,
      registers: [registry],
    }),
  };
}
