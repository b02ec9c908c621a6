import { describe, expect, it } from 'vitest';
import { AppError, conflict, insufficientStorage, unsupportedMediaType } from '../../errors.js';
import {
  addOutcome,
  emptyTally,
  exitCode,
  isFatal,
  outcomeOfError,
  processed,
  type Tally,
} from './import-tally.js';

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('outcomeOfError', () => {
  it.each([
    [
      'a duplicate is a skip, with the existing item',
      conflict('duplicate_media', 'already there', { existing_id: 'm-1' }),
      { kind: 'duplicate', existingId: 'm-1' },
    ],
    [
      'a refusal keeps the library’s message',
      unsupportedMediaType('the file is not a supported audio format'),
      { kind: 'failed', reason: 'the file is not a supported audio format' },
    ],
    [
      'a filesystem error names its errno',
      errno('EACCES', 'permission denied, open x.mp3'),
      { kind: 'failed', reason: 'EACCES: permission denied, open x.mp3' },
    ],
    [
      'an errno already in the message is not repeated',
      errno('EISDIR', 'EISDIR: illegal operation on a directory'),
      { kind: 'failed', reason: 'EISDIR: illegal operation on a directory' },
    ],
    ['anything else by its text', 'boom', { kind: 'failed', reason: 'boom' }],
  ])('%s', (_name, err, expected) => {
    expect(outcomeOfError(err)).toEqual(expected);
  });
});

describe('isFatal', () => {
  it.each([
    [insufficientStorage('disk full'), true],
    [new AppError(403, 'forbidden', 'no role'), true],
    [new AppError(404, 'not_found', 'station not found'), true],
    [unsupportedMediaType('nope'), false],
    [errno('EACCES', 'denied'), false],
    [undefined, false],
  ])('%s → %s', (err, expected) => {
    expect(isFatal(err)).toBe(expected);
  });
});

describe('tally and exit code', () => {
  const run = (...outcomes: Parameters<typeof addOutcome>[2][]): Tally =>
    outcomes.reduce((t, o, i) => addOutcome(t, `f${i}.mp3`, o), emptyTally(5));

  it.each([
    ['all imported or skipped', run({ kind: 'imported', mediaId: 'a' }), 'complete', 0],
    ['nothing to do', emptyTally(0), 'complete', 0],
    [
      'one failure',
      run({ kind: 'duplicate', existingId: 'a' }, { kind: 'failed', reason: 'x' }),
      'complete',
      1,
    ],
    ['stopped on a full disk', run(), 'stopped', 1],
    ['Ctrl-C', run({ kind: 'imported', mediaId: 'a' }), 'interrupted', 130],
  ] as const)('%s → %i', (_name, tally, ending, code) => {
    expect(exitCode(tally, ending)).toBe(code);
  });

  it('counts each kind and keeps failures in order with their path', () => {
    const t = run(
      { kind: 'imported', mediaId: 'a' },
      { kind: 'failed', reason: 'not audio' },
      { kind: 'duplicate', existingId: 'a' },
      { kind: 'failed', reason: 'EACCES' },
    );
    expect(t).toMatchObject({ total: 5, imported: 1, duplicates: 1 });
    expect(t.failures).toEqual([
      { path: 'f1.mp3', reason: 'not audio' },
      { path: 'f3.mp3', reason: 'EACCES' },
    ]);
    expect(processed(t)).toBe(4);
  });
});
