import { describe, expect, it } from 'vitest';
import { engineControlFromClient, eventView, type EngineClientLike } from './engine-adapter.js';

function fakeClient(over: Partial<EngineClientLike> = {}) {
  const calls: { method: string; args: unknown[] }[] = [];
  const ok = (method: string) =>
    ((...args: unknown[]) => {
      calls.push({ method, args });
      return Promise.resolve({ ok: true, message: '' });
    }) as never;
  const client: EngineClientLike = {
    configureStation: ok('configureStation'),
    load: ok('load'),
    play: ok('play'),
    stop: ok('stop'),
    skip: ok('skip'),
    transition: ok('transition'),
    insertEmergency: ok('insertEmergency'),
    releaseEmergency: ok('releaseEmergency'),
    status: () =>
      Promise.resolve({
        state: 'playing',
        current: { item_id: 's:a:m', position_ms: 1234 },
        queue: [{ item_id: 's:b:m' }],
      }),
    subscribeEvents: () => ({ close: () => undefined }),
    ...over,
  };
  return { client, calls };
}

const item = {
  id: 's:a:m',
  path: '/media/a.mp3',
  title: 'A',
  cueInMs: 500,
  cueOutMs: 170_000,
  fadeInMs: 0,
  fadeOutMs: 0,
  loudnessLufs: -12,
};

describe('engineControlFromClient', () => {
  it('speaks the proto shapes: snake_case items, enum names for curves and formats', async () => {
    const { client, calls } = fakeClient();
    const engine = engineControlFromClient(client);
    await engine.load('st', item, true);
    await engine.load('st', item, true, true);
    await engine.transition('st', 3000, 's_curve');
    await engine.transition('st', 200, 'linear', 1_772_366_405_000);
    await engine.configure('st', {
      outputs: [
        {
          mount: 'main',
          format: 'opus',
          bitrateKbps: 96,
          sampleRate: 48000,
          channels: 2,
          icecast: null,
        },
      ],
      loudnessTargetLufs: -16,
      crossfadeMs: 3000,
      crossfadeCurve: 'equal_power',
      fallback: [item],
      silenceThresholdDb: -50,
      silenceDurationMs: 2000,
    });
    expect(calls[0]).toEqual({
      method: 'load',
      args: [
        'st',
        {
          id: 's:a:m',
          path: '/media/a.mp3',
          title: 'A',
          cue_in_ms: 500,
          cue_out_ms: 170_000,
          fade_in_ms: 0,
          fade_out_ms: 0,
          loudness_lufs: -12,
        },
        true,
        false,
      ],
    });
    // Held for a timed transition.
    expect(calls[1]?.args.slice(2)).toEqual([true, true]);
    // No time means now (0 on the wire); a time is passed through as unix ms.
    expect(calls[2]).toEqual({ method: 'transition', args: ['st', 3000, 'S_CURVE', 0] });
    expect(calls[3]).toEqual({
      method: 'transition',
      args: ['st', 200, 'LINEAR', 1_772_366_405_000],
    });
    expect(calls[4]?.args[0]).toMatchObject({
      station_id: 'st',
      outputs: [{ mount: 'main', format: 'OPUS', bitrate_kbps: 96, sample_rate: 48000 }],
      crossfade_curve: 'EQUAL_POWER',
      fallback: [{ id: 's:a:m', cue_in_ms: 500 }],
      silence_threshold_db: -50,
    });
  });

  it('maps status, and an unknown station (engine restarted) to absent', async () => {
    const { client } = fakeClient();
    expect(await engineControlFromClient(client).status('st')).toEqual({
      state: 'playing',
      currentItemId: 's:a:m',
      positionMs: 1234,
      queuedItemIds: ['s:b:m'],
    });
    const gone = fakeClient({
      status: () => Promise.reject(Object.assign(new Error('unknown station'), { code: 5 })),
    });
    expect((await engineControlFromClient(gone.client).status('st')).state).toBe('absent');
    const down = fakeClient({
      status: () => Promise.reject(Object.assign(new Error('unavailable'), { code: 14 })),
    });
    await expect(engineControlFromClient(down.client).status('st')).rejects.toThrow('unavailable');
  });

  it('turns a refused ack into an error', async () => {
    const { client } = fakeClient({
      play: () => Promise.resolve({ ok: false, message: 'no such station' }),
    });
    await expect(engineControlFromClient(client).play('st')).rejects.toThrow('no such station');
  });

  it.each([
    [
      {
        station_id: 's',
        at_ms: 5,
        event: 'track_started',
        track_started: { item_id: 'i', source: 'automation' },
      },
      { type: 'track_started', atMs: 5, itemId: 'i', source: 'automation' },
    ],
    // The engine emits ahead of time; history takes when the first sample is heard.
    [
      {
        station_id: 's',
        at_ms: 5,
        event: 'track_started',
        track_started: { item_id: 'i', source: 'automation', on_air_ms: 505 },
      },
      { type: 'track_started', atMs: 505, itemId: 'i', source: 'automation' },
    ],
    [
      {
        station_id: 's',
        at_ms: 5,
        event: 'track_ended',
        track_ended: { item_id: 'i', source: 'automation', on_air_ms: 480 },
      },
      { type: 'track_ended', atMs: 480, itemId: 'i', source: 'automation' },
    ],
    [
      {
        station_id: 's',
        at_ms: 6,
        event: 'track_ended',
        track_ended: { item_id: 'i', source: 'fallback' },
      },
      { type: 'track_ended', atMs: 6, itemId: 'i', source: 'fallback' },
    ],
    [
      {
        station_id: 's',
        at_ms: 7,
        event: 'silence_detected',
        silence_detected: { duration_ms: 2000 },
      },
      { type: 'silence', atMs: 7, durationMs: 2000 },
    ],
    [
      { station_id: 's', at_ms: 8, event: 'levels', levels: { rms_db: -20 } },
      { type: 'levels', atMs: 8, rmsDb: -20 },
    ],
    [{ station_id: 's', at_ms: 9, event: 'underrun' }, undefined],
  ] as const)('maps engine event %#', (wire, view) => {
    expect(eventView(wire as never)).toEqual(view);
  });
});
