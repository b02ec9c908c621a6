// The guide's bare-metal path with our artifacts and the real control plane: the environment
// file of its "Configuration" section (written and sourced as docs/deployment.md shows), the
// Environment= lines of deploy/systemd/grimnirradio.service, the /usr/local/bin/grimnirradio
// wrapper, PostgreSQL through a libpq key=value DSN, and nginx with our site in front.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_PREFIX } from '../test-support/db.js';
import { readRepoFile, repoPath, repoRoot } from '../test-support/deploy/files.js';
import {
  freePort,
  startNginx,
  tlsGet,
  waitForPort,
  type RunningNginx,
} from '../test-support/deploy/nginx-runner.js';

const adminUrl = process.env['GRIMNIR_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const db = `${TEST_DB_PREFIX}baremetal_${process.pid}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Environment= assignments of a unit file, as systemd passes them to the service. */
function unitEnvironment(unit: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of readRepoFile(unit).matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)) {
    env[m[1]!] = m[2]!;
  }
  return env;
}

/** The guide's /etc/grimnir/grimnir.env, with generated secrets and this test's ports. */
function guideEnvFile(httpPort: number, mediaRoot: string): string {
  const u = new URL(adminUrl);
  const password = u.password ? ` password=${decodeURIComponent(u.password)}` : '';
  const dsn = `host=${u.hostname} port=${u.port || '5432'} user=${decodeURIComponent(u.username)}${password} dbname=${db} sslmode=disable`;
  return [
    `GRIMNIR_HTTP_PORT=${httpPort}`,
    'GRIMNIR_HTTP_BIND=127.0.0.1',
    'GRIMNIR_DB_BACKEND=postgres',
    `GRIMNIR_DB_DSN="${dsn}"`,
    `GRIMNIR_JWT_SIGNING_KEY=${randomBytes(32).toString('base64')}`,
    `GRIMNIR_ICECAST_SOURCE_PASSWORD=${randomBytes(24).toString('base64')}`,
    `GRIMNIR_MEDIA_ROOT=${mediaRoot}`,
    'GRIMNIR_MEDIA_ENGINE_GRPC_ADDR=localhost:9091',
    'GRIMNIR_LOG_LEVEL=info',
    '',
  ].join('\n');
}

describe('bare metal: unit environment + guide env file + wrapper + nginx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grimnir-baremetal-'));
  let server: ChildProcess | undefined;
  let nginx: RunningNginx | undefined;
  let output = '';
  let metricsPort = 0;

  beforeAll(async () => {
    // The wrapper runs compiled JavaScript; make sure it matches the sources under test.
    execFileSync('npx', ['tsc', '-b', 'packages/contracts', 'packages/server'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    await admin(`CREATE DATABASE ${db}`);
    const httpPort = await freePort();
    metricsPort = await freePort();
    const envFile = join(dir, 'grimnir.env');
    writeFileSync(envFile, guideEnvFile(httpPort, join(dir, 'media')));

    const unitEnv = unitEnvironment('deploy/systemd/grimnirradio.service');
    // Files given by EnvironmentFile= override Environment=: source the file after the unit's
    // values, as `set -a; . /etc/grimnir/grimnir.env` in docs/deployment.md does.
    server = spawn(
      'sh',
      [
        '-c',
        'set -a; . "$1"; set +a; exec sh "$2" serve',
        'sh',
        envFile,
        repoPath('deploy/bin/grimnirradio'),
      ],
      {
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          ...unitEnv,
          GRIMNIR_HOME: repoRoot,
          GRIMNIR_METRICS_PORT: String(metricsPort),
          GRIMNIR_METRICS_BIND: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await waitForPort(httpPort, 60_000);
    nginx = await startNginx(dir, httpPort);
  }, 180_000);

  afterAll(async () => {
    await nginx?.stop();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGKILL');
      await exited;
    }
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts in production mode and applies the migrations on first start', () => {
    const unitEnv = unitEnvironment('deploy/systemd/grimnirradio.service');
    expect(unitEnv['GRIMNIR_ENV']).toBe('production');
    expect(output).toMatch(/migration/);
  });

  it('answers /healthz through nginx over TLS, with the leader field', async () => {
    const reply = await tlsGet(nginx!.httpsPort, '/healthz');
    // No media engine runs in this test: nginx passes the control plane's honest 503 through.
    expect(reply.status, reply.body).toBe(503);
    expect(JSON.parse(reply.body)).toMatchObject({
      status: 'degraded',
      engine: 'unreachable',
      leader: expect.any(Boolean),
    });
  });

  it("exposes the guide's alert metrics on the metrics port", async () => {
    await tlsGet(nginx!.httpsPort, '/api/v1/stations');
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/^http_request_duration_seconds\{.*quantile="0\.99".*\} /m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).toMatch(/^grimnir_leader_election_changes_total /m);
  });

  it('stops on SIGTERM within the unit TimeoutStopSec', async () => {
    const timeout = Number(
      /^TimeoutStopSec=(\d+)s$/m.exec(readRepoFile('deploy/systemd/grimnirradio.service'))?.[1],
    );
    const started = Date.now();
    const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(timeout * 1000);
  });
});
