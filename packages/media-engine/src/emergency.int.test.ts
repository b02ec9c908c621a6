import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient } from '@grimnir/engine-client';
import {
  type EngineProcess,
  processesWithMarker,
  startEngine,
  waitFor,
} from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { makeItem, recordWhile, sleep, stationConfig } from '@grimnir/test-kit/station-fixture.js';
import { toneSequence } from '@grimnir/test-kit/tone-detect.js';

// An emergency sent over gRPC starts on a warm decoder (issue 17): it is heard at the output,
// the warm decoder it used is replaced in the background, and none is left behind when the
// engine stops.

let tmp: { dir: string; cleanup: () => Promise<void> };
let engine: EngineProcess | undefined;

beforeAll(async () => {
  tmp = await makeTempDir();
});

afterAll(async () => {
  await engine?.stop();
  await tmp?.cleanup();
});

// Idle warm decoders: gst-launch itself (its watchdog `sh` carries the same command line).
function warmPids(e: EngineProcess): number[] {
  return processesWithMarker(e.marker)
    .filter((p) => p.cmd.startsWith('gst-launch-1.0') && p.cmd.includes('fdsrc fd=0 ! decodebin'))
    .map((p) => p.pid);
}

describe('emergency on a warm decoder', () => {
  it('is heard, its warm decoder is replaced, and none outlives the engine', async () => {
    const bed = await makeTone(path.join(tmp.dir, 'bed.mp3'), { freq: 440, seconds: 30 });
    const alert = await makeTone(path.join(tmp.dir, 'alert.ogg'), {
      freq: 2650,
      seconds: 2,
      format: 'ogg',
    });
    const e = await startEngine();
    engine = e;
    const warm = await waitFor(
      () => (warmPids(e).length === 1 ? warmPids(e)[0] : undefined),
      10_000,
      'a warm decoder',
    );
    const client = createEngineClient({ address: e.address });
    await client.configureStation(
      stationConfig('em', { fallback: [makeItem('bed', bed, { gain_db: 0 })] }),
    );
    const bytes = await recordWhile(client, 'em', 'main.mp3', async () => {
      await client.play('em');
      await sleep(1500);
      await client.insertEmergency({
        station_id: 'em',
        item: makeItem('alert', alert, { gain_db: 0 }),
        loop: false,
      });
      expect((await client.status('em')).state).toBe('emergency');
      await sleep(2500);
    });
    // The one that was waiting played the alert; a new one waits in its place.
    const replaced = await waitFor(
      () => {
        const now = warmPids(e);
        return now.length === 1 && now[0] !== warm ? now : undefined;
      },
      5_000,
      'a new warm decoder',
    );
    expect(replaced).not.toContain(warm);
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    expect(toneSequence(pcm, [440, 2650])).toEqual([440, 2650, 440]);
    client.close();

    await e.stop();
    await waitFor(
      () => (processesWithMarker(e.marker).length === 0 ? true : undefined),
      5_000,
      'every child gone with the engine',
    );
  }, 30_000);
});
