// The single source of Prometheus metric names. The production guide, the alert rules in
// deploy/prometheus/alerts.yml and the Grafana dashboard query these exact names, so the metrics
// code registers them from here and a test fails when an artifact names a metric we never export.

type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** Which process exposes the series: the control plane on :9000, the media engine on :9092. */
type MetricExporter = 'grimnirradio' | 'mediaengine';

interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labels: readonly string[];
  readonly exporters: readonly MetricExporter[];
}

/**
 * Value of `grimnir_executor_state`: the index of the state in this list. Alerts and the
 * dashboard's value mappings rely on these numbers, so only ever append.
 */
export const EXECUTOR_STATES = Object.freeze([
  'idle',
  'preloading',
  'playing',
  'fading',
  'live',
  'emergency',
  'fallback',
] as const);

type ExecutorState = (typeof EXECUTOR_STATES)[number];

export function executorStateCode(state: ExecutorState): number {
  return EXECUTOR_STATES.indexOf(state);
}

/** Quantiles of the `http_request_duration_seconds` summary; the guide alerts on 0.99. */
export const HTTP_DURATION_QUANTILES = Object.freeze([0.5, 0.9, 0.99] as const);

const both: readonly MetricExporter[] = Object.freeze(['grimnirradio', 'mediaengine'] as const);
const controlPlane: readonly MetricExporter[] = Object.freeze(['grimnirradio'] as const);

function spec(s: MetricSpec): MetricSpec {
  return Object.freeze({ ...s, labels: Object.freeze([...s.labels]) });
}

export const METRICS = Object.freeze({
  schedulerErrors: spec({
    name: 'grimnir_scheduler_errors_total',
    type: 'counter',
    help: 'Scheduler runs or station plans that failed.',
    labels: ['station_id', 'error_type'],
    exporters: controlPlane,
  }),
  schedulerTicks: spec({
    name: 'grimnir_scheduler_ticks_total',
    type: 'counter',
    help: 'Scheduler ticks run; only the leader ticks, so a rising series marks the leader.',
    labels: [],
    exporters: controlPlane,
  }),
  schedulerBuildDuration: spec({
    name: 'grimnir_scheduler_build_duration_seconds',
    type: 'histogram',
    help: 'Time to load, plan and persist one station’s lookahead window.',
    labels: ['station_id'],
    exporters: controlPlane,
  }),
  scheduleEntries: spec({
    name: 'grimnir_schedule_entries_total',
    type: 'gauge',
    help: 'Schedule entries stored, all stations (a gauge: entries come and go).',
    labels: [],
    exporters: controlPlane,
  }),
  scheduleItemChanges: spec({
    name: 'grimnir_schedule_item_changes_total',
    type: 'counter',
    help: 'Materialized schedule items inserted or removed by the scheduler.',
    labels: ['change'],
    exporters: controlPlane,
  }),
  playoutDropouts: spec({
    name: 'grimnir_playout_dropout_count_total',
    type: 'counter',
    help: 'Audible dropouts (underruns or dead air) per station mount.',
    labels: ['station_id', 'mount'],
    exporters: controlPlane,
  }),
  stationOnAir: spec({
    name: 'grimnir_station_on_air',
    type: 'gauge',
    help: 'Whether listeners hear the station (1), or it is off air (0): engine unreachable or silent.',
    labels: ['station_id'],
    exporters: controlPlane,
  }),
  executorState: spec({
    name: 'grimnir_executor_state',
    type: 'gauge',
    help: 'Current executor state per station, as the index in EXECUTOR_STATES.',
    labels: ['station_id'],
    exporters: controlPlane,
  }),
  leaderElectionChanges: spec({
    name: 'grimnir_leader_election_changes_total',
    type: 'counter',
    help: 'Times this replica gained or lost scheduler/director leadership',
    labels: [],
    exporters: controlPlane,
  }),
  leader: spec({
    name: 'grimnir_leader',
    type: 'gauge',
    help: '1 when this replica holds the leader lease',
    labels: [],
    exporters: controlPlane,
  }),
  webstreamUp: spec({
    name: 'grimnir_webstream_up',
    type: 'gauge',
    help: 'Webstream health from the leader’s last check: 1 when one of its URLs answered.',
    labels: ['station_id', 'webstream_id'],
    exporters: controlPlane,
  }),
  storageFreeBytes: spec({
    name: 'grimnir_storage_free_bytes',
    type: 'gauge',
    help: 'Bytes the service may still write on each storage root (media, data), read on scrape.',
    labels: ['root'],
    exporters: controlPlane,
  }),
  storageSizeBytes: spec({
    name: 'grimnir_storage_size_bytes',
    type: 'gauge',
    help: 'Size of the filesystem holding each storage root (media, data).',
    labels: ['root'],
    exporters: controlPlane,
  }),
  webstreamChecks: spec({
    name: 'grimnir_webstream_checks_total',
    type: 'counter',
    help: 'Webstream health checks run by the leader, by result (ok, failed).',
    labels: ['result'],
    exporters: controlPlane,
  }),
  listenersCurrent: spec({
    name: 'grimnir_listeners_current',
    type: 'gauge',
    help: 'Listeners connected to /stream/ and /live/ on this replica.',
    // Mount names are unique across stations, so the mount alone identifies the stream.
    labels: ['mount'],
    exporters: controlPlane,
  }),
  liveSessions: spec({
    name: 'grimnir_live_sessions',
    type: 'gauge',
    help: 'Live DJ sources connected to this replica, per station.',
    labels: ['station_id'],
    exporters: controlPlane,
  }),
  liveSourceRefused: spec({
    name: 'grimnir_live_source_refused_total',
    type: 'counter',
    help: 'Live source connections refused (bad credentials, unknown or busy mount, engine down).',
    labels: ['reason'],
    exporters: controlPlane,
  }),
  dbPoolConnections: spec({
    name: 'grimnir_db_pool_connections',
    type: 'gauge',
    help: 'Database pool connections by state (total, idle, waiting).',
    labels: ['state'],
    exporters: controlPlane,
  }),
  eventLoopDelay: spec({
    name: 'grimnir_event_loop_delay_seconds',
    type: 'gauge',
    help: 'Event loop delay since the previous scrape (stat: p50, p99, max): how long work held the loop.',
    labels: ['stat'],
    exporters: controlPlane,
  }),
  httpRequestDuration: spec({
    name: 'http_request_duration_seconds',
    type: 'summary',
    help: 'HTTP request latency by method, route and status',
    labels: ['method', 'route', 'status'],
    exporters: controlPlane,
  }),
  // prom-client refuses a summary and a histogram under one name; the histogram aggregates
  // across replicas, which summary quantiles cannot.
  httpRequestDurationHistogram: spec({
    name: 'http_request_duration_seconds_histogram',
    type: 'histogram',
    help: 'HTTP request latency by method, route and status (aggregatable histogram)',
    labels: ['method', 'route', 'status'],
    exporters: controlPlane,
  }),
  processResidentMemory: spec({
    name: 'process_resident_memory_bytes',
    type: 'gauge',
    help: 'Resident memory of the Node process (prom-client default metric).',
    labels: [],
    exporters: both,
  }),
  processCpuSeconds: spec({
    name: 'process_cpu_seconds_total',
    type: 'counter',
    help: 'CPU time of the Node process (prom-client default metric).',
    labels: [],
    exporters: both,
  }),
} satisfies Record<string, MetricSpec>);

export const METRIC_NAMES: readonly string[] = Object.freeze(
  Object.values(METRICS).map((m) => m.name),
);

const SERIES_SUFFIXES: Readonly<Record<MetricType, readonly string[]>> = {
  counter: [''],
  gauge: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/** Every series name a scrape can contain for our metrics (histogram buckets, summary sums). */
export function exportedSeriesNames(): ReadonlySet<string> {
  const names = new Set<string>();
  for (const m of Object.values(METRICS)) {
    for (const suffix of SERIES_SUFFIXES[m.type]) names.add(m.name + suffix);
  }
  return names;
}
