import { smartBlockRulesSchema } from '@grimnir/contracts';
import { describe, expect, it } from 'vitest';
import { makeLibrary, track } from '../../../test-support/programming-fixtures.js';
import { prepareSmartBlock } from './prepare.js';
import { LatestPlays, SeparationTracker } from './separation.js';
import { runPreparedBlock } from './smart-block-engine.js';
import type { PlayRecord } from './track.js';

const T = Date.UTC(2026, 5, 1, 12);
const MIN = 60_000;
const separation = { artist_minutes: 60, title_minutes: 0, album_minutes: 30 };
const play = (artist: string, album: string | null, minutesAgo: number) => ({
  artist,
  title: 't',
  album,
  startedAt: T - minutesAgo * MIN,
});

describe('SeparationTracker over plays kept before the block', () => {
  it.each([
    ['aired within the window blocks', [play('A', null, 30)], [], 'artist', true],
    ['aired longer ago than the window does not', [play('A', null, 90)], [], 'artist', false],
    [
      'the latest of several aired counts',
      [play('A', null, 90), play(' a ', null, 10)],
      [],
      'artist',
      true,
    ],
    ['the block’s own play counts', [], [play('A', null, 5)], 'artist', true],
    [
      'an own play after an old aired one',
      [play('A', null, 200)],
      [play('A', null, 59)],
      'artist',
      true,
    ],
    ['album separation on its own window', [play('X', 'Alb', 20)], [], 'album', true],
    ['album outside its window', [play('X', 'Alb', 31)], [], 'album', false],
    ['a kind with no window never blocks', [play('X', 'Alb', 1)], [], 'title', false],
  ] as const)('%s', (_, aired, own, kind, blocked) => {
    const latest = new LatestPlays();
    for (const p of aired) latest.record(p);
    const tracker = new SeparationTracker(separation, latest);
    for (const p of own) tracker.record(p);
    const candidate = track('c', { artist: 'a', album: 'alb', title: 'T' });
    expect(tracker.blocks(kind, candidate, T)).toBe(blocked);
  });
});

describe('names normalised once per track', () => {
  it('matches trimmed, lower-cased names and answers afresh after each play', () => {
    const tracker = new SeparationTracker(separation, new LatestPlays());
    const candidate = track('c', { artist: '  The Band ', album: null });
    expect(tracker.blocks('artist', candidate, T)).toBe(false);
    tracker.record(play('the band', null, 10));
    // Same object, now cached: the answer follows the plays, not the first check.
    expect(tracker.blocks('artist', candidate, T)).toBe(true);
    expect(tracker.blocks('album', candidate, T)).toBe(false);
  });
});

describe('a block run on kept plays', () => {
  const library = makeLibrary(3_000, 'sep');
  const rules = smartBlockRulesSchema.parse({
    separation: { artist_minutes: 90, title_minutes: 720, album_minutes: 60 },
  });
  const prepared = prepareSmartBlock(library, rules, T);
  // Two days of plays every 4 minutes; the block only replays the last 12 h (its longest window).
  const history: PlayRecord[] = Array.from({ length: 720 }, (_, k) => {
    const t = library[(k * 37) % library.length]!;
    return {
      mediaId: t.id,
      artist: t.artist,
      title: t.title,
      album: t.album ?? null,
      startedAt: T - (720 - k) * 4 * MIN,
      track: t,
    };
  });
  const recent = history.filter((p) => p.startedAt >= T - 720 * MIN);

  it('places what replaying the recent plays places', () => {
    const aired = new LatestPlays();
    for (const p of history) aired.record(p);
    const window = { startMs: T, endMs: T + 60 * MIN };
    const kept = runPreparedBlock(prepared, recent, window, 'seed', aired);
    const replayed = runPreparedBlock(prepared, recent, window, 'seed');
    expect(kept.items.map((i) => i.track.id)).toEqual(replayed.items.map((i) => i.track.id));
    expect(kept.items.length).toBeGreaterThan(10);
  });
});
