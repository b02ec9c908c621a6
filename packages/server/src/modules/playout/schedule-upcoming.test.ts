import { describe, expect, it } from 'vitest';
import { scheduleUpcomingItems, type PlannedItemLike } from './schedule-upcoming.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const planned = (id: string, startS: number, over: Partial<PlannedItemLike> = {}) => ({
  id,
  startMs: T0 + startS * 1000,
  endMs: T0 + (startS + 60) * 1000,
  kind: 'media' as const,
  mediaId: `m-${id}`,
  label: null,
  cueInMs: 100,
  cueOutMs: null,
  fadeInMs: null,
  fadeOutMs: 500,
  hardStart: false,
  ...over,
});

describe('scheduleUpcomingItems', () => {
  it('asks the schedule for the window in ISO time and maps items in start order', async () => {
    const asked: string[][] = [];
    const upcoming = scheduleUpcomingItems({
      listItems: (stationId, from, to) => {
        asked.push([stationId, from, to]);
        return Promise.resolve([planned('b', 60, { hardStart: true }), planned('a', 0)]);
      },
    });
    const items = await upcoming.between('st', T0, T0 + 3_600_000);
    expect(asked).toEqual([['st', '2026-05-01T10:00:00.000Z', '2026-05-01T11:00:00.000Z']]);
    expect(items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(items[1]).toEqual({
      id: 'b',
      stationId: 'st',
      startMs: T0 + 60_000,
      endMs: T0 + 120_000,
      kind: 'media',
      mediaId: 'm-b',
      cueInMs: 100,
      cueOutMs: null,
      fadeInMs: null,
      fadeOutMs: 500,
      hardStart: true,
      label: null,
    });
  });
});
