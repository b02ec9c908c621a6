// What happens during a soak, on a repeating cycle: the traffic a station sees (skips, an
// emergency and its release, a live DJ) and the faults an SRE would inject (engine kill -9,
// control-plane restart, PostgreSQL restart, Redis loss, a full media disk, a corrupt file in
// rotation). Each event is recorded with when it started and ended and what it saw.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { openSync, readFileSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
import { sourceRequest } from '@grimnir/server/test-support/source-client.js';
import type { OwnPostgres, OwnRedis, SmallDisk } from './infra.js';
import type { Replica, SupervisedEngine } from './processes.js';
import { DJ_TONE, storedFile, type SoakStation } from './stations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SoakEvent {
  name: string;
  startMs: number;
  endMs: number;
  detail: Record<string, unknown>;
}

interface Rig {
  api: ApiSession; // on the replica that is never restarted
  base: string;
  engine: SupervisedEngine;
  engineAddr: string;
  restartable: Replica;
  pg: OwnPostgres;
  redis: OwnRedis;
  disk: SmallDisk;
  stations: SoakStation[];
  toneFile: string;
  env: NodeJS.ProcessEnv;
  log: (msg: string) => void;
}

type Action = (rig: Rig, cycle: number) => Promise<Record<string, unknown>>;

const skipAll: Action = async (rig) => {
  for (const st of rig.stations)
    await rig.api.call('POST', '/api/v1/playout/skip', { station_id: st.id }).catch(() => null);
  return { stations: rig.stations.length };
};

const engineKill: Action = async (rig) => {
  const before = rig.engine.pid();
  const killedAt = rig.engine.kill9();
  for (let i = 0; i < 600 && (rig.engine.pid() === undefined || rig.engine.pid() === before); i++)
    await sleep(50);
  const restartedAt = Date.now();
  // Listening again: its gRPC port accepts (how long a start takes on this machine right now).
  for (let i = 0; i < 600 && !(await accepts(rig.engineAddr)); i++) await sleep(50);
  return {
    killed_pid: before,
    killed_at: killedAt,
    restarted_after_ms: restartedAt - killedAt,
    listening_after_ms: Date.now() - killedAt,
  };
};

function accepts(addr: string): Promise<boolean> {
  const [host, port] = addr.split(':');
  return new Promise((resolve) => {
    const s = connect(Number(port), host, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

const emergency: Action = async (rig, cycle) => {
  const st = rig.stations[cycle % rig.stations.length]!;
  const em = await rig.api.call<{ id: string }>('POST', '/api/v1/priority/emergency', {
    station_id: st.id,
    media_id: st.emergencyId,
  });
  await sleep(8_000);
  await rig.api.call('DELETE', `/api/v1/priority/${em.id}`).catch(() => null);
  return { station: st.slug };
};

const controlPlaneRestart: Action = async (rig, cycle) => {
  const how = cycle % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
  await rig.restartable.restart(how, 3_000);
  return { replica: rig.restartable.name, how };
};

const postgresRestart: Action = async (rig) => {
  await rig.pg.stop();
  await sleep(20_000);
  await rig.pg.start();
  return { down_s: 20 };
};

const redisLoss: Action = async (rig) => {
  await rig.redis.kill();
  await sleep(20_000);
  await rig.redis.start();
  return { down_s: 20 };
};

const liveDj: Action = async (rig, cycle) => {
  const st = rig.stations[(cycle + 1) % rig.stations.length]!;
  const { password } = await rig.api.call<{ password: string }>('POST', '/api/v1/live/tokens', {
    station_id: st.id,
    mount_id: st.mountId,
    label: `Soak DJ ${cycle + 1}`,
  });
  const port = Number(new URL(rig.base).port);
  const reply = await sourceRequest(port, 'PUT', `/live/${st.mount}`, `source:${password}`);
  if (reply.status !== 200) {
    reply.socket.destroy();
    return { station: st.slug, refused: reply.status };
  }
  const ffmpeg = spawn(
    'ffmpeg',
    [
      ...['-v', 'error', '-re', '-f', 'lavfi', '-i', `sine=frequency=${DJ_TONE}:sample_rate=44100`],
      ...['-af', 'volume=0.3', '-t', '25', '-ac', '2', '-b:a', '128k', '-f', 'mp3', 'pipe:1'],
    ],
    { stdio: ['ignore', 'pipe', 'ignore'], env: rig.env },
  );
  ffmpeg.stdout.pipe(reply.socket);
  reply.socket.on('error', () => undefined);
  await new Promise((r) => ffmpeg.once('exit', r));
  reply.socket.destroy();
  return { station: st.slug };
};

const fullDisk: Action = async (rig) => {
  await rig.disk.fill(512 * 1024);
  const form = new FormData();
  form.set('station_id', rig.stations[0]!.id);
  form.set('title', 'Upload onto a full disk');
  form.set('file', new Blob([readFileSync(rig.toneFile)]), 'full-disk.mp3');
  const res = await fetch(`${rig.base}/api/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${rig.api.token}` },
    body: form,
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  await sleep(15_000);
  await rig.disk.drain();
  await sleep(2_000);
  const leftovers = listTmp(rig.disk.dir);
  return { upload_status: res.status, error: body.error, tmp_files_left: leftovers };
};

function listTmp(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tmp$|\.tmp\./.test(e.name)) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

const corruptFile: Action = (rig, cycle) => Promise.resolve(corrupt(rig, cycle));

function corrupt(rig: Rig, cycle: number): Record<string, unknown> {
  // One more item of the last station per cycle, at most two: the rotation keeps playing.
  if (cycle >= 2) return { skipped: 'two items already corrupted' };
  const st = rig.stations.at(-1)!;
  const [mediaId, hash] = [...st.hashOf].filter(([id]) => id !== st.emergencyId)[cycle]!;
  const file = storedFile(rig.disk.dir, hash);
  if (!file) return { error: 'stored file not found', media_id: mediaId };
  // Garbage over the whole file, its size kept: what a failing disk or a bad copy leaves.
  const size = readFileSync(file).length;
  const fd = openSync(file, 'r+');
  writeSync(fd, randomBytes(size), 0, size, 0);
  closeSync(fd);
  return { station: st.slug, media_id: mediaId };
}

/** One cycle's events as fractions of the cycle. */
const CYCLE: { at: number; name: string; run: Action }[] = [
  { at: 0.04, name: 'skip', run: skipAll },
  { at: 0.1, name: 'engine_kill', run: engineKill },
  { at: 0.18, name: 'emergency', run: emergency },
  { at: 0.27, name: 'control_plane_restart', run: controlPlaneRestart },
  { at: 0.37, name: 'postgres_restart', run: postgresRestart },
  { at: 0.48, name: 'live_dj', run: liveDj },
  { at: 0.58, name: 'redis_loss', run: redisLoss },
  { at: 0.68, name: 'full_disk', run: fullDisk },
  { at: 0.78, name: 'corrupt_file', run: corruptFile },
  { at: 0.84, name: 'skip', run: skipAll },
  { at: 0.9, name: 'engine_kill', run: engineKill },
];

/** Throws on a name that is not one of the cycle's events (before anything starts). */
export function checkFaultNames(names: readonly string[]): void {
  const unknown = names.filter((n) => !CYCLE.some((e) => e.name === n));
  if (unknown.length > 0)
    throw new Error(
      `unknown fault ${unknown.join(', ')}: one of ${[...new Set(CYCLE.map((e) => e.name))].join(', ')}`,
    );
}

/** Runs cycles of `cycleMs` from `startMs` until `endMs`; resolves with what happened. */
export async function runSchedule(
  rig: Rig,
  startMs: number,
  cycleMs: number,
  endMs: number,
  only?: readonly string[],
): Promise<SoakEvent[]> {
  // Each chosen fault once per cycle (the full cycle kills the engine twice, 0.2 cycles apart;
  // on a short cycle that would be a crash loop, which the supervisor rightly backs off from).
  const schedule = only
    ? CYCLE.filter(
        (e, i) => only.includes(e.name) && CYCLE.findIndex((x) => x.name === e.name) === i,
      )
    : CYCLE;
  const events: SoakEvent[] = [];
  for (let cycle = 0; startMs + cycle * cycleMs < endMs; cycle++) {
    for (const e of schedule) {
      const at = startMs + cycle * cycleMs + e.at * cycleMs;
      if (at >= endMs) return events;
      await sleep(Math.max(0, at - Date.now()));
      const begun = Date.now();
      rig.log(`cycle ${cycle + 1}: ${e.name}`);
      let detail: Record<string, unknown>;
      try {
        detail = await e.run(rig, cycle);
      } catch (err) {
        detail = { error: String(err) };
      }
      events.push({ name: e.name, startMs: begun, endMs: Date.now(), detail });
      rig.log(`cycle ${cycle + 1}: ${e.name} done ${JSON.stringify(detail)}`);
    }
  }
  return events;
}
