// The director against a real media engine: back-to-back hard-timed items (tones alternating
// 440/880 Hz, cut at each start), the station's MP3 output recorded from its first byte and
// decoded, each tone change located on the station clock. "Heard" is what the stream carries;
// "reported" is the engine's track_started (what play history records).
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { startEngine, waitFor } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import {
  mp3DelaySamples,
  samplesToMs,
  timedRecorder,
  toneOnsetSample,
} from '@grimnir/test-kit/heard-timing.js';
import { goertzelAmplitude } from '@grimnir/test-kit/tone-detect.js';
import { systemClock } from '@grimnir/server/infra/clock.js';
import { createEngineClient } from '@grimnir/engine-client';
import { singleInstanceLeadership } from '@grimnir/server/infra/leadership.js';
import { createDirector } from '@grimnir/server/modules/playout/director/director.js';
import { engineControlFromClient } from '@grimnir/server/modules/playout/engine/engine-adapter.js';
import { createPlayoutMetrics } from '@grimnir/server/modules/playout/director/playout.metrics.js';
import {
  inMemoryUpcomingItems,
  type EngineControl,
  type UpcomingItem,
} from '@grimnir/server/modules/playout/ports.js';
import { StationDirector } from '@grimnir/server/modules/playout/director/station-director.js';
import {
  memoryPlayoutStore,
  testMedia,
} from '@grimnir/server/test-support/memory-playout-store.js';

const S = 'bench-real';
const RATE = 44_100;
const KBPS = 128;
const FREQS = [440, 880] as const;

interface RealEngineResult {
  heard: number[];
  /** Items heard more than 100 ms off: index and error, to look at. */
  outliers: string[];
  reported: number[];
  clockRttMs: number;
  planned: number;
}

export async function runRealEngine(opts: {
  items: number;
  spacingMs: number;
  busyMs: number;
}): Promise<RealEngineResult> {
  const tmp = await makeTempDir('grimnir-bench-');
  const mem = memoryPlayoutStore();
  const seconds = Math.ceil(opts.spacingMs / 1000) + 3;
  // The station's fallback (all its media, in the memory store) is a third tone, so what plays
  // before the first hard item is not mistaken for it; the scheduled tones belong elsewhere.
  for (const [f, owner] of [...FREQS.map((x) => [x, 'library'] as const), [330, S] as const]) {
    await makeTone(path.join(tmp.dir, `t${f}.wav`), { freq: f, seconds, format: 'wav' });
    mem.media.set(`m${f}`, testMedia(owner, `m${f}`, { storage_path: `t${f}.wav` }));
  }
  const codecDelay = await mp3DelaySamples(tmp.dir, KBPS);
  const engine = await startEngine({ GRIMNIR_MEDIA_ENGINE_LATENCY: '500' });
  const client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
  await client.waitForReady(10_000);
  const control = engineControlFromClient(client);
  const heard = timedRecorder();
  let out: { close(): void } | undefined;
  let clock = { sentAt: 0, ackedAt: 0 };
  const recording: EngineControl = {
    ...control,
    configure: async (id, settings) => {
      const sentAt = Date.now();
      await control.configure(id, settings);
      if (out) return;
      clock = { sentAt, ackedAt: Date.now() };
      out = client.subscribeOutput(S, 'bench.mp3', heard.onData);
    },
  };
  const start = Date.now() + 5_000;
  const items: UpcomingItem[] = [];
  for (let i = 0; i < opts.items; i++) {
    const startMs = start + i * opts.spacingMs;
    items.push({
      id: `h${i}`,
      stationId: S,
      startMs,
      endMs: startMs + opts.spacingMs,
      kind: 'media',
      mediaId: `m${FREQS[i % 2]}`,
      cueInMs: null,
      cueOutMs: null,
      fadeInMs: 0,
      fadeOutMs: null,
      hardStart: true,
      label: null,
    });
  }
  const log = pino({ level: 'silent' });
  const director = createDirector({
    leadership: singleInstanceLeadership(),
    runnableStations: () => Promise.resolve([S]),
    log,
    makeStation: (stationId) =>
      new StationDirector({
        stationId,
        engine: recording,
        upcoming: inMemoryUpcomingItems(items),
        store: mem.store,
        config: () =>
          Promise.resolve({
            crossfadeMs: 0,
            crossfadeCurve: 'linear',
            loudnessTargetLufs: -16,
            outputs: [
              {
                mount: 'bench.mp3',
                format: 'mp3',
                bitrateKbps: KBPS,
                sampleRate: RATE,
                channels: 2,
                icecast: null,
              },
            ],
          }),
        clock: systemClock,
        events: { publish: () => undefined },
        metrics: createPlayoutMetrics(new Registry()),
        log,
        mediaRoot: tmp.dir,
        deadAirMs: 60_000,
      }),
  });
  const busy = setInterval(() => {
    const until = performance.now() + opts.busyMs;
    while (performance.now() < until);
  }, 10);
  try {
    await director.start();
    const end = start + opts.items * opts.spacingMs;
    await waitFor(() => (Date.now() >= end ? true : undefined), end - Date.now() + 5_000, 'end');
    const complete = await client.status(S);
    if (complete.outputs[0]?.bytes_sent !== heard.received())
      console.warn('  (output not received from its first byte: heard figures are shifted)');
  } finally {
    clearInterval(busy);
    out?.close();
    await director.stop();
    client.close();
    await engine.stop();
  }
  const pcm = await decodeBytesToMono(heard.bytes(), tmp.dir, 'mp3');
  await tmp.cleanup();
  const clockMid = (clock.sentAt + clock.ackedAt) / 2;
  const at = (ms: number) => Math.round(((ms - clockMid) * RATE) / 1000) + codecDelay;
  const result: RealEngineResult = {
    heard: [],
    outliers: [],
    reported: [],
    clockRttMs: clock.ackedAt - clock.sentAt,
    planned: opts.items,
  };
  for (const [i, item] of items.entries()) {
    const f = FREQS[i % 2] as number;
    const from = at(item.startMs - 300);
    const steady = goertzelAmplitude(pcm.subarray(at(item.startMs + 300), at(item.endMs - 300)), f);
    const onset = toneOnsetSample(pcm, f, steady, from);
    if (onset !== undefined) {
      const error = clockMid + samplesToMs(onset - codecDelay) - item.startMs;
      result.heard.push(error);
      if (Math.abs(error) > 100) result.outliers.push(`#${i} ${error.toFixed(0)} ms`);
    }
    const row = mem.history.find((h) => h.item_id === `s:h${i}:m${f}`);
    if (row) result.reported.push(Date.parse(row.started_at) - item.startMs);
  }
  return result;
}
