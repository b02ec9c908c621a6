import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter } from './progress-reporter.js';

function terminal(isTTY: boolean, columns?: number) {
  const written: string[] = [];
  return { isTTY, columns, written, write: (t: string) => written.push(t) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createProgressReporter', () => {
  it('on a terminal: redraws one line in place, at most every 100 ms, and ends it', () => {
    const tty = terminal(true, 30);
    const p = createProgressReporter({ stream: tty, nowMs: () => Date.now() });
    p.update(() => 'first');
    p.update(() => 'too soon');
    vi.advanceTimersByTime(150);
    p.update((ms) => `after ${ms} ms`);
    p.stop();
    expect(tty.written).toEqual([
      '\rfirst\x1b[K',
      '\rafter 150 ms\x1b[K',
      '\rafter 150 ms\x1b[K',
      '\n',
    ]);
  });

  it('on a terminal: cut to its width, a sizeless one taken as 120 columns', () => {
    const narrow = terminal(true, 25);
    createProgressReporter({ stream: narrow, nowMs: () => 0 }).update(() => 'x'.repeat(200));
    expect(narrow.written[0]).toBe(`\r${'x'.repeat(24)}\x1b[K`);
    const sizeless = terminal(true, 0);
    createProgressReporter({ stream: sizeless, nowMs: () => 0 }).update(() => 'y'.repeat(200));
    expect(sizeless.written[0]).toBe(`\r${'y'.repeat(119)}\x1b[K`);
  });

  it('elsewhere: a plain line every few seconds and the last one at the end', () => {
    const log = terminal(false);
    const p = createProgressReporter({ stream: log, nowMs: () => Date.now(), plainEveryMs: 5_000 });
    let n = 0;
    p.update(() => `n=${n}`);
    n = 1;
    vi.advanceTimersByTime(4_999);
    expect(log.written).toEqual([]);
    vi.advanceTimersByTime(1);
    n = 2;
    p.note('a message');
    p.stop();
    vi.advanceTimersByTime(20_000);
    expect(log.written).toEqual(['n=1\n', 'a message\n', 'n=2\n']);
  });
});
