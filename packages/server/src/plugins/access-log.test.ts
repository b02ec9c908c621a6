import { describe, expect, it } from 'vitest';
import { isLongLived } from './access-log.js';

describe('isLongLived', () => {
  it.each([
    ['/stream/main.mp3', {}, true],
    ['/live/main', {}, true],
    ['/api/v1/events?token=x', { upgrade: 'websocket' }, true],
    ['/api/v1/public/events?station=demo', {}, true],
    ['/api/v1/events?token=x', {}, true],
    ['/api/v1/stations', {}, false],
    ['/api/v1/stations', { accept: 'application/json' }, false],
    ['/streams', {}, false],
  ])('%s %j → %s', (url, headers, expected) => {
    expect(isLongLived({ url, headers })).toBe(expected);
  });
});
