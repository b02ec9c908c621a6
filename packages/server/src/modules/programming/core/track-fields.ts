import type { SmartBlockField, SmartBlockFilter, SmartBlockRules } from '@grimnir/contracts';

/**
 * Track properties the library may leave out. Id, length, cue points, title, artist and album
 * are always read (every plan separates and fits); the rest only when a smart block filters,
 * weighs, counts or curves on them. Strings are most of a library read's cost.
 */
export const OPTIONAL_TRACK_FIELDS = [
  'genre',
  'mood',
  'year',
  'bpm',
  'tags',
  'addedAt',
  'lastPlayedAt',
  'playCount',
  'explicit',
  'language',
  'label',
] as const;
export type OptionalTrackField = (typeof OPTIONAL_TRACK_FIELDS)[number];

const BY_RULE_FIELD: Record<SmartBlockField, OptionalTrackField | undefined> = {
  genre: 'genre',
  mood: 'mood',
  artist: undefined,
  album: undefined,
  title: undefined,
  year: 'year',
  // Estimated from bpm (core/track.ts trackEnergy).
  energy: 'bpm',
  bpm: 'bpm',
  duration_ms: undefined,
  tags: 'tags',
  added_at: 'addedAt',
  last_played_at: 'lastPlayedAt',
  play_count: 'playCount',
  explicit: 'explicit',
  language: 'language',
  label: 'label',
};

/** The optional track fields a set of smart blocks reads (filters, weights, quotas, fillers, energy). */
export function trackFieldsFor(blocks: Iterable<SmartBlockRules>): Set<OptionalTrackField> {
  const out = new Set<OptionalTrackField>();
  const add = (filters: readonly SmartBlockFilter[]) => {
    for (const f of filters) {
      const field = BY_RULE_FIELD[f.field];
      if (field !== undefined) out.add(field);
    }
  };
  for (const rules of blocks) {
    add(rules.include);
    add(rules.exclude);
    add(rules.fillers);
    add(rules.weights.map((w) => w.filter));
    add(rules.quotas.map((q) => q.filter));
    if (rules.energy_curve.length > 0) out.add('bpm');
  }
  return out;
}
