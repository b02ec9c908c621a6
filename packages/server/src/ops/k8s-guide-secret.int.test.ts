// The guide's Kubernetes quick start, outside a cluster: its `kubectl create secret` values feed
// what the manifests do with them (PostgreSQL's first-start script, Redis' requirepass, the
// control plane's env), against a real PostgreSQL, Redis and `grimnirradio` in production mode.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildControlPlane, startControlPlane } from '../test-support/control-plane-process.js';
import { asRecord, readRepoFile, readYaml } from '../test-support/deploy/files.js';
import { freePort } from '../test-support/deploy/nginx-runner.js';
import { adminQuery } from '../test-support/deploy/pg-scratch.js';
import { serveExit } from '../test-support/deploy/serve-exit.js';

const run = promisify(execFile);
const adminUrl = process.env.GRIMNIR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const tag = `k8s_${process.pid}_${Date.now().toString(36)}`;
const rand = () => execFileSync('openssl', ['rand', '-base64', '32']).toString().trim();

/** The guide's secret literals, each `$(openssl rand -base64 32)` replaced by a fresh value. */
function guideSecret(): Record<string, string> {
  const guide = readRepoFile('docs/reference/production-deployment-guide.md');
  const cmd = /kubectl create secret generic grimnir-secrets[\s\S]*?\n\n/.exec(guide)?.[0] ?? '';
  const secret: Record<string, string> = {};
  for (const m of cmd.matchAll(/--from-literal=([A-Z_]+)="?([^"\\\n]*?)"?\s*(?:\\|\n)/g))
    secret[m[1]!] = m[2]!.replace(/\$\(openssl rand -base64 32\)/g, rand);
  return secret;
}

let secret: Record<string, string>;
let dsn: string;
let redis: ChildProcess;
let redisPort: number;
let dataDir: string;
const mediaRoot = () => join(dataDir, 'media');

const admin = adminQuery;

beforeAll(async () => {
  buildControlPlane();
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-k8s-'));
  secret = guideSecret();
  // This machine's server instead of the Service grimnir-postgres; a unique user and database.
  dsn = secret['GRIMNIR_DB_DSN']!.replace('host=grimnir-postgres', 'host=127.0.0.1')
    .replace('user=grimnir', `user=${tag}`)
    .replace('dbname=grimnir', `dbname=${tag}`);
  redisPort = await freePort();
  // As redis.yaml starts it: requirepass from the secret's GRIMNIR_REDIS_PASSWORD.
  redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--save', '', '--requirepass', secret['GRIMNIR_REDIS_PASSWORD']!],
    { stdio: 'ignore' },
  );
}, 180_000);
afterAll(async () => {
  redis?.kill();
  await admin(`DROP DATABASE IF EXISTS ${tag} WITH (FORCE)`);
  await admin(`DROP ROLE IF EXISTS ${tag}`);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The control plane's environment as grimnir-radio.yaml assembles it from the two sources. */
function controlPlaneEnv(): Record<string, string> {
  const data = asRecord(asRecord(readYaml('kubernetes/configmap.yaml'), 'cm')['data'], 'data');
  // Ports and binds are this test's own (free ports on loopback).
  for (const k of ['GRIMNIR_HTTP_BIND', 'GRIMNIR_HTTP_PORT', 'GRIMNIR_METRICS_PORT'])
    delete data[k];
  return {
    ...(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)])) as Record<
      string,
      string
    >),
    GRIMNIR_JWT_SIGNING_KEY: secret['GRIMNIR_JWT_SIGNING_KEY']!,
    GRIMNIR_REDIS_ADDR: `127.0.0.1:${redisPort}`,
    GRIMNIR_DB_DSN: dsn,
    GRIMNIR_REDIS_PASSWORD: secret['GRIMNIR_REDIS_PASSWORD']!,
    GRIMNIR_MEDIA_ROOT: mediaRoot(),
    GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${redisPort + 1}`,
  };
}

describe('kubernetes quick start with the guide’s secret', () => {
  it('has the keys the manifests need, and no Icecast password', () => {
    expect(Object.keys(secret).sort()).toEqual(
      [
        'GRIMNIR_DB_DSN',
        'GRIMNIR_JWT_SIGNING_KEY',
        'GRIMNIR_REDIS_ADDR',
        'GRIMNIR_REDIS_PASSWORD',
        'POSTGRES_PASSWORD',
        'REDIS_PASSWORD',
      ].sort(),
    );
  });

  it('PostgreSQL’s first-start script creates the DSN’s user and database', async () => {
    const data = asRecord(asRecord(readYaml('kubernetes/postgres-init.yaml'), 'cm')['data'], 'd');
    const script = join(dataDir, 'init.sh');
    writeFileSync(script, String(data['10-grimnir-app-role.sh']));
    const u = new URL(adminUrl);
    await run('sh', [script], {
      env: {
        PATH: process.env.PATH ?? '',
        GRIMNIR_DB_DSN: dsn,
        POSTGRES_USER: decodeURIComponent(u.username),
        POSTGRES_DB: u.pathname.slice(1),
        PGHOST: u.hostname,
        PGPORT: u.port || '5432',
      },
    });
    const role = await admin(
      `SELECT rolpassword IS NOT NULL AS has_password FROM pg_authid WHERE rolname = '${tag}'`,
    );
    expect(role.rows).toEqual([{ has_password: true }]);
    const owner = await admin(
      `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = '${tag}'`,
    );
    expect(owner.rows).toEqual([{ owner: tag }]);
  });

  it('the control plane starts in production from the ConfigMap and the guide’s keys', async () => {
    const cp = await startControlPlane({
      dataDir,
      httpPort: await freePort(),
      metricsPort: await freePort(),
      env: controlPlaneEnv(),
    });
    expect(await cp.stop()).toBe(0);
  });

  it('refuses to start, naming the variable, once a mount feeds Icecast without a password', async () => {
    const client = new pg.Client({ connectionString: new URL(`/${tag}`, adminUrl).toString() });
    await client.connect();
    try {
      // The previous test's start migrated the database.
      await client.query(
        `INSERT INTO stations (id, name, slug, description, timezone, active, public, created_at, updated_at)
         VALUES (gen_random_uuid()::text, 'K8s FM', 'k8s-fm', '', 'UTC', true, true, now(), now())`,
      );
      await client.query(
        `INSERT INTO mounts (id, station_id, name, format, bitrate_kbps, sample_rate, channels,
           icecast_host, icecast_port, icecast_mount, icecast_user, icecast_password, created_at, updated_at)
         SELECT gen_random_uuid()::text, id, 'k8s-main', 'mp3', 128, 44100, 2,
           'icecast.example.org', 8000, '/live', 'source', NULL, now(), now() FROM stations LIMIT 1`,
      );
    } finally {
      await client.end();
    }
    const err = await serveExit({ GRIMNIR_DATA_DIR: dataDir, ...controlPlaneEnv() });
    expect(err.code).toBe(78);
    expect(err.stderr.trim()).toMatch(
      /^grimnirradio: refusing to start, GRIMNIR_ICECAST_SOURCE_PASSWORD: .*mount "k8s-main" feeds Icecast at icecast\.example\.org:8000/,
    );
  });
});
