// Every expression of deploy/prometheus and deploy/grafana against a live scrape of both
// processes: each metric it selects exists in the scrape of the job it names (the control plane
// for grimnir-radio, the engine for grimnir-mediaengine), with the labels it aggregates by.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import {
  buildControlPlane,
  login,
  startControlPlane,
  type ControlPlaneProcess,
} from '../test-support/control-plane-process.js';
import { asArray, asRecord, readRepoFile, readYaml } from '../test-support/deploy/files.js';
import { freePort } from '../test-support/deploy/nginx-runner.js';
import { jobsInPromql, metricNamesInPromql } from '../test-support/deploy/promql.js';
import { byLabelsInPromql, scrape, type Scrape } from '../test-support/deploy/scrape.js';

const ruleExprs = asArray(
  asRecord(readYaml('deploy/prometheus/alerts.yml'), 'alerts')['groups'],
  'g',
)
  .flatMap((g) => asArray(asRecord(g, 'group')['rules'], 'rules'))
  .map((r) => asRecord(r, 'rule'))
  .map((r) => [`alert ${String(r['alert'])}`, String(r['expr'])] as const);
const panels = asArray(
  asRecord(JSON.parse(readRepoFile('deploy/grafana/grimnir-dashboard.json')) as unknown, 'd')[
    'panels'
  ],
  'panels',
) as { title: string; targets?: { expr: string }[] }[];
const panelExprs = panels.flatMap((p) =>
  (p.targets ?? []).map((t) => [`panel ${p.title}`, t.expr] as const),
);

let engine: EngineProcess;
let cp: ControlPlaneProcess;
let metricsPort: number;
let dataDir: string;
const scrapes: Record<'grimnir-radio' | 'grimnir-mediaengine', Scrape> = {
  'grimnir-radio': new Map(),
  'grimnir-mediaengine': new Map(),
};

beforeAll(async () => {
  buildControlPlane();
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-scrape-'));
  engine = await startEngine();
  metricsPort = await freePort();
  cp = await startControlPlane({
    dataDir,
    httpPort: await freePort(),
    metricsPort,
    env: { GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engine.address, GRIMNIR_ADMIN_PASSWORD: 'scrape-pw-1' },
  });
  const api = await login(cp.url, 'admin', 'scrape-pw-1');
  const station = await api.call<{ id: string }>('POST', '/api/v1/stations', {
    name: 'Scrape FM',
    description: 'x',
    active: true,
  });
  const [mount] = await api.call<{ name: string }[]>(
    'GET',
    `/api/v1/stations/${station.id}/mounts`,
  );
  // A listener, so the per-mount listener gauge has a series (as it does on air).
  const listener = new AbortController();
  void fetch(`${cp.url}/stream/${mount?.name ?? ''}`, { signal: listener.signal }).then(
    (res) => res.body?.cancel(),
    () => undefined,
  );
  // Per-station series appear once the leader's director has run for the new station.
  scrapes['grimnir-radio'] = await waitFor(
    async () => {
      const s = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
      const ready = [
        'grimnir_executor_state',
        'grimnir_listeners_current',
        'grimnir_station_on_air',
      ];
      return ready.every((name) => s.has(name)) ? s : undefined;
    },
    30_000,
    'per-station series',
  );
  listener.abort();
  scrapes['grimnir-mediaengine'] = await scrape(`http://127.0.0.1:${engine.metricsPort}/metrics`);
}, 240_000);
afterAll(async () => {
  await cp?.stop();
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function check(expr: string): string[] {
  const jobs = jobsInPromql(expr) as (keyof typeof scrapes)[];
  const targets = jobs.length > 0 ? jobs : (['grimnir-radio', 'grimnir-mediaengine'] as const);
  const problems: string[] = [];
  for (const name of metricNamesInPromql(expr).filter((n) => n !== 'up')) {
    const found = targets.map((job) => scrapes[job]?.get(name)).filter((l) => l !== undefined);
    if (found.length === 0) {
      problems.push(`${name} not in the scrape of ${targets.join('/')}`);
      continue;
    }
    for (const label of byLabelsInPromql(expr))
      if (!found.some((labels) => labels.has(label)))
        problems.push(`${name} has no label ${label}`);
  }
  return problems;
}

describe('alerts and dashboard against a live scrape of both processes', () => {
  it('the engine exports the standard process metrics (no prefix)', () => {
    for (const name of ['process_resident_memory_bytes', 'process_cpu_seconds_total'])
      expect(scrapes['grimnir-mediaengine'].has(name), name).toBe(true);
  });

  it('labelled counters the guide alerts on have a 0 series per station', () => {
    const cpScrape = scrapes['grimnir-radio'];
    expect(cpScrape.get('grimnir_scheduler_errors_total')).toContain('station_id');
    expect(cpScrape.get('grimnir_playout_dropout_count_total')).toContain('mount');
    expect(cpScrape.get('grimnir_db_pool_connections')).toContain('state');
  });

  it.each([...ruleExprs, ...panelExprs])('%s: %s', (_where, expr) => {
    expect(check(expr)).toEqual([]);
  });
});
