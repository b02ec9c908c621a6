import { describe, expect, it } from 'vitest';
import { parseItemId } from './engine-items.js';
import type { UpcomingItem } from '../ports.js';
import { isRelaySlot, relaySpec } from './relay-items.js';
import { scheduleUpcomingItems, type PlannedItemLike } from '../schedule-upcoming.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const ws = { id: 'ws-1', name: 'Network news', urls: ['http://a.example/', 'http://b.example/'] };
const slot = (over: Partial<UpcomingItem> = {}): UpcomingItem => ({
  id: 'item-1',
  stationId: 'st',
  startMs: T0,
  endMs: T0 + 30 * 60_000,
  kind: 'webstream',
  mediaId: null,
  cueInMs: null,
  cueOutMs: null,
  fadeInMs: null,
  fadeOutMs: null,
  hardStart: true,
  label: null,
  webstream: ws,
  ...over,
});

describe('relaySpec', () => {
  it('plays the URLs for the slot length, titled with the webstream name', () => {
    const spec = relaySpec(slot({ fadeInMs: 500 }));
    expect(spec).toEqual({
      id: 's:item-1:ws-1',
      path: '',
      urls: ws.urls,
      title: 'Network news',
      cueInMs: 0,
      cueOutMs: 30 * 60_000,
      fadeInMs: 500,
      fadeOutMs: 0,
      loudnessLufs: null,
    });
    expect(parseItemId(spec?.id ?? '')).toEqual({ kind: 's', ref: 'item-1', mediaId: 'ws-1' });
  });

  it.each([
    [0, 30 * 60_000],
    [60_000, 29 * 60_000],
    [1234.4, 30 * 60_000 - 1234],
    [-5, 30 * 60_000],
    [30 * 60_000 - 2000, 2000],
  ])('joined %d ms late plays the remaining %d ms', (offset, length) => {
    expect(relaySpec(slot(), offset)?.cueOutMs).toBe(length);
  });

  it.each<[string, Partial<UpcomingItem>, number]>([
    ['no relay known (unknown or inactive webstream)', { webstream: null }, 0],
    ['no URLs', { webstream: { ...ws, urls: [] } }, 0],
    ['a media item', { kind: 'media', mediaId: 'm' }, 0],
    ['a live item', { kind: 'live' }, 0],
    ['almost over', {}, 30 * 60_000 - 1999],
  ])('plays nothing for %s', (_what, over, offset) => {
    expect(relaySpec(slot(over), offset)).toBeUndefined();
  });

  it('knows which slots the director can play', () => {
    expect(isRelaySlot(slot())).toBe(true);
    expect(isRelaySlot(slot({ webstream: null }))).toBe(false);
    expect(isRelaySlot(slot({ kind: 'live' }))).toBe(false);
  });
});

describe('scheduleUpcomingItems with webstreams', () => {
  const planned = (id: string, over: Partial<PlannedItemLike>): PlannedItemLike => ({
    id,
    startMs: T0,
    endMs: T0 + 60_000,
    kind: 'webstream',
    mediaId: null,
    label: null,
    cueInMs: null,
    cueOutMs: null,
    fadeInMs: null,
    fadeOutMs: null,
    hardStart: false,
    ...over,
  });
  it('attaches active relays of the same station and leaves others out', async () => {
    const asked: string[][] = [];
    const row = (id: string, station = 'st', active = true) => ({
      id,
      station_id: station,
      name: `Relay ${id}`,
      urls: [`http://${id}.example/`],
      active,
    });
    const upcoming = scheduleUpcomingItems(
      {
        listItems: () =>
          Promise.resolve([
            planned('a', { webstreamId: 'w-ok' }),
            planned('b', { webstreamId: 'w-off' }),
            planned('c', { webstreamId: 'w-foreign' }),
            planned('d', { webstreamId: 'w-gone' }),
            planned('e', { kind: 'media', mediaId: 'm' }),
          ]),
      },
      {
        findMany: (ids) => {
          asked.push([...ids]);
          return Promise.resolve([row('w-ok'), row('w-off', 'st', false), row('w-foreign', 'x')]);
        },
      },
    );
    const items = await upcoming.between('st', T0, T0 + 60_000);
    expect(asked).toEqual([['w-ok', 'w-off', 'w-foreign', 'w-gone']]);
    expect(items.map((i) => [i.id, i.webstream ?? null])).toEqual([
      ['a', { id: 'w-ok', name: 'Relay w-ok', urls: ['http://w-ok.example/'] }],
      ['b', null],
      ['c', null],
      ['d', null],
      ['e', null],
    ]);
    expect('webstream' in (items[4] as object)).toBe(false);
  });
});
