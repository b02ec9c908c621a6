import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnTied } from './tied-spawn.js';

// The engine's TypeScript entry, found through its package (exports `./*` → `src/*`).
const MAIN = createRequire(import.meta.url).resolve('@grimnir/media-engine/main.ts');

export interface EngineProcess {
  proc: ChildProcess;
  grpcPort: number;
  metricsPort: number;
  address: string;
  // Marker in the environment of the engine and every child it spawns (children get only
  // PATH, HOME, locale and GST_* variables, so it travels as a GST_ variable GStreamer ignores).
  marker: string;
  logs: () => string;
  stop: () => Promise<void>;
  kill9: () => Promise<void>;
}

// Starts a real `mediaengine` on free ports (port 0) and resolves once it listens.
// `args` defaults to the TypeScript sources through tsx; the bench passes the compiled entry.
export async function startEngine(
  env: Record<string, string> = {},
  args: string[] = ['--import', 'tsx', MAIN],
): Promise<EngineProcess> {
  const marker = `GRIMNIR_ENGINE_TEST_${randomUUID()}`;
  const proc = spawnTied(process.execPath, args, {
    env: {
      ...process.env,
      GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: '127.0.0.1:0',
      GRIMNIR_MEDIA_ENGINE_METRICS_PORT: '0',
      GRIMNIR_LOG_LEVEL: 'info',
      GRIMNIR_ENGINE_TEST_MARKER: marker,
      // Test Icecast servers and stream servers listen on loopback, which the outbound fence
      // refuses by default; tests that check the fence pass their own list.
      GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW: '127.0.0.1',
      GST_GRIMNIR_TEST_MARKER: marker,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  proc.stderr?.on('data', (c: Buffer) => (logs += c.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const ports = await new Promise<{ grpcPort: number; metricsPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine did not start:\n${logs}`)), 30_000);
    proc.stdout?.on('data', (c: Buffer) => {
      logs += c.toString();
      const m = /"grpcPort":(\d+),"metricsPort":(\d+)/.exec(logs);
      if (m) {
        clearTimeout(timer);
        resolve({ grpcPort: Number(m[1]), metricsPort: Number(m[2]) });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`engine exited (${code}):\n${logs}`));
    });
  });
  return {
    proc,
    ...ports,
    address: `127.0.0.1:${ports.grpcPort}`,
    marker,
    logs: () => logs,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
    kill9: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

// Pids of live processes (other than zombies) whose environment carries the marker.
export function processesWithMarker(marker: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (!environ.includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (/\) Z /.test(stat)) continue;
      found.push({
        pid: Number(entry),
        cmd: readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' '),
      });
    } catch {
      // The process exited while we looked.
    }
  }
  return found;
}

export async function waitFor<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
