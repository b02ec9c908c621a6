import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildControlPlane } from './test-support/control-plane-process.js';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/server/bin/grimnirradio.js');
const run = promisify(execFile);
let dataDir: string;

beforeAll(() => {
  buildControlPlane();
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-cli-'));
}, 120_000);
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
    socket.once('timeout', () => {
      socket.destroy();
      res(false);
    });
  });
}

const baseEnv = () => ({
  PATH: process.env.PATH ?? '',
  GRIMNIR_DATA_DIR: dataDir,
  GRIMNIR_DEMO_STATION: 'false',
  GRIMNIR_LOG_LEVEL: 'info',
});

describe('grimnirradio binary', () => {
  it('refuses production with placeholder secrets, naming each variable', async () => {
    const err = await run('node', [bin, 'serve'], {
      env: {
        ...baseEnv(),
        GRIMNIR_ENV: 'production',
        GRIMNIR_JWT_SIGNING_KEY: 'changeme',
        GRIMNIR_ICECAST_SOURCE_PASSWORD: 'hackme',
        GRIMNIR_WEBRTC_TURN_URL: 'turn:x',
      },
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(78);
    for (const name of [
      'GRIMNIR_JWT_SIGNING_KEY',
      'GRIMNIR_ICECAST_SOURCE_PASSWORD',
      'GRIMNIR_WEBRTC_TURN_USERNAME',
      'GRIMNIR_WEBRTC_TURN_PASSWORD',
    ])
      expect(err?.stderr).toContain(name);
  });

  it('user create in production refuses a guessable password, naming the problem', async () => {
    const env = {
      ...baseEnv(),
      GRIMNIR_ENV: 'production',
      GRIMNIR_JWT_SIGNING_KEY: randomBytes(32).toString('base64url'),
    };
    const create = (username: string, password: string) =>
      run(
        'node',
        [
          bin,
          'user',
          'create',
          '--username',
          username,
          '--email',
          `${username}@example.test`,
          '--password',
          password,
        ],
        { env },
      ).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const weak = await create('weakling', 'password123');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(
      /password is too easy to guess \(estimated 10\^\d+ guesses, needs 10\^8\): /,
    );
    const short = await create('shorty', 'x');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('password must be at least 8 characters');
    const strong = await create('strongling', 'tangerine-vessel-orbit-42');
    expect(strong.code).toBe(0);
    expect(strong.stdout).toContain('created user strongling');
  });

  it('migrate applies migrations and logs lines containing "migration"', async () => {
    const { stdout } = await run('node', [bin, 'migrate'], { env: baseEnv() });
    expect(stdout).toMatch(/migration/);
    const again = await run('node', [bin, 'migrate'], { env: baseEnv() });
    expect(again.stdout).toMatch(/up to date/);
  });

  it('serves API and metrics, prints the first admin password once, and stops cleanly on SIGTERM', async () => {
    const [http, metrics] = [await freePort(), await freePort()];
    const child = spawn('node', [bin], {
      env: {
        ...baseEnv(),
        GRIMNIR_HTTP_PORT: String(http),
        GRIMNIR_METRICS_PORT: String(metrics),
        // No bind variables: a default install answers on loopback only.
        GRIMNIR_DATA_DIR: mkdtempSync(join(tmpdir(), 'grimnir-serve-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 100 && !out.includes('metrics listening'); i++)
        await new Promise((r) => setTimeout(r, 100));
      const password = /password: (\S+)/.exec(out)?.[1];
      expect(password).toBeDefined();
      // The password is in the human banner only, never inside a JSON log line.
      expect(out.split('\n').filter((l) => l.startsWith('{') && l.includes(password!))).toEqual([]);
      const health = await fetch(`http://127.0.0.1:${http}/healthz`);
      // No media engine runs in this test: the binary says so instead of claiming to be well.
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({
        status: 'degraded',
        leader: true,
        db: 'ok',
        engine: 'unreachable',
      });
      const login = await fetch(`http://127.0.0.1:${http}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      // Not on the machine's other addresses (CI runners and this host have one on eth0).
      const outward = externalAddresses();
      expect(outward.length).toBeGreaterThan(0);
      for (const address of outward)
        for (const port of [http, metrics])
          expect(await connects(address, port), `${address}:${port}`).toBe(false);
      expect(await connects('127.0.0.1', http)).toBe(true);
      const text = await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text();
      expect(text).toContain('process_resident_memory_bytes');
      expect(text).toMatch(
        /http_request_duration_seconds\{quantile="0.99",method="POST",route="\/api\/v1\/auth\/login",status="200"\}/,
      );
      expect(text).toContain('grimnir_leader_election_changes_total');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('shutdown complete');
  });

  it('two replicas sharing Redis elect exactly one leader, visible in /healthz', async () => {
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    const prefix = `grimnir-test-${process.pid}-${Date.now()}:`;
    const children = [0, 1].map((i) =>
      spawn('node', [bin], {
        env: {
          ...baseEnv(),
          GRIMNIR_REDIS_ADDR: '127.0.0.1:6379',
          GRIMNIR_REDIS_KEY_PREFIX: prefix,
          GRIMNIR_HTTP_BIND: '127.0.0.1',
          GRIMNIR_METRICS_BIND: '127.0.0.1',
          GRIMNIR_HTTP_PORT: String(ports[i * 2]),
          GRIMNIR_METRICS_PORT: String(ports[i * 2 + 1]),
          GRIMNIR_ADMIN_PASSWORD: 'replica-admin-pw',
          GRIMNIR_DATA_DIR: mkdtempSync(join(tmpdir(), 'grimnir-replica-')),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    const health = async (port: number | undefined) =>
      fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.json() as Promise<{ leader: boolean }>,
        () => undefined,
      );
    try {
      let leaders: (boolean | undefined)[] = [];
      for (let i = 0; i < 300; i++) {
        await new Promise((r) => setTimeout(r, 100));
        leaders = [(await health(ports[0]))?.leader, (await health(ports[2]))?.leader];
        if (leaders.filter((l) => l === true).length === 1 && !leaders.includes(undefined)) break;
      }
      expect(leaders.sort()).toEqual([false, true]);
    } finally {
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
    }
  });
});
