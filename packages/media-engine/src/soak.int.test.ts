import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import {
  processesWithMarker,
  startEngine,
  waitFor,
  type EngineProcess,
} from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { makeItem, stationConfig } from '@grimnir/test-kit/station-fixture.js';

// Engines that leak are a known way radio stations die at 3 a.m. This drives one station through
// many short items, skips, emergencies and listeners coming and going, then checks that the
// engine holds no more processes, descriptors or memory than the work in hand needs.

let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
  engine = await startEngine();
  client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
  await client.waitForReady(10_000);
}, 60_000);
afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function footprint(): { children: number; fds: number; rssMb: number } {
  const pid = engine.proc.pid!;
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  return {
    children: processesWithMarker(engine.marker).filter((p) => p.pid !== pid).length,
    fds: readdirSync(`/proc/${pid}/fd`).length,
    rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
  };
}

describe('engine soak', () => {
  it('returns every process and descriptor after 80 items, skips, emergencies and listeners', async () => {
    const files = await Promise.all(
      [440, 550, 660, 770].map((f) =>
        makeTone(path.join(tmp.dir, `s${f}.mp3`), { freq: f, seconds: 0.8, volume: 0.3 }),
      ),
    );
    const idle = footprint();
    const id = 'soak';
    await client.configureStation(
      stationConfig(id, {
        crossfade_ms: 200,
        crossfade_curve: 'EQUAL_POWER',
        fallback: [makeItem('fb', files[0]!)],
      }),
    );
    let started = 0;
    const events = client.subscribeEvents(id, (e) => {
      if (e.event === 'track_started') started += 1;
    });
    for (let i = 0; i < 80; i++) await client.load(id, makeItem(`i${i}`, files[i % 4]!));
    await client.play(id);

    let warm: ReturnType<typeof footprint> | undefined;
    let listeners: { close(): void }[] = [];
    for (let round = 0; started < 80 && round < 120; round++) {
      await sleep(500);
      if (round === 6) warm = footprint();
      // Listeners come and go; some never read (their subscription is just closed later).
      listeners.push(client.subscribeOutput(id, 'main.mp3', () => undefined));
      if (listeners.length > 4) {
        for (const l of listeners) l.close();
        listeners = [];
      }
      if (round % 9 === 4) await client.skip(id);
      if (round % 17 === 8) {
        await client.insertEmergency({
          station_id: id,
          item: makeItem(`em${round}`, files[3]!),
          loop: false,
        });
        await sleep(300);
        await client.releaseEmergency(id);
      }
    }
    for (const l of listeners) l.close();
    expect(started).toBeGreaterThanOrEqual(80);
    const busy = footprint();

    // Stopped: only the station's encoder is left; removed: nothing at all.
    await client.stop(id);
    await waitFor(
      () => (footprint().children <= warm!.children ? true : undefined),
      10_000,
      'decoders gone after stop',
    );
    await client.removeStation(id);
    events.close();
    const gone = await waitFor(
      () => {
        const f = footprint();
        return f.children === idle.children ? f : undefined;
      },
      10_000,
      'every child gone after remove',
    );
    console.info('engine soak', { idle, warm, busy, gone, items: started });
    // Pipes of finished decoders were all closed (a few for gRPC/HTTP sockets may linger).
    expect(gone.fds).toBeLessThanOrEqual(idle.fds + 6);
    // Memory settles: what 80 items added beyond the warmed-up engine is bounded.
    expect(busy.rssMb - warm!.rssMb).toBeLessThan(40);
  }, 180_000);
});
