import { spawn, type ChildProcess } from 'node:child_process';

interface Backoff {
  /** Delay before the first restart after a crash. */
  initialMs: number;
  /** The delay doubles per crash in a row up to this. */
  maxMs: number;
  /** A run at least this long was stable: the next crash starts from `initialMs` again. */
  stableMs: number;
}

/**
 * systemd's default RestartSec: a killed engine is back on air in about half a second. The engine
 * listens about a second after it starts, so a run of 10 s was a working engine: a death after
 * that is a new incident and restarts at once. (A stable minute, as before, let an engine killed
 * every 30 s — an OOM killer, a bad node — drift to a 30 s wait per death: minutes off air.)
 */
export const ENGINE_BACKOFF: Backoff = { initialMs: 100, maxMs: 30_000, stableMs: 10_000 };

/** The delay before the next restart, from the last delay and how long the run lasted. Pure. */
export function nextDelay(b: Backoff, previousMs: number | undefined, ranMs: number): number {
  if (previousMs === undefined || ranMs >= b.stableMs) return b.initialMs;
  return Math.min(b.maxMs, previousMs * 2);
}

interface SuperviseOptions {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  backoff: Backoff;
  log: {
    info(o: object, msg: string): void;
    warn(o: object, msg: string): void;
    error(o: object, msg: string): void;
  };
  now?: () => number;
}

interface Supervised {
  /** The running child's pid (undefined between a crash and its restart). */
  pid(): number | undefined;
  restarts(): number;
  /** Stops restarting, sends SIGTERM (SIGKILL after `graceMs`) and waits for the exit. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Keeps a child process running the way systemd's `Restart=always` or a Kubernetes pod does:
 * a child that exits for any reason is started again after a back-off that doubles per crash in
 * a row and resets after a stable run, and every exit and restart is logged.
 */
export function supervise(o: SuperviseOptions): Supervised {
  const now = o.now ?? Date.now;
  let child: ChildProcess | undefined;
  let startedAt = 0;
  let delay: number | undefined;
  let restarts = 0;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let exited: Promise<void> = Promise.resolve();

  function start(): void {
    timer = undefined;
    startedAt = now();
    const c = spawn(o.command, [...o.args], { stdio: 'inherit', env: o.env ?? process.env });
    child = c;
    exited = new Promise((resolve) => {
      c.once('exit', (code, signal) => {
        child = undefined;
        resolve();
        onExit(code, signal);
      });
      c.once('error', (err) => {
        o.log.error({ err, process: o.name }, `${o.name} could not be started`);
      });
    });
    if (restarts > 0) o.log.info({ process: o.name, pid: c.pid, restarts }, `${o.name} restarted`);
  }

  function onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (stopping) return;
    const ranMs = now() - startedAt;
    delay = nextDelay(o.backoff, delay, ranMs);
    restarts += 1;
    o.log.warn(
      {
        process: o.name,
        code,
        signal,
        ran_seconds: ranMs / 1000,
        restart_in_seconds: delay / 1000,
      },
      `${o.name} exited (${signal ?? `code ${String(code)}`}); restarting in ${delay / 1000} s`,
    );
    timer = setTimeout(start, delay);
  }

  start();
  return {
    pid: () => child?.pid,
    restarts: () => restarts,
    async stop(graceMs = 10_000) {
      stopping = true;
      if (timer) clearTimeout(timer);
      const c = child;
      if (!c) return;
      c.kill('SIGTERM');
      const kill = setTimeout(() => c.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(kill);
    },
  };
}
