import { describe, expect, it } from 'vitest';
import type { SmartBlockRules } from '@grimnir/contracts';
import { newFilter } from './filter-draft';
import { draftFromRules, rulesFromDraft } from './rules-draft';

const full: SmartBlockRules = {
  include: [{ field: 'genre', op: 'in', value: ['rock', 'pop'] }],
  include_mode: 'any',
  exclude: [{ field: 'tags', op: 'contains', value: 'jingle' }],
  weights: [{ filter: { field: 'added_at', op: 'newer_than', value: '30d' }, weight: 3 }],
  quotas: [
    { filter: { field: 'artist', op: 'eq', value: 'A' }, max: 1, window_minutes: 60 },
    { filter: { field: 'tags', op: 'eq', value: 'local' }, min: 2 },
  ],
  separation: { artist_minutes: 30, title_minutes: 120, album_minutes: 0 },
  tolerance_ms: 15_000,
  fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
  energy_curve: [
    { at: 0, energy: 0.3 },
    { at: 1, energy: 0.8 },
  ],
};

describe('rules drafts', () => {
  it('every rule survives the form both ways', () => {
    expect(rulesFromDraft(draftFromRules(full))).toEqual({ ok: true, rules: full });
  });
  it('sorts energy points by position', () => {
    const d = draftFromRules(full);
    d.energy = [
      { at: '80', energy: '90' },
      { at: '10', energy: '20' },
    ];
    const r = rulesFromDraft(d);
    expect(r.ok && r.rules.energy_curve).toEqual([
      { at: 0.1, energy: 0.2 },
      { at: 0.8, energy: 0.9 },
    ]);
  });
  it('names every problem', () => {
    const d = draftFromRules(full);
    d.include.push({ ...newFilter('bpm'), a: 'x' });
    d.quotas.push({ filter: newFilter('genre'), min: '', max: '', window: '' });
    d.quotas[0] = { ...(d.quotas[0] as (typeof d.quotas)[0]), min: '5', max: '1' };
    d.weights[0] = { ...(d.weights[0] as (typeof d.weights)[0]), weight: '-1' };
    d.tolerance = '900';
    d.energy.push({ at: '150', energy: '' });
    const r = rulesFromDraft(d);
    expect(r.ok ? [] : r.errors).toEqual([
      'Include filter 2 — BPM: “x” is not a number',
      'Weight 1: a number from 0 to 1000',
      'Quota 1: the minimum is above the maximum',
      'Quota 3: Genre: enter a value',
      'Quota 3: give a minimum, a maximum or both',
      'Tolerance: a number from 0 to 600',
      'Energy point 3 position: a number from 0 to 100',
      'Energy point 3 energy: enter a number',
    ]);
  });
});
