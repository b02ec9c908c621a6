import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildProc {
  readonly pid: number;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  kill(): void;
  stderrTail(): string;
}

export interface SpawnRequest {
  command: string;
  args: readonly string[];
  env?: Record<string, string>;
  // What the child is for, in logs and metrics ("decoder", "encoder", "analysis").
  role: string;
  // Runs the child at this niceness (background work such as analysis yields the CPU to the
  // decoders and encoders of stations on air).
  nice?: number;
}

export type Spawner = (req: SpawnRequest) => ChildProc;

export interface ProcessSupervisor {
  spawn: Spawner;
  live(): number;
  killAll(): void;
}

// Every child runs in its own process group (detached) behind a tiny sh watchdog: the shell
// forks a subshell that blocks reading fd 3, a socket whose other end only the engine holds,
// then execs the real program in its own place. When the engine dies for any reason, even
// SIGKILL, the kernel closes our end, the read returns and the subshell kills the whole group.
// Node has no prctl(PR_SET_PDEATHSIG); this costs one sleeping dash process per child.
const WATCHDOG = '( read -r _ <&3; kill -KILL 0 ) </dev/null >/dev/null 2>&1 & exec "$@" 3<&-';

const CHILD_ENV_NAMES = new Set(['PATH', 'HOME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR']);

/**
 * A child's whole environment: what finding programs, locale and GStreamer need (PATH, HOME,
 * LANG/LC_*, TZ, TMPDIR, GST_*), then the pipeline's own GST_* settings. An allow-list: the
 * engine may be started with the control plane's secrets in its environment (Compose and
 * Kubernetes hand both processes the same variables), and none of them reaches a GStreamer
 * child, where any local user could read it in /proc/<pid>/environ of a misconfigured host.
 */
function childEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  own: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (CHILD_ENV_NAMES.has(name) || name.startsWith('LC_') || name.startsWith('GST_'))
      env[name] = value;
  }
  return { ...env, ...own };
}

export function createProcessSupervisor(
  logger: Logger,
  baseEnv: Readonly<Record<string, string | undefined>>,
): ProcessSupervisor {
  const children = new Set<ChildProc>();

  const spawnChild: Spawner = (req) => {
    const child = spawn(
      '/bin/sh',
      [
        '-c',
        WATCHDOG,
        `mediaengine-${req.role}`,
        ...(req.nice === undefined ? [] : ['nice', '-n', String(req.nice)]),
        req.command,
        ...req.args,
      ],
      {
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
        detached: true,
        env: childEnvironment(baseEnv, req.env),
      },
    );
    const pid = child.pid ?? -1;
    const lifeline = child.stdio[3] as Socket | null;
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-2000);
    });
    let done = false;
    const exited = new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => {
        done = true;
        children.delete(handle);
        // Releases the watchdog subshell, which then reaps the rest of the group.
        lifeline?.destroy();
        resolve({ code, signal });
      });
      child.once('error', (err) => {
        logger.error({ err, role: req.role }, 'child process failed to start');
        done = true;
        children.delete(handle);
        lifeline?.destroy();
        resolve({ code: -1, signal: null });
      });
    });
    // A child that exits while we write must not crash the engine with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdout.on('error', () => undefined);
    lifeline?.on('error', () => undefined);
    const handle: ChildProc = {
      pid,
      stdin: child.stdin,
      stdout: child.stdout,
      exited,
      hasExited: () => done,
      kill: () => killGroup(pid),
      stderrTail: () => tail,
    };
    children.add(handle);
    return handle;
  };

  return {
    spawn: spawnChild,
    live: () => children.size,
    killAll: () => {
      for (const c of children) c.kill();
    },
  };
}

function killGroup(pid: number): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone: nothing to reap.
  }
}
