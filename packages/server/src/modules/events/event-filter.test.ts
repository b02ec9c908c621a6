import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type GrimnirEvent } from '@grimnir/contracts';
import { eventVisibleTo, parseTypes, type Subscription } from './event-filter.js';

const ev = (type: 'listeners' | 'priority', station: string): GrimnirEvent =>
  type === 'listeners'
    ? {
        type,
        payload: { station_id: station, at: '', mount: 'm', mount_id: 'i', count: 1 },
      }
    : {
        type,
        payload: {
          station_id: station,
          at: '',
          action: 'activated',
          priority_id: 'p',
          tier: 0,
          source_type: 'emergency',
          source_id: null,
        },
      };

describe('eventVisibleTo', () => {
  const all: Subscription = { types: undefined, visible: 'all' };
  const memberOfA: Subscription = { types: undefined, visible: new Set(['A']) };
  const onlyListeners: Subscription = { types: new Set(['listeners']), visible: 'all' };
  it.each([
    [all, ev('listeners', 'B'), true],
    [memberOfA, ev('listeners', 'A'), true],
    [memberOfA, ev('listeners', 'B'), false],
    [{ types: undefined, visible: new Set<string>() }, ev('priority', 'A'), false],
    [onlyListeners, ev('listeners', 'A'), true],
    [onlyListeners, ev('priority', 'A'), false],
  ])('%#', (sub, event, want) => expect(eventVisibleTo(event, sub)).toBe(want));
});

describe('parseTypes', () => {
  it.each([
    [undefined, undefined, []],
    ['', undefined, []],
    ['levels', ['levels'], []],
    [' levels , now_playing ,', ['levels', 'now_playing'], []],
    ['levels,nope', ['levels'], ['nope']],
  ])('%j', (raw, types, unknown) => {
    const got = parseTypes(raw, EVENT_TYPES);
    expect(got.types === undefined ? undefined : [...got.types]).toEqual(types);
    expect(got.unknown).toEqual(unknown);
  });
});
