import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '@grimnir/contracts';
import { createEngineClient } from '@grimnir/engine-client';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { makeItem, stationConfig } from '@grimnir/test-kit/station-fixture.js';

// A corrupt file in rotation: the engine gives up on it after its decoder restarts, says so in
// its log with the item and the path, reports it to the control plane (decoder_failed) and
// moves on to the next item, so the station keeps playing.

let tmp: { dir: string; cleanup: () => Promise<void> };
let engine: EngineProcess;

beforeAll(async () => {
  tmp = await makeTempDir();
  engine = await startEngine();
}, 60_000);
afterAll(async () => {
  await engine?.stop();
  await tmp?.cleanup();
});

describe('a file the engine cannot decode', () => {
  it('is reported with its item and path, counted, and the station plays on', async () => {
    const corrupt = path.join(tmp.dir, 'corrupt.mp3');
    await writeFile(corrupt, Buffer.alloc(64 * 1024, 0x5a));
    const good = await makeTone(path.join(tmp.dir, 'good.mp3'), { freq: 440, seconds: 20 });
    const client = createEngineClient({ address: engine.address });
    const events: EngineEvent[] = [];
    // Subscribed once the station exists: an earlier subscriber is refused and resubscribes a
    // moment later, and the events in between are not replayed.
    await client.configureStation(stationConfig('bad', { fallback: [makeItem('g', good)] }));
    const sub = client.subscribeEvents('bad', (ev) => events.push(ev));
    try {
      await client.load('bad', makeItem('x', corrupt), true);
      await client.play('bad');
      const failed = await waitFor(
        () => events.find((e) => e.event === 'decoder_failed'),
        30_000,
        'decoder_failed',
      );
      expect(failed.event === 'decoder_failed' && failed.decoder_failed).toMatchObject({
        item_id: 'x',
        path: corrupt,
        restarts: 5,
      });
      // Automation moved on to the playable fallback item.
      await waitFor(
        () => events.find((e) => e.event === 'track_started' && e.track_started.item_id === 'g'),
        30_000,
        'the next item',
      );
      // Loaded first and started cold, it never sounded: nothing names it as playing or ended.
      const named = events.filter(
        (e) =>
          (e.event === 'track_started' && e.track_started.item_id === 'x') ||
          (e.event === 'track_ended' && e.track_ended.item_id === 'x'),
      );
      expect(named).toEqual([]);
      expect(engine.logs()).toMatch(/decoder failed: giving up on this file/);
      expect(engine.logs()).toContain(corrupt);
      const metrics = await fetch(`http://127.0.0.1:${engine.metricsPort}/metrics`).then((r) =>
        r.text(),
      );
      expect(metrics).toMatch(/^mediaengine_decoder_failures_total 1$/m);
    } finally {
      sub.close();
      client.close();
    }
  }, 90_000);

  it('never goes on air when it was prepared as the next item: the one after it plays', async () => {
    const corrupt = path.join(tmp.dir, 'corrupt-next.mp3');
    await writeFile(corrupt, Buffer.alloc(64 * 1024, 0x33));
    const a = await makeTone(path.join(tmp.dir, 'a.mp3'), { freq: 330, seconds: 6 });
    const b = await makeTone(path.join(tmp.dir, 'b.mp3'), { freq: 550, seconds: 10 });
    const client = createEngineClient({ address: engine.address });
    const events: EngineEvent[] = [];
    await client.configureStation(stationConfig('next', { crossfade_ms: 1000 }));
    const sub = client.subscribeEvents('next', (ev) => events.push(ev));
    try {
      await client.load('next', makeItem('a', a), true);
      await client.load('next', makeItem('x', corrupt), false);
      await client.load('next', makeItem('b', b), false);
      await client.play('next');
      await waitFor(
        () => events.find((e) => e.event === 'track_started' && e.track_started.item_id === 'b'),
        30_000,
        'the item after the corrupt one',
      );
      const failed = events.find((e) => e.event === 'decoder_failed');
      expect(failed?.event === 'decoder_failed' && failed.decoder_failed.item_id).toBe('x');
      // Now-playing follows track_started: the corrupt item is never named, and nothing fell
      // silent while it was skipped.
      const started = events.flatMap((e) =>
        e.event === 'track_started' ? [e.track_started.item_id] : [],
      );
      expect(started).toEqual(['a', 'b']);
      expect(
        events.filter((e) => e.event === 'silence_detected' || e.event === 'underrun'),
      ).toEqual([]);
      expect(engine.logs()).toMatch(/skipping an item that cannot be decoded/);
    } finally {
      sub.close();
      client.close();
    }
  }, 90_000);
});
