// The soak's own dependencies, never the machine's shared ones: a PostgreSQL cluster made with
// initdb in the run's temp dir, a redis-server on a free port, and the media root on a small
// tmpfs (so "disk full" is a real ENOSPC-bound disk, not a configuration trick).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@grimnir/test-kit/icecast.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const asRoot = process.getuid?.() === 0;

function pgBin(tool: string): string {
  const version = readdirSync('/usr/lib/postgresql').sort().at(-1) ?? '';
  return path.join('/usr/lib/postgresql', version, 'bin', tool);
}

// PostgreSQL refuses to run as root: on a root machine its tools run as `postgres`.
const asPg = (tool: string, args: string[]) =>
  asRoot ? run('runuser', ['-u', 'postgres', '--', pgBin(tool), ...args]) : run(pgBin(tool), args);

export interface OwnPostgres {
  dsn: string;
  dataDir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The postmaster's pid while it runs. */
  pid(): number | undefined;
}

export async function ownPostgres(dir: string): Promise<OwnPostgres> {
  const dataDir = path.join(dir, 'pg');
  const port = await freePort();
  if (asRoot) {
    await run('chmod', ['755', dir]);
    await run('install', ['-d', '-o', 'postgres', '-m', '700', dataDir]);
  } else mkdirSync(dataDir, { recursive: true });
  await asPg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctl = (action: 'start' | 'stop') =>
    asPg('pg_ctl', [
      '-D',
      dataDir,
      '-w',
      '-l',
      path.join(dataDir, 'server.log'),
      ...(action === 'start'
        ? ['-o', `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1`, 'start']
        : ['-m', 'fast', 'stop']),
    ]);
  await ctl('start');
  await asPg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'soak']);
  let running = true;
  return {
    dsn: `postgres://postgres@127.0.0.1:${port}/soak`,
    dataDir,
    start: async () => {
      await ctl('start');
      running = true;
    },
    stop: async () => {
      running = false;
      await ctl('stop').catch(() => undefined);
    },
    pid: () => {
      if (!running) return undefined;
      try {
        return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      } catch {
        return undefined;
      }
    },
  };
}

export interface OwnRedis {
  addr: string;
  start(): Promise<void>;
  /** SIGKILL: Redis lost, as a crashed or partitioned instance would be. */
  kill(): Promise<void>;
  pid(): number | undefined;
}

export async function ownRedis(env: NodeJS.ProcessEnv): Promise<OwnRedis> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
      env,
    });
    for (let i = 0; i < 100; i++) {
      const up = await run('redis-cli', ['-p', String(port), 'ping']).then(
        (r) => r.stdout.includes('PONG'),
        () => false,
      );
      if (up) return;
      await sleep(100);
    }
    throw new Error('redis-server did not start');
  };
  await start();
  return {
    addr: `127.0.0.1:${port}`,
    start,
    kill: async () => {
      const p = proc;
      proc = undefined;
      if (!p || p.exitCode !== null) return;
      const gone = new Promise((res) => p.once('exit', res));
      p.kill('SIGKILL');
      await gone;
    },
    pid: () => (proc && proc.exitCode === null ? proc.pid : undefined),
  };
}

export interface SmallDisk {
  dir: string;
  /** Fills the disk up to `leaveBytes` free with one filler file. */
  fill(leaveBytes: number): Promise<void>;
  /** Removes the filler. */
  drain(): Promise<void>;
  freeBytes(): number;
  unmount(): Promise<void>;
}

/** A tmpfs of `sizeMb` (needs root); false when mounting is not permitted here. */
export async function smallDisk(dir: string, sizeMb: number): Promise<SmallDisk | false> {
  mkdirSync(dir, { recursive: true });
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  } catch {
    return false;
  }
  const filler = path.join(dir, '.soak-filler');
  const freeBytes = () => {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    freeBytes,
    fill: async (leaveBytes) => {
      const bytes = Math.max(0, freeBytes() - leaveBytes);
      await run('fallocate', ['-l', String(bytes), filler]).catch(() =>
        run('dd', [
          'if=/dev/zero',
          `of=${filler}`,
          'bs=1M',
          `count=${Math.floor(bytes / 2 ** 20)}`,
        ]),
      );
    },
    drain: () => fs.promises.rm(filler, { force: true }),
    unmount: async () => {
      await run('umount', ['-l', dir]).catch(() => undefined);
    },
  };
}
