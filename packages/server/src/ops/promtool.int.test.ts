// promtool (Debian package `prometheus`) validates what Prometheus itself would load: the alert
// rules, their unit tests at the guide's thresholds, the scrape config, and every PromQL query
// of the Grafana dashboard (checked as recording rules, the only offline PromQL check).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readRepoFile, repoPath } from '../test-support/deploy/files.js';

function promtool(...args: string[]) {
  const r = spawnSync('promtool', args, { encoding: 'utf8', cwd: repoPath('deploy/prometheus') });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('promtool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grimnir-promtool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the alert rules', () => {
    const r = promtool('check', 'rules', 'alerts.yml');
    expect(r.status, r.output).toBe(0);
  });

  it('passes the alert unit tests (each guide threshold fires above and stays quiet below)', () => {
    const r = promtool('test', 'rules', 'alerts.test.yml');
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('SUCCESS');
  });

  it('accepts the scrape config and the rule file it loads', () => {
    const r = promtool('check', 'config', 'prometheus.yml');
    expect(r.status, r.output).toBe(0);
  });

  it('parses every dashboard query', () => {
    const dashboard = JSON.parse(readRepoFile('deploy/grafana/grimnir-dashboard.json')) as {
      panels: { id: number; targets?: { expr: string }[] }[];
    };
    const rules = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).map((t, i) => ({ record: `dashboard:panel_${p.id}:${i}`, expr: t.expr })),
    );
    expect(rules.length).toBeGreaterThan(10);
    const file = join(dir, 'dashboard-queries.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
    const r = promtool('check', 'rules', file);
    expect(r.status, r.output).toBe(0);
  });

  it('rejects a broken query, so the check above means something', () => {
    const file = join(dir, 'broken.yml');
    writeFileSync(
      file,
      stringify({ groups: [{ name: 'x', rules: [{ record: 'x:y', expr: 'sum(rate(a[5m])' }] }] }),
    );
    expect(promtool('check', 'rules', file).status).not.toBe(0);
  });
});
