import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBytesToMono, makeTempDir } from '@grimnir/test-kit/fixtures.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { spawnTied } from '@grimnir/test-kit/tied-spawn.js';
import { longestSilentRun } from '@grimnir/test-kit/tone-detect.js';
import { buildControlPlane, login } from '../test-support/control-plane-process.js';
import { timedListener } from '../test-support/heard-audio.js';

// `npm start`'s command (scripts/start.sh execs packages/server/bin/grimnir-start.js) with the
// demo station: the engine is killed with SIGKILL, as an OOM killer would. The supervisor brings
// it back; meanwhile /healthz and now-playing must say the station is off air, and right after,
// name what plays again. Ctrl-C then stops everything, leaving no process behind.

const root = path.resolve(import.meta.dirname, '../../../..');
const startBin = path.join(root, 'packages/server/bin/grimnir-start.js');
const PASSWORD = 'engine-kill-admin-1';
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  buildControlPlane();
  tmp = await makeTempDir();
}, 180_000);
afterAll(async () => {
  await tmp?.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Live child pids of `pid` (from /proc), with their command lines. */
function children(pid: number): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || Number(fields[1]) !== pid) continue;
      out.push({ pid: Number(e), cmd: readFileSync(`/proc/${e}/cmdline`, 'utf8') });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

interface NowPlaying {
  on_air: boolean;
  off_air_reason: string | null;
  current: { item_id: string } | null;
}

describe('npm start supervises the media engine', () => {
  it('a killed engine is restarted; now-playing and /healthz are off air, then right', async () => {
    const http = await freePort();
    const engineAddr = `127.0.0.1:${await freePort()}`;
    const proc = spawnTied(process.execPath, [startBin], {
      env: {
        PATH: process.env.PATH ?? '',
        GRIMNIR_DATA_DIR: path.join(tmp.dir, 'data'),
        GRIMNIR_HTTP_BIND: '127.0.0.1',
        GRIMNIR_HTTP_PORT: String(http),
        GRIMNIR_METRICS_BIND: '127.0.0.1',
        GRIMNIR_METRICS_PORT: String(await freePort()),
        GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engineAddr,
        GRIMNIR_MEDIA_ENGINE_METRICS_PORT: String(await freePort()),
        GRIMNIR_MEDIA_ENGINE_LATENCY: '200',
        GRIMNIR_DEMO_STATION: 'true',
        GRIMNIR_ADMIN_PASSWORD: PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    proc.stdout?.on('data', (c: Buffer) => (logs += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (logs += c.toString()));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const url = `http://127.0.0.1:${http}`;
    const health = () =>
      fetch(`${url}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
    const waitFor = async (what: string, ok: () => Promise<boolean>, ms = 60_000) => {
      const until = Date.now() + ms;
      while (!(await ok())) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await sleep(100);
      }
      return Date.now();
    };
    let failure: Error | undefined;
    try {
      await waitFor('the control plane', async () => (await health()) !== 0);
      const api = await login(url, 'admin', PASSWORD);
      await waitFor('the demo station', async () => {
        const list = await api.call<{ id: string }[]>('GET', '/api/v1/stations');
        return list.length > 0;
      });
      const [station] = await api.call<{ id: string }[]>('GET', '/api/v1/stations');
      const [mount] = await api.call<{ name: string }[]>(
        'GET',
        `/api/v1/stations/${station!.id}/mounts`,
      );
      const nowPlaying = () =>
        api.call<NowPlaying>('GET', `/api/v1/stations/${station!.id}/now-playing`);
      await waitFor(
        'the demo station on air',
        async () => (await nowPlaying()).current !== null && (await health()) === 200,
        120_000,
      );
      const ear = timedListener(`${url}/stream/${mount!.name}`);
      expect(await ear.status).toBe(200);
      await sleep(3_000);

      // A crash loop: five kills in a row, each as soon as the supervisor has restarted the
      // engine, so the back-off (0.1, 0.2, 0.4, 0.8, 1.6 s) keeps the engine away longer than
      // the 2 s after which a station counts as off air. One kill alone is healed well before
      // that, rightly without an off-air report (the listener hears under 2 s of silence).
      const engineNow = () => children(proc.pid!).find((c) => c.cmd.includes('mediaengine'));
      const killedAt = Date.now();
      let previous: number | undefined;
      for (let kill = 0; kill < 5; kill++) {
        await waitFor('a running engine', () => {
          const e = engineNow();
          return Promise.resolve(e !== undefined && e.pid !== previous);
        });
        previous = engineNow()!.pid;
        process.kill(previous, 'SIGKILL');
      }
      const offAirAt = await waitFor('now-playing off air', async () => {
        const np = await nowPlaying();
        return !np.on_air && np.off_air_reason === 'engine_unreachable' && np.current === null;
      });
      const degradedAt = await waitFor('/healthz 503', async () => (await health()) === 503);
      const backAt = await waitFor('now-playing on air again', async () => {
        const np = await nowPlaying();
        return np.on_air && np.current !== null;
      });
      const healthyAt = await waitFor('/healthz 200', async () => (await health()) === 200);
      await sleep(4_000);
      const { bytes } = ear.stop();
      // The supervisor said what it did, in its JSON log.
      expect(logs).toMatch(/mediaengine exited \(SIGKILL\); restarting in 0\.1 s/);
      expect(logs).toMatch(/mediaengine exited \(SIGKILL\); restarting in 1\.6 s/);
      expect(logs).toMatch(/"msg":"station off air"/);
      const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
      const gapS = longestSilentRun(pcm, 0.003, 44_100) / 44_100;
      // The figures the issue asks for, in the test output.
      process.stderr.write(
        `engine kill: now-playing off air after ${offAirAt - killedAt} ms, /healthz 503 after ` +
          `${degradedAt - killedAt} ms; now-playing back after ${backAt - killedAt} ms, ` +
          `/healthz 200 after ${healthyAt - killedAt} ms; longest silence heard ${gapS.toFixed(2)} s\n`,
      );
      expect(pcm.length / 44_100).toBeGreaterThan(5);
    } catch (err) {
      failure = new Error(`${String(err)}\n--- logs ---\n${logs.slice(-8_000)}`);
    }
    // Ctrl-C: the supervisor stops the control plane and the engine and leaves nothing behind.
    const pids = [
      proc.pid!,
      ...children(proc.pid!)
        .filter((c) => c.cmd.startsWith(process.execPath))
        .map((c) => c.pid),
    ];
    proc.kill('SIGINT');
    await exited;
    const alive = () =>
      pids.filter((p) => {
        try {
          process.kill(p, 0);
          return true;
        } catch {
          return false;
        }
      });
    for (let i = 0; i < 50 && alive().length > 0; i++) await sleep(100);
    if (failure) throw failure;
    expect(alive()).toEqual([]);
    expect(logs).toMatch(/stopping the control plane and the media engine/);
  }, 300_000);
});
