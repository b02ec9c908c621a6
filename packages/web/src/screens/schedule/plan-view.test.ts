import { describe, expect, it } from 'vitest';
import { itemTitle, planRows, type PlanItem } from './plan-view';

const item = (id: string, s: string, e: string, extra: Partial<PlanItem> = {}): PlanItem => ({
  id,
  station_id: 's',
  starts_at: s,
  ends_at: e,
  kind: 'media',
  media_id: 'm',
  title: 'Song',
  artist: 'Band',
  webstream_id: null,
  label: null,
  cue_in_ms: null,
  cue_out_ms: null,
  fade_in_ms: null,
  fade_out_ms: null,
  source_type: 'smart_block',
  source_id: null,
  entry_id: null,
  clock_id: null,
  hard_start: false,
  reason: null,
  ...extra,
});

describe('plan view', () => {
  it('shows a gap between items and none between touching or overlapping ones', () => {
    const rows = planRows([
      item('b', '2027-01-01T10:05:00Z', '2027-01-01T10:10:00Z'),
      item('a', '2027-01-01T10:00:00Z', '2027-01-01T10:05:00Z'),
      item('c', '2027-01-01T10:12:00Z', '2027-01-01T10:20:00Z'),
    ]);
    expect(rows.map((r) => (r.kind === 'gap' ? `gap ${r.starts_at}` : r.item.id))).toEqual([
      'a',
      'b',
      'gap 2027-01-01T10:10:00.000Z',
      'c',
    ]);
  });

  it.each([
    [{}, 'Band – Song'],
    [{ kind: 'live' as const, label: 'Evening' }, 'Live: Evening'],
    [{ kind: 'webstream' as const, label: null }, 'Webstream'],
    [{ artist: null }, 'Song'],
  ])('titles %j', (extra, title) => {
    expect(itemTitle(item('x', '2027-01-01T10:00:00Z', '2027-01-01T10:01:00Z', extra))).toBe(title);
  });
});
