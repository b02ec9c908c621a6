import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { spawnTied } from '@grimnir/test-kit/tied-spawn.js';
import { CONTROL_PLANE_NODE_FLAGS } from '../ops/node-flags.js';

const root = resolve(import.meta.dirname, '../../../..');
const bin = join(root, 'packages/server/bin/grimnirradio.js');

/** The binary runs compiled JavaScript: bring it up to date with the sources under test. */
export function buildControlPlane(): void {
  execFileSync('npx', ['tsc', '-b', 'packages/contracts', 'packages/server'], {
    cwd: root,
    stdio: 'inherit',
  });
}

export interface ControlPlaneProcess {
  url: string;
  logs: () => string;
  /** SIGTERM and wait for a clean exit (the graceful path an orchestrator takes). */
  stop: () => Promise<number | null>;
  /** SIGKILL: a crash, nothing drained. */
  kill9: () => Promise<void>;
}

export interface ControlPlaneOptions {
  dataDir: string;
  httpPort: number;
  metricsPort: number;
  env?: Record<string, string>;
}

/** A real `grimnirradio serve` on loopback; resolves once /healthz answers ok. */
export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlaneProcess> {
  // Started as every launcher starts it (the soak's memory slope is production's).
  const proc: ChildProcess = spawnTied(
    process.execPath,
    [...CONTROL_PLANE_NODE_FLAGS, bin, 'serve'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        GRIMNIR_DATA_DIR: o.dataDir,
        GRIMNIR_HTTP_BIND: '127.0.0.1',
        GRIMNIR_HTTP_PORT: String(o.httpPort),
        GRIMNIR_METRICS_BIND: '127.0.0.1',
        GRIMNIR_METRICS_PORT: String(o.metricsPort),
        GRIMNIR_DEMO_STATION: 'false',
        GRIMNIR_LOG_LEVEL: 'info',
        ...o.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let logs = '';
  proc.stdout?.on('data', (c: Buffer) => (logs += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (logs += c.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${o.httpPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    // Up once it answers with its database reachable; without an engine it is 503 `degraded`
    // (engine unreachable), which tests without audio expect.
    const ok = await fetch(`${url}/healthz`).then(
      async (r) => ((await r.json()) as { db?: string }).db === 'ok',
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || proc.exitCode !== null)
      throw new Error(`control plane did not start:\n${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    logs: () => logs,
    stop: async () => {
      proc.kill('SIGTERM');
      return exited;
    },
    kill9: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** The REST API of a running control plane, as a logged-in user. */
export interface ApiSession {
  /** The access token (WebSockets take it as `?token=`). */
  token: string;
  call<T>(method: string, url: string, body?: unknown): Promise<T>;
  /** Uploads a media file; resolves to its id. */
  upload(stationId: string, file: string, title: string): Promise<string>;
  /** Another replica of the same deployment, same user. */
  on(base: string): ApiSession;
}

export async function login(base: string, username: string, password: string): Promise<ApiSession> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  const { access_token: token } = (await res.json()) as { access_token: string };
  return session(base, token);
}

function session(base: string, token: string): ApiSession {
  const auth = { authorization: `Bearer ${token}` };
  const send = async <T>(url: string, init: RequestInit): Promise<T> => {
    const res = await fetch(`${base}${url}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
    // 204 No Content (a skip, a delete) has no body to parse.
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    token,
    call: (method, url, body) =>
      send(url, {
        method,
        headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    upload: async (stationId, file, title) => {
      const form = new FormData();
      form.set('station_id', stationId);
      form.set('title', title);
      form.set('file', new Blob([await readFile(file)]), basename(file));
      return (
        await send<{ id: string }>('/api/v1/media', { method: 'POST', headers: auth, body: form })
      ).id;
    },
    on: (other) => session(other, token),
  };
}
