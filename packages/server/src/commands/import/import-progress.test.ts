import { describe, expect, it } from 'vitest';
import {
  etaMs,
  filesPerMinute,
  formatDuration,
  progressLine,
  summaryLines,
} from './import-progress.js';
import type { Tally } from '../../modules/imports/index.js';

const tally = (over: Partial<Tally> = {}): Tally => ({
  total: 100,
  imported: 0,
  duplicates: 0,
  failures: [],
  ...over,
});

describe('rate and ETA', () => {
  it.each([
    [0, 10_000, 0],
    [10, 0, 0],
    [10, 60_000, 10],
    [5, 30_000, 10],
    [50, 1_000, 3_000],
  ])('%i files in %i ms → %f files/min', (done, ms, rate) => {
    expect(filesPerMinute(done, ms)).toBe(rate);
  });

  it.each([
    [0, 0, 0],
    [10, 0, undefined],
    [10, 10, 60_000],
    [90, 60, 90_000],
  ])('%i left at %f/min → %s ms', (left, rate, eta) => {
    expect(etaMs(left, rate)).toBe(eta);
  });

  it.each([
    [undefined, '--:--'],
    [Infinity, '--:--'],
    [0, '00:00'],
    [1_499, '00:01'],
    [61_000, '01:01'],
    [3_599_000, '59:59'],
    [3_600_000, '1:00:00'],
    [36_125_000, '10:02:05'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('progressLine', () => {
  it.each([
    [
      'at the start',
      tally(),
      0,
      'imported 0/100 · skipped 0 duplicates · 0 failed · 0 files/min · ETA --:--',
    ],
    [
      'halfway, a minute in',
      tally({ imported: 40, duplicates: 9, failures: [{ path: 'x', reason: 'y' }] }),
      60_000,
      'imported 40/100 · skipped 9 duplicates · 1 failed · 50 files/min · ETA 01:00',
    ],
    [
      'one duplicate',
      tally({ total: 2, imported: 1, duplicates: 1 }),
      1_000,
      'imported 1/2 · skipped 1 duplicate · 0 failed · 120 files/min · ETA 00:00',
    ],
  ])('%s', (_name, t, ms, line) => {
    expect(progressLine(t, ms)).toBe(line);
  });
});

describe('summaryLines', () => {
  const resume = 'grimnirradio import /music --station jazz';

  it('a clean run: one line of counts', () => {
    expect(
      summaryLines(tally({ total: 3, imported: 2, duplicates: 1 }), 6_000, 'complete', resume),
    ).toEqual([
      '3 audio files found: 2 imported, 1 duplicate skipped, 0 failed (00:06, 30 files/min)',
    ]);
  });

  it('lists each failure with its path and reason', () => {
    const t = tally({
      total: 3,
      imported: 1,
      failures: [
        { path: 'a/bad.mp3', reason: 'the file is not a supported audio format' },
        { path: 'b/locked.wav', reason: 'EACCES: permission denied' },
      ],
    });
    expect(summaryLines(t, 60_000, 'complete', resume)).toEqual([
      '3 audio files found: 1 imported, 0 duplicates skipped, 2 failed (01:00, 3 files/min)',
      'failed:',
      '  a/bad.mp3: the file is not a supported audio format',
      '  b/locked.wav: EACCES: permission denied',
    ]);
  });

  it.each(['interrupted', 'stopped'] as const)('%s: says how to resume', (ending) => {
    const lines = summaryLines(tally({ total: 10, imported: 4 }), 1_000, ending, resume);
    expect(lines.at(-1)).toBe(
      `${ending}: 6 files not looked at; to resume, run again:\n  ${resume}\n` +
        'files already in the library are recognised by their content and skipped',
    );
  });
});
