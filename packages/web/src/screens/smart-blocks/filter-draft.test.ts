import { describe, expect, it } from 'vitest';
import type { SmartBlockFilter } from '@grimnir/contracts';
import { draftFromFilter, filterFromDraft, newFilter, opsFor, withField } from './filter-draft';

describe('filter drafts', () => {
  it.each<[string, SmartBlockFilter]>([
    ['text eq', { field: 'genre', op: 'eq', value: 'rock' }],
    ['text in', { field: 'artist', op: 'in', value: ['A', 'B c'] }],
    ['tags contains', { field: 'tags', op: 'contains', value: 'jingle' }],
    ['number between', { field: 'bpm', op: 'between', value: [90, 120] }],
    ['length in seconds', { field: 'duration_ms', op: 'lt', value: 240_000 }],
    ['energy', { field: 'energy', op: 'gt', value: 0.7 }],
    ['number in', { field: 'year', op: 'in', value: [1999, 2001] }],
    ['relative date', { field: 'last_played_at', op: 'older_than', value: '3d' }],
    ['absolute date', { field: 'added_at', op: 'gt', value: '2026-01-01T00:00:00.000Z' }],
    ['boolean', { field: 'explicit', op: 'eq', value: false }],
  ])('%s survives the form both ways', (_, filter) => {
    expect(filterFromDraft(draftFromFilter(filter))).toEqual({ ok: true, value: filter });
  });
  it('shows lengths in seconds and midnight dates as dates', () => {
    expect(draftFromFilter({ field: 'duration_ms', op: 'lt', value: 240_000 }).a).toBe('240');
    expect(
      draftFromFilter({ field: 'added_at', op: 'gt', value: '2026-01-01T00:00:00.000Z' }).a,
    ).toBe('2026-01-01');
    expect(draftFromFilter({ field: 'added_at', op: 'newer_than', value: 86_400_000 }).a).toBe(
      '86400000ms',
    );
  });
  it.each([
    [{ ...newFilter('genre'), a: '  ' }, 'Genre: enter a value'],
    [{ ...newFilter('bpm'), a: 'fast' }, 'BPM: “fast” is not a number'],
    [{ field: 'added_at', op: 'newer_than', a: '3 days', b: '' } as const, 'a span like 30d'],
    [{ field: 'added_at', op: 'gt', a: 'yesterday', b: '' } as const, 'is not a date'],
    [{ field: 'artist', op: 'in', a: ' , ', b: '' } as const, 'list some values'],
    [{ field: 'year', op: 'between', a: '1990', b: '' } as const, 'Year: enter a value'],
  ])('refuses %j', (draft, error) => {
    const r = filterFromDraft(draft);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toContain(error);
  });
  it('offers the operators of the field’s kind, keeping a stored odd one', () => {
    expect(opsFor('explicit')).toEqual(['eq', 'neq']);
    expect(opsFor('genre', 'gt')).toEqual(['eq', 'neq', 'contains', 'in', 'gt']);
    expect(opsFor('last_played_at')).toContain('older_than');
  });
  it('switching field keeps an operator that still applies', () => {
    expect(withField({ field: 'genre', op: 'in', a: 'x', b: '' }, 'artist')).toMatchObject({
      op: 'in',
      a: 'x',
    });
    expect(withField({ field: 'genre', op: 'contains', a: 'x', b: '' }, 'bpm').op).toBe('eq');
    expect(withField(newFilter(), 'explicit')).toMatchObject({ op: 'eq', a: 'true' });
  });
});
