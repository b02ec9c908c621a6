// Alert rules, scrape config and dashboard against the guide's "Monitoring and Alerting" and
// against the metric names the code exports (metric-names.ts).
import { describe, expect, it } from 'vitest';
import { asArray, asRecord, readRepoFile, readYaml } from '../test-support/deploy/files.js';
import { jobsInPromql, metricNamesInPromql } from '../test-support/deploy/promql.js';
import { createMetrics } from '../infra/metrics.js';
import { createLiveMetrics } from '../modules/live/live.metrics.js';
import { createSchedulerMetrics } from '../modules/programming/index.js';
import { createWebstreamMetrics } from '../modules/webstreams/webstream-health.js';
import {
  EXECUTOR_STATES,
  METRIC_NAMES,
  METRICS,
  executorStateCode,
  exportedSeriesNames,
} from './metric-names.js';

interface Rule {
  alert: string;
  expr: string;
  labels: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

const rules: Rule[] = asArray(
  asRecord(readYaml('deploy/prometheus/alerts.yml'), 'alerts')['groups'],
  'groups',
)
  .flatMap((g) => asArray(asRecord(g, 'group')['rules'], 'rules'))
  .map((r) => asRecord(r, 'rule') as unknown as Rule);

const scrapeJobs = new Map(
  asArray(
    asRecord(readYaml('deploy/prometheus/prometheus.yml'), 'prometheus')['scrape_configs'],
    'jobs',
  ).map((j) => {
    const job = asRecord(j, 'job');
    const statics = asArray(job['static_configs'], 'static_configs');
    const targets = statics.flatMap((s) => asArray(asRecord(s, 'static')['targets'], 'targets'));
    return [String(job['job_name']), targets.map(String)] as const;
  }),
);

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { expr: string; datasource: { uid: string } }[];
  fieldConfig?: { defaults?: { mappings?: { options: Record<string, { text: string }> }[] } };
}

const dashboard = asRecord(
  JSON.parse(readRepoFile('deploy/grafana/grimnir-dashboard.json')) as unknown,
  'dashboard',
);
const panels = asArray(dashboard['panels'], 'panels') as Panel[];
const dashboardExprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

const known = new Set([...exportedSeriesNames(), 'up']);

describe('metric-names.ts', () => {
  it('lists every metric the guide names, each once', () => {
    expect(new Set(METRIC_NAMES).size).toBe(METRIC_NAMES.length);
    for (const name of [
      'grimnir_scheduler_errors_total',
      'grimnir_scheduler_ticks_total',
      'grimnir_playout_dropout_count_total',
      'grimnir_executor_state',
      'grimnir_leader_election_changes_total',
      'process_resident_memory_bytes',
      'http_request_duration_seconds',
    ]) {
      expect(METRIC_NAMES).toContain(name);
    }
    expect(METRICS.httpRequestDuration.type).toBe('summary');
    expect(exportedSeriesNames()).toContain('http_request_duration_seconds_histogram_bucket');
  });

  it.each([
    ['idle', 0],
    ['preloading', 1],
    ['fading', 3],
    ['fallback', 6],
  ] as const)('executor state %s has code %i', (state, code) => {
    expect(executorStateCode(state)).toBe(code);
  });
});

const { registry } = createMetrics({ defaultMetrics: true });
// Feature modules register their series on the same registry at startup.
createSchedulerMetrics(registry);
createLiveMetrics(registry);
createWebstreamMetrics(registry);
const registered = await registry.getMetricsAsJSON();

describe('metric-names.ts against the registry the server exposes', () => {
  const specs = Object.values(METRICS);

  it.each(
    registered
      .filter((m) => !m.name.startsWith('process_') && !m.name.startsWith('nodejs_'))
      .map((m) => [m.name, m] as const),
  )('%s is listed with its type and labels', (name, m) => {
    const spec = specs.find((s) => s.name === name);
    expect(spec, `${name} missing from metric-names.ts`).toBeDefined();
    expect(spec?.type).toBe(String(m.type));
    const labels = (registry.getSingleMetric(name) as unknown as { labelNames: string[] })
      .labelNames;
    expect([...(spec?.labels ?? [])]).toEqual(labels);
  });

  it('exports the default process metrics the alerts and dashboard use', () => {
    const names = registered.map((m) => m.name);
    for (const s of specs.filter((x) => x.name.startsWith('process_'))) {
      expect(names).toContain(s.name);
    }
  });
});

describe('deploy/prometheus/alerts.yml', () => {
  it.each(rules.map((r) => [r.alert, r] as const))('%s selects exported metrics only', (_n, r) => {
    expect(metricNamesInPromql(r.expr).filter((m) => !known.has(m))).toEqual([]);
    expect(jobsInPromql(r.expr).filter((j) => !scrapeJobs.has(j))).toEqual([]);
    expect(['critical', 'warning']).toContain(r.labels['severity']);
    expect(r.annotations['summary']).toBeTruthy();
  });

  it('covers every row of the guide table at its threshold', () => {
    const expr = (name: string) => rules.find((r) => r.alert === name)?.expr.trim() ?? '';
    expect(expr('GrimnirSchedulerErrors')).toMatch(
      /grimnir_scheduler_errors_total\[1h\]\)\) > 10$/,
    );
    expect(expr('GrimnirPlayoutDropouts')).toMatch(/dropout_count_total\[1h\]\)\) > 5$/);
    expect(expr('GrimnirLeaderFlapping')).toMatch(
      /^max\(increase\(grimnir_leader_election_changes_total\{[^}]*\}\[1h\]\)\) > 5$/,
    );
    expect(expr('GrimnirRadioDown')).toBe('up{job="grimnir-radio"} == 0');
    expect(expr('GrimnirHighMemory')).toMatch(/process_resident_memory_bytes.* > 1073741824$/);
    expect(expr('GrimnirSlowAPI')).toMatch(
      /http_request_duration_seconds\{[^}]*quantile="0\.99"[^}]*\}[^]*\) > 1$/,
    );
    const stuck = expr('GrimnirExecutorStuck');
    expect(stuck).toContain(`grimnir_executor_state == ${executorStateCode('preloading')}`);
    expect(stuck).toContain(`grimnir_executor_state == ${executorStateCode('fading')}`);
  });

  it('documents the executor state codes as metric-names.ts defines them', () => {
    const listed = EXECUTOR_STATES.map((s, i) => `${i} ${s}`).join(', ');
    const comment = readRepoFile('deploy/prometheus/alerts.yml')
      .split('\n')
      .filter((l) => l.startsWith('#'))
      .map((l) => l.replace(/^#\s*/, ''))
      .join(' ');
    expect(comment).toContain(listed);
  });

  it('has a promtool unit test for every alert', () => {
    const tested = new Set(
      [...readRepoFile('deploy/prometheus/alerts.test.yml').matchAll(/alertname: (\w+)/g)].map(
        (m) => m[1],
      ),
    );
    expect(rules.map((r) => r.alert).filter((a) => !tested.has(a))).toEqual([]);
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  it('scrapes the control plane on :9000 as job grimnir-radio and the engine on :9092', () => {
    expect(scrapeJobs.get('grimnir-radio')?.every((t) => t.endsWith(':9000'))).toBe(true);
    expect(scrapeJobs.get('grimnir-mediaengine')?.every((t) => t.endsWith(':9092'))).toBe(true);
    const config = asRecord(readYaml('deploy/prometheus/prometheus.yml'), 'prometheus');
    expect(config['rule_files']).toEqual(['alerts.yml']);
  });
});

describe('deploy/grafana/grimnir-dashboard.json', () => {
  it.each([
    'Scheduler tick rate',
    'Active executors per station',
    'API request rate',
    'API latency',
    'Database connection pool usage',
    'Media engine CPU',
    'Media engine memory',
    'Leader election status',
  ])('has the guide panel "%s"', (title) => {
    expect(panels.filter((p) => p.type !== 'row').map((p) => p.title)).toContain(title);
  });

  it('queries exported metrics of scraped jobs only', () => {
    expect(dashboardExprs.length).toBeGreaterThan(10);
    const unknown = dashboardExprs
      .flatMap((e) => metricNamesInPromql(e))
      .filter((m) => !known.has(m));
    expect(unknown).toEqual([]);
    const jobs = dashboardExprs.flatMap((e) => jobsInPromql(e));
    expect(jobs.filter((j) => !scrapeJobs.has(j))).toEqual([]);
  });

  it('asks for its Prometheus data source on import', () => {
    expect(dashboard['__inputs']).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS' })]);
    const uids = panels.flatMap((p) => (p.targets ?? []).map((t) => t.datasource.uid));
    expect(new Set(uids)).toEqual(new Set(['${DS_PROMETHEUS}']));
  });

  it('lays out panels with unique ids and without overlap', () => {
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    const cells = new Set<string>();
    for (const { gridPos: g } of panels) {
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('names executor states as metric-names.ts encodes them', () => {
    const panel = panels.find((p) => p.title === 'Active executors per station');
    const options = panel?.fieldConfig?.defaults?.mappings?.[0]?.options ?? {};
    expect(EXECUTOR_STATES.map((_s, i) => options[String(i)]?.text)).toEqual([...EXECUTOR_STATES]);
  });
});
