import { describe, expect, it } from 'vitest';
import { showEvent, showItemId, showTitle } from './live-show.js';

const show = {
  id: 's1',
  station_id: 'st',
  dj_name: 'Night Shift',
  title: null,
  tier: 2 as const,
  started_at: '2026-01-01T20:00:00.000Z',
};

describe('live show in now-playing', () => {
  it.each([
    [null, 'Night Shift'],
    ['', 'Night Shift'],
    ['Artist - Title', 'Artist - Title'],
  ])('title %j → %j', (title, expected) => {
    expect(showTitle({ ...show, title })).toBe(expected);
  });

  it('is a live now_playing event at the session’s tier, with no media and no end', () => {
    const ev = showEvent({ ...show, title: 'Deep Cuts' }, '2026-01-01T20:05:00.000Z');
    expect(ev).toEqual({
      type: 'now_playing',
      payload: {
        station_id: 'st',
        at: '2026-01-01T20:05:00.000Z',
        entry_id: null,
        media_id: null,
        title: 'Deep Cuts',
        artist: '',
        album: '',
        started_at: '2026-01-01T20:00:00.000Z',
        ends_at: null,
        tier: 2,
        source_type: 'live',
        up_next: [],
      },
    });
    expect(showItemId(show)).toBe('live:s1');
  });
});
