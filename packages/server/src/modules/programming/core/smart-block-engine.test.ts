import { smartBlockRulesSchema, type SmartBlockRulesInput } from '@grimnir/contracts';
import { describe, expect, it } from 'vitest';
import { makeLibrary, track } from '../../../test-support/programming-fixtures.js';
import { runSmartBlock, type SmartBlockResult } from './smart-block-engine.js';
import type { PlayRecord, Track } from './track.js';

const START = Date.UTC(2026, 5, 1, 12);
const MIN = 60_000;
const library = makeLibrary(2_000, 'engine');

function run(
  rules: SmartBlockRulesInput,
  minutes: number,
  opts: { lib?: Track[]; history?: PlayRecord[]; seed?: string } = {},
) {
  return runSmartBlock({
    library: opts.lib ?? library,
    history: opts.history ?? [],
    rules: smartBlockRulesSchema.parse(rules),
    window: { startMs: START, endMs: START + minutes * MIN },
    seed: opts.seed ?? 'seed',
  });
}

function artistGaps(result: SmartBlockResult): number {
  const last = new Map<string, number>();
  let min = Infinity;
  for (const item of result.items) {
    const prev = last.get(item.track.artist);
    if (prev !== undefined) min = Math.min(min, item.startMs - prev);
    last.set(item.track.artist, item.startMs);
  }
  return min;
}

describe('runSmartBlock', () => {
  it('is deterministic for a seed and varies across seeds', () => {
    const ids = (r: SmartBlockResult) => r.items.map((i) => i.track.id);
    expect(ids(run({}, 60))).toEqual(ids(run({}, 60)));
    expect(ids(run({}, 60))).not.toEqual(ids(run({}, 60, { seed: 'other' })));
  });

  it.each([7, 15, 30, 60, 180])('fills %i minutes within tolerance, contiguously', (minutes) => {
    const result = run(
      { tolerance_ms: 10_000, fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }] },
      minutes,
    );
    expect(Math.abs(result.shortfallMs)).toBeLessThanOrEqual(10_000);
    expect(result.relaxations).toEqual([]);
    let at = START;
    for (const item of result.items) {
      expect(item.startMs).toBe(at);
      at += item.durationMs;
    }
  });

  it.each([
    [{ genre: 'jazz' }, { field: 'genre', op: 'eq', value: 'jazz' }],
    [{ explicit: false }, { field: 'explicit', op: 'eq', value: false }],
  ] as const)('only plays tracks matching %j and says so', (_label, filter) => {
    const result = run({ include: [filter] }, 60);
    expect(result.items.length).toBeGreaterThan(5);
    for (const item of result.items) expect(item.reason.matched).toHaveLength(1);
  });

  it('keeps artists apart inside the block', () => {
    const result = run({ separation: { artist_minutes: 45 } }, 180);
    expect(artistGaps(result)).toBeGreaterThanOrEqual(45 * MIN);
  });

  it('keeps artists apart from play history and earlier blocks', () => {
    const history: PlayRecord[] = library.slice(0, 10).map((t, i) => ({
      mediaId: t.id,
      artist: t.artist,
      title: t.title,
      album: t.album ?? null,
      startedAt: START - (i + 1) * 3 * MIN,
    }));
    const result = run({ separation: { artist_minutes: 60 } }, 30, { history });
    const recent = new Set(history.map((h) => h.artist));
    for (const item of result.items) expect(recent.has(item.track.artist)).toBe(false);
  });

  it('honours a whole-block max and min quota', () => {
    const result = run(
      {
        quotas: [
          { filter: { field: 'tags', op: 'eq', value: 'hit' }, max: 1 },
          { filter: { field: 'genre', op: 'eq', value: 'jazz' }, min: 4 },
        ],
      },
      60,
    );
    const hits = result.items.filter((i) => i.track.tags?.includes('hit')).length;
    const jazz = result.items.filter((i) => i.track.genre === 'jazz').length;
    expect(hits).toBeLessThanOrEqual(1);
    expect(jazz).toBeGreaterThanOrEqual(4);
  });

  it('counts a windowed max against history too', () => {
    const hit = library.find((t) => t.tags?.includes('hit'))!;
    const history: PlayRecord[] = [
      { mediaId: hit.id, artist: hit.artist, title: hit.title, startedAt: START - 5 * MIN },
    ];
    const result = run(
      {
        quotas: [{ filter: { field: 'tags', op: 'eq', value: 'hit' }, max: 1, window_minutes: 30 }],
      },
      20,
      { history },
    );
    expect(result.items.filter((i) => i.track.tags?.includes('hit'))).toEqual([]);
  });

  it('never picks weight-0 tracks and favours heavy ones', () => {
    const result = run(
      {
        weights: [
          { filter: { field: 'genre', op: 'eq', value: 'rock' }, weight: 0 },
          { filter: { field: 'genre', op: 'eq', value: 'pop' }, weight: 20 },
        ],
      },
      180,
    );
    const genres = result.items.map((i) => i.track.genre);
    expect(genres).not.toContain('rock');
    expect(genres.filter((g) => g === 'pop').length).toBeGreaterThan(genres.length / 2);
    expect(result.items.find((i) => i.track.genre === 'pop')?.reason.weight).toBe(20);
  });

  it('follows a rising energy curve', () => {
    const result = run(
      {
        energy_curve: [
          { at: 0, energy: 0.1 },
          { at: 1, energy: 0.9 },
        ],
      },
      180,
    );
    const half = result.items.length / 2;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const energies = result.items.map((i) => i.reason.energy);
    expect(mean(energies.slice(0, half))).toBeLessThan(mean(energies.slice(half)) - 0.2);
  });

  it('closes the block with fillers when no song fits the remainder', () => {
    const lib = [
      track('long', { durationMs: 14 * MIN + 20_000 }),
      track('j1', { durationMs: 20_000, tags: ['jingle'] }),
      track('j2', { durationMs: 15_000, tags: ['jingle'] }),
    ];
    const result = run(
      {
        include: [{ field: 'tags', op: 'neq', value: 'jingle' }],
        tolerance_ms: 5_000,
        fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
      },
      15,
      { lib },
    );
    expect(result.items.map((i) => [i.track.id, i.kind])).toEqual([
      ['long', 'music'],
      ['j1', 'filler'],
      ['j2', 'filler'],
    ]);
    expect(Math.abs(result.shortfallMs)).toBeLessThanOrEqual(5_000);
  });

  it('relaxes constraints in the documented order and records each', () => {
    const lib = Array.from({ length: 6 }, (_, i) =>
      track(`s${i}`, { artist: 'Solo', album: i < 3 ? 'A' : 'B', durationMs: 5 * MIN }),
    );
    const result = run(
      { separation: { artist_minutes: 60, album_minutes: 60, title_minutes: 0 } },
      30,
      { lib },
    );
    expect(result.items).toHaveLength(6);
    expect(result.relaxations.map((r) => r.constraint)).toEqual(Array(5).fill('artist_separation'));
    expect(result.items[1]?.reason.relaxed).toEqual([
      'quota_min',
      'album_separation',
      'quota_max',
      'artist_separation',
    ]);
  });

  it('relaxes album separation before artist separation', () => {
    const lib = [
      track('a1', { artist: 'X', album: 'A', durationMs: 5 * MIN }),
      track('a2', { artist: 'X', album: 'A', durationMs: 5 * MIN }),
      track('b1', { artist: 'Y', album: 'A', durationMs: 5 * MIN }),
    ];
    const result = run({ separation: { artist_minutes: 60, album_minutes: 60 } }, 10, {
      lib,
      seed: 'order',
    });
    expect(result.items[1]?.track.artist).not.toBe(result.items[0]?.track.artist);
    expect(result.relaxations.map((r) => r.constraint)).toEqual(['album_separation']);
  });

  it('relaxes separation rather than filling minutes with jingles', () => {
    const lib = [
      ...Array.from({ length: 8 }, (_, i) =>
        track(`m${i}`, { artist: i % 2 ? 'A' : 'B', durationMs: 3 * MIN }),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        track(`j${i}`, { artist: 'ID', tags: ['jingle'], durationMs: 20_000 }),
      ),
    ];
    const result = run(
      {
        include: [{ field: 'tags', op: 'neq', value: 'jingle' }],
        separation: { artist_minutes: 60 },
        fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
      },
      15,
      { lib },
    );
    expect(result.items.filter((i) => i.kind === 'music')).toHaveLength(5);
    expect(result.items.filter((i) => i.kind === 'filler')).toEqual([]);
    expect(result.relaxations.map((r) => r.constraint)).toEqual([
      'artist_separation',
      'artist_separation',
      'artist_separation',
    ]);
  });

  it('uses each jingle once before repeating any', () => {
    const lib = [
      track('long', { durationMs: 14 * MIN }),
      ...Array.from({ length: 3 }, (_, i) =>
        track(`j${i}`, { tags: ['jingle'], durationMs: 20_000 }),
      ),
    ];
    const result = run(
      {
        include: [{ field: 'tags', op: 'neq', value: 'jingle' }],
        fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
        tolerance_ms: 1_000,
      },
      15,
      { lib },
    );
    expect(result.items.map((i) => i.track.id)).toEqual(['long', 'j0', 'j1', 'j2']);
  });

  it.each(Array.from({ length: 20 }, (_, i) => `seed-${i}`))(
    'fits a thin library (60 songs of 2:30–4:30, no fillers) into 15 min with %s',
    (seed) => {
      const lib = Array.from({ length: 60 }, (_, i) =>
        track(`s${i}`, { artist: `A${i % 15}`, durationMs: 150_000 + ((i * 7919) % 120_000) }),
      );
      const result = run({ separation: { artist_minutes: 20 } }, 15, { lib, seed });
      expect(Math.abs(result.shortfallMs)).toBeLessThanOrEqual(10_000);
    },
  );

  it('reports a shortfall when the library cannot fill the window', () => {
    const lib = [track('only', { durationMs: 3 * MIN })];
    const result = run({}, 15, { lib });
    expect(result.items).toHaveLength(1);
    expect(result.shortfallMs).toBe(12 * MIN);
    expect(result.relaxations.at(-1)?.constraint).toBe('duration_tolerance');
  });

  it('never overbooks beyond the tolerance', () => {
    const lib = [track('x', { durationMs: 16 * MIN })];
    const result = run({ tolerance_ms: 30_000 }, 15, { lib });
    expect(result.items).toEqual([]);
  });
});
