// The real binaries: `mediaengine` under the same supervisor `npm start` uses (restarted with
// back-off after a kill -9), and `grimnirradio serve` replicas that can be restarted on the
// same ports. Every process carries the run's marker (a GST_ variable, which the engine passes on
// to its GStreamer children) so the orphan check finds exactly this run's leftovers.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { processesWithMarker } from '@grimnir/test-kit/engine-process.js';
import { ENGINE_BACKOFF, supervise } from '@grimnir/server/ops/supervisor.js';
import {
  startControlPlane,
  type ControlPlaneProcess,
} from '@grimnir/server/test-support/control-plane-process.js';

const ENGINE_BIN = path.resolve(
  import.meta.dirname,
  '../../packages/media-engine/bin/mediaengine.js',
);

export interface SupervisedEngine {
  pid(): number | undefined;
  restarts(): number;
  /** kill -9 of the running engine; resolves with the time it was sent. */
  kill9(): number;
  stop(): Promise<void>;
}

export function supervisedEngine(env: NodeJS.ProcessEnv, logFile: string): SupervisedEngine {
  // The supervisor's own lines go to the same file as the engine's: what an operator reads.
  const log = pino(
    { base: { service: 'grimnir-start' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: logFile, append: true, sync: true }),
  );
  // `exec` keeps the engine's pid the one the supervisor watches (and the fault kills).
  const engine = supervise({
    name: 'mediaengine',
    command: '/bin/sh',
    args: ['-c', `exec "${process.execPath}" "${ENGINE_BIN}" >>"${logFile}" 2>&1`],
    env,
    backoff: ENGINE_BACKOFF,
    log,
  });
  return {
    pid: () => engine.pid(),
    restarts: () => engine.restarts(),
    kill9: () => {
      const pid = engine.pid();
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
      return Date.now();
    },
    stop: () => engine.stop(),
  };
}

export interface Replica {
  name: string;
  url: string;
  current(): ControlPlaneProcess | undefined;
  pid(): number | undefined;
  /** Stops (SIGTERM, or SIGKILL as a crash) and starts again on the same ports. */
  restart(how: 'SIGTERM' | 'SIGKILL', downMs: number): Promise<void>;
  stop(): Promise<void>;
  strayStderrLines(): number;
  logs(): string;
}

export async function replica(
  name: string,
  opts: { dataDir: string; httpPort: number; metricsPort: number; env: Record<string, string> },
): Promise<Replica> {
  let cp: ControlPlaneProcess | undefined;
  let pastLogs = '';
  const pidOf = () => {
    // spawnTied execs the node binary in place of its shell: the listener on the HTTP port.
    for (const p of processesWithMarker(opts.env.GST_GRIMNIR_SOAK_MARKER ?? '')) {
      if (p.cmd.includes('grimnirradio.js serve') && ownsPort(p.pid, opts.httpPort)) return p.pid;
    }
    return undefined;
  };
  let pid: number | undefined;
  const start = async () => {
    cp = await startControlPlane(opts);
    pid = pidOf();
  };
  await start();
  return {
    name,
    url: `http://127.0.0.1:${opts.httpPort}`,
    current: () => cp,
    pid: () => pid,
    restart: async (how, downMs) => {
      const old = cp;
      cp = undefined;
      pid = undefined;
      pastLogs += old?.logs() ?? '';
      if (how === 'SIGKILL') await old?.kill9();
      else await old?.stop();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    stop: async () => {
      pastLogs += cp?.logs() ?? '';
      await cp?.stop();
      cp = undefined;
    },
    logs: () => pastLogs + (cp?.logs() ?? ''),
    strayStderrLines: () =>
      (pastLogs + (cp?.logs() ?? ''))
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('{')).length,
  };
}

function ownsPort(pid: number, port: number): boolean {
  // The socket inodes this pid holds, against /proc/net/tcp's listeners on `port`.
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const line of readFileSync(table, 'latin1').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9] ?? '');
      }
    } catch {
      // No IPv6 table.
    }
  }
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m && inodes.has(m[1]!)) return true;
    }
  } catch {
    return false;
  }
  return false;
}

/** RSS (kB, the process and its children) and open descriptors of one process tree. */
export function sampleTree(root: number): { rssKb: number; fds: number } | undefined {
  const pids = [root, ...descendants(root)];
  let rssKb = 0;
  let fds = 0;
  for (const pid of pids) {
    try {
      const m = /^Rss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
      rssKb += Number(m?.[1] ?? 0);
      fds += readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      if (pid === root) return undefined;
    }
  }
  return { rssKb, fds };
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** This run's processes still alive (after everything was stopped: orphans). */
export const leftovers = (marker: string) => processesWithMarker(marker);
