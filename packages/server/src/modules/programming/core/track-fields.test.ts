import { smartBlockRulesSchema, type SmartBlockRulesInput } from '@grimnir/contracts';
import { describe, expect, it } from 'vitest';
import { trackFieldsFor } from './track-fields.js';

const fields = (...blocks: SmartBlockRulesInput[]) =>
  [...trackFieldsFor(blocks.map((b) => smartBlockRulesSchema.parse(b)))].sort();

describe('trackFieldsFor', () => {
  it.each<[string, SmartBlockRulesInput[], string[]]>([
    ['no blocks', [], []],
    ['separation only (always-read names)', [{ separation: { artist_minutes: 60 } }], []],
    [
      'names and length are always read',
      [
        {
          include: [
            { field: 'artist', op: 'eq', value: 'A' },
            { field: 'duration_ms', op: 'lt', value: 200_000 },
          ],
        },
      ],
      [],
    ],
    [
      'include and exclude',
      [
        {
          include: [{ field: 'genre', op: 'in', value: ['rock'] }],
          exclude: [{ field: 'explicit', op: 'eq', value: true }],
        },
      ],
      ['explicit', 'genre'],
    ],
    [
      'weights, quotas and fillers',
      [
        {
          weights: [{ filter: { field: 'play_count', op: 'gt', value: 3 }, weight: 2 }],
          quotas: [{ filter: { field: 'language', op: 'eq', value: 'fr' }, max: 2 }],
          fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
        },
      ],
      ['language', 'playCount', 'tags'],
    ],
    [
      'dates map to track names',
      [
        {
          include: [
            { field: 'added_at', op: 'newer_than', value: '30d' },
            { field: 'last_played_at', op: 'older_than', value: '2d' },
          ],
        },
      ],
      ['addedAt', 'lastPlayedAt'],
    ],
    [
      'energy filter and curve read bpm',
      [
        { include: [{ field: 'energy', op: 'gt', value: 0.5 }] },
        { energy_curve: [{ at: 0, energy: 0.2 }] },
      ],
      ['bpm'],
    ],
    [
      'the union over blocks',
      [
        { include: [{ field: 'mood', op: 'eq', value: 'calm' }] },
        {
          include: [
            { field: 'year', op: 'gt', value: 1990 },
            { field: 'label', op: 'eq', value: 'X' },
          ],
        },
      ],
      ['label', 'mood', 'year'],
    ],
  ])('%s', (_, blocks, expected) => {
    expect(fields(...blocks)).toEqual(expected);
  });
});
