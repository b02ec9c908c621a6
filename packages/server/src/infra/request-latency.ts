import type { Registry } from 'prom-client';

// HTTP request latency, recorded once per request and exposed two ways from the same record:
// - a summary (`http_request_duration_seconds{quantile}`: the guide's alert reads its 0.99
//   quantile), over a sliding window of the last 8–10 minutes;
// - a histogram (`…_histogram_bucket{le}`: what Prometheus can aggregate across replicas).
// prom-client's Summary pushed every request into five t-digests (one per age bucket) and its
// Histogram hashed the labels again: about 5 µs of CPU per request, a sixth of a /healthz answer.
// Here a request costs a Map lookup and two increments; the quantiles are worked out at scrape
// time from log-spaced buckets (each 5 % wider than the last: quantiles within 2.5 %).

/** The window is five slices of two minutes: it slides in steps, as the Summary's age buckets did. */
const SLICE_MS = 120_000;
const SLICES = 5;
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);
/** The first bucket's upper bound: everything under 10 µs is one bucket. */
const BASE_S = 1e-5;

/** A log bucket's index (0 for anything up to BASE_S). Pure. */
export function bucketOf(seconds: number): number {
  return seconds <= BASE_S ? 0 : Math.ceil(Math.log(seconds / BASE_S) / LOG_GROWTH);
}

/** The value a bucket stands for: the geometric middle of its bounds. Pure. */
export function valueOfBucket(index: number): number {
  return index === 0 ? BASE_S : BASE_S * GROWTH ** (index - 0.5);
}

/** The value at quantile `q` of counts per bucket (undefined when empty). Pure. */
export function quantileOf(counts: ReadonlyMap<number, number>, q: number): number | undefined {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const index of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(index)!;
    if (seen >= rank) return valueOfBucket(index);
  }
  return undefined;
}

interface Slice {
  /** Which two minutes (epoch ms / SLICE_MS) the counts belong to. */
  n: number;
  counts: Map<number, number>;
}

interface Series {
  labels: { method: string; route: string; status: string };
  slices: (Slice | undefined)[];
  /** Per histogram bucket (not cumulative); the last is +Inf. */
  le: Float64Array;
  sum: number;
  count: number;
}

export interface RequestLatency {
  observe(method: string, route: string, status: number, seconds: number): void;
}

interface Names {
  summary: { name: string; help: string };
  histogram: { name: string; help: string };
}

export function createRequestLatency(o: {
  registry: Registry;
  names: Names;
  quantiles: readonly number[];
  buckets: readonly number[];
  now?: () => number;
}): RequestLatency {
  const now = o.now ?? Date.now;
  const series = new Map<string, Series>();
  const bounds = o.buckets;

  function observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = series.get(key);
    if (s === undefined) {
      s = {
        labels: { method, route, status: String(status) },
        slices: new Array<Slice | undefined>(SLICES).fill(undefined),
        le: new Float64Array(bounds.length + 1),
        sum: 0,
        count: 0,
      };
      series.set(key, s);
    }
    const n = Math.floor(now() / SLICE_MS);
    let slice = s.slices[n % SLICES];
    if (slice === undefined || slice.n !== n) {
      slice = { n, counts: new Map() };
      s.slices[n % SLICES] = slice;
    }
    const b = bucketOf(seconds);
    slice.counts.set(b, (slice.counts.get(b) ?? 0) + 1);
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    s.le[i]! += 1;
    s.sum += seconds;
    s.count += 1;
  }

  /** The counts of the slices still inside the window. */
  function windowOf(s: Series): Map<number, number> {
    const n = Math.floor(now() / SLICE_MS);
    const merged = new Map<number, number>();
    for (const slice of s.slices) {
      if (slice === undefined || slice.n <= n - SLICES) continue;
      for (const [b, c] of slice.counts) merged.set(b, (merged.get(b) ?? 0) + c);
    }
    return merged;
  }

  register(o.registry, o.names.summary, 'summary', () => {
    const values: MetricValue[] = [];
    for (const s of series.values()) {
      const window = windowOf(s);
      for (const q of o.quantiles)
        values.push({
          labels: { quantile: q, ...s.labels },
          value: quantileOf(window, q) ?? Number.NaN,
        });
      const name = o.names.summary.name;
      values.push({ metricName: `${name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${name}_count`, labels: s.labels, value: s.count });
    }
    return values;
  });

  register(o.registry, o.names.histogram, 'histogram', () => {
    const values: MetricValue[] = [];
    const name = o.names.histogram.name;
    for (const s of series.values()) {
      let cumulative = 0;
      for (let i = 0; i <= bounds.length; i++) {
        cumulative += s.le[i]!;
        values.push({
          metricName: `${name}_bucket`,
          labels: { le: i < bounds.length ? bounds[i]! : '+Inf', ...s.labels },
          value: cumulative,
        });
      }
      values.push({ metricName: `${name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${name}_count`, labels: s.labels, value: s.count });
    }
    return values;
  });

  return { observe };
}

interface MetricValue {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * Registers a metric whose values are computed at scrape time. The registry reads a metric
 * through `name`, `help`, `type` and `get()` only (`labelNames` is for whoever inspects it); its types admit its own four classes, whose
 * per-observation bookkeeping is what this file avoids, hence the one cast.
 */
function register(
  registry: Registry,
  n: { name: string; help: string },
  type: 'summary' | 'histogram',
  values: () => MetricValue[],
): void {
  const m = {
    name: n.name,
    help: n.help,
    type,
    labelNames: ['method', 'route', 'status'],
    get: () =>
      Promise.resolve({ name: n.name, help: n.help, type, values: values(), aggregator: 'sum' }),
  };
  registry.registerMetric(m as unknown as Parameters<Registry['registerMetric']>[0]);
}
