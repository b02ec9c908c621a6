import { describe, expect, it } from 'vitest';
import {
  fileSize,
  label,
  nextToStart,
  percent,
  retryable,
  summary,
  type UploadItem,
  type UploadState,
} from './upload-state';

const item = (key: string, state: UploadState): UploadItem => ({ key, name: key, size: 1, state });

describe('upload state', () => {
  it('starts queued files up to the parallel limit', () => {
    const q = { kind: 'queued' } as const;
    const up = { kind: 'uploading', sent: 1, total: 2 } as const;
    expect(nextToStart([item('a', q), item('b', q), item('c', q)]).map((i) => i.key)).toEqual([
      'a',
      'b',
    ]);
    expect(nextToStart([item('a', up), item('b', q), item('c', q)]).map((i) => i.key)).toEqual([
      'b',
    ]);
    expect(nextToStart([item('a', up), item('b', up), item('c', q)])).toEqual([]);
    const done = { kind: 'analysing', mediaId: 'm' } as const;
    expect(nextToStart([item('a', done), item('b', q)]).map((i) => i.key)).toEqual(['b']);
  });

  it.each([
    [{ kind: 'queued' }, 'Queued', 0],
    [{ kind: 'uploading', sent: 50, total: 200 }, 'Uploading 25%', 25],
    [{ kind: 'reconnecting', sent: 100, total: 200 }, 'Connection lost at 50%, resuming…', 50],
    [{ kind: 'analysing', mediaId: 'm' }, 'Analysing', 100],
    [{ kind: 'analysed', mediaId: 'm' }, 'Analysed', 100],
    [{ kind: 'failed', stage: 'upload', failure: { message: 'x' } }, 'Failed', undefined],
    [
      { kind: 'failed', stage: 'analysis', failure: { message: 'x' } },
      'Analysis failed',
      undefined,
    ],
    [{ kind: 'cancelled' }, 'Cancelled', undefined],
  ] as [UploadState, string, number | undefined][])('%o reads %s', (s, text, pct) => {
    expect(label(s)).toBe(text);
    expect(percent(s)).toBe(pct);
  });

  it('sizes files in decimal units', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(1_400_000)).toBe('1.4 MB');
    expect(fileSize(820_000)).toBe('820 KB');
  });

  it('summarises the list', () => {
    expect(summary([])).toBe('No files yet');
    expect(
      summary([
        item('a', { kind: 'analysed', mediaId: 'm' }),
        item('b', { kind: 'analysing', mediaId: 'n' }),
        item('c', { kind: 'queued' }),
        item('d', { kind: 'failed', stage: 'upload', failure: { message: 'x' } }),
      ]),
    ).toBe('1 of 4 analysed, 1 to upload, 1 analysing, 1 failed');
  });

  it('retries the network and a busy server, not a refusal', () => {
    expect([undefined, 0, 409, 423, 429, 500, 503].every(retryable)).toBe(true);
    expect([400, 401, 403, 404, 410, 413, 415, 507].some(retryable)).toBe(false);
  });
});
