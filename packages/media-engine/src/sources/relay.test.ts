import { describe, expect, it } from 'vitest';
import { makeItem } from '@grimnir/test-kit/station-fixture.js';
import { RelayFailover } from './relay-failover.js';
import { itemProblem } from './relay.js';

describe('relay items', () => {
  it.each([
    [makeItem('f', '/m.mp3'), undefined],
    [makeItem('r', '', { urls: ['http://a/'] }), undefined],
    [makeItem('x', ''), 'item.path or item.urls is required'],
    [makeItem('r', '', { urls: ['file:///etc/passwd'] }), 'item.urls must be http(s) URLs'],
    [makeItem('r', '', { urls: ['http://a/', 'not a url'] }), 'item.urls must be http(s) URLs'],
  ])('checks incoming items (%#)', (item, problem) => {
    expect(itemProblem(item)).toBe(problem);
  });
});

describe('relay failover', () => {
  it('tries each URL once in order, then gives up', () => {
    const f = new RelayFailover(['a', 'b', 'c']);
    expect(f.url).toBe('a');
    expect(f.next(0)).toBe(true);
    expect(f.url).toBe('b');
    expect(f.next(500)).toBe(true);
    expect(f.url).toBe('c');
    expect(f.next(0)).toBe(false);
  });

  it('reconnects (wrapping around) after a source that played for a while', () => {
    const f = new RelayFailover(['a', 'b'], 10_000);
    expect(f.next(0)).toBe(true);
    expect(f.url).toBe('b');
    expect(f.next(60_000)).toBe(true);
    expect(f.url).toBe('a');
    expect(f.next(0)).toBe(true);
    expect(f.next(0)).toBe(false);
  });

  it('waits longer for a connecting source than for a playing one', () => {
    const f = new RelayFailover(['a']);
    expect(f.stallMs(false)).toBeGreaterThan(f.stallMs(true));
  });
});
