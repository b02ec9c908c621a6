import { describe, expect, it } from 'vitest';
import { jobView, STALE_AFTER_MS, STALE_REASON, type StoredJob } from './job-view.js';

const job = (over: Partial<StoredJob>): StoredJob => ({
  id: '00000000-0000-4000-8000-000000000001',
  stationId: '00000000-0000-4000-8000-000000000002',
  folder: 'albums',
  state: 'importing',
  reason: null,
  total: 0,
  imported: 0,
  duplicates: 0,
  failed: 0,
  failures: [],
  startedAtMs: 0,
  finishedAtMs: null,
  heartbeatMs: 0,
  cancelRequested: false,
  ...over,
});

describe('jobView', () => {
  it.each([
    [
      'scanning: no rate, no ETA',
      job({ state: 'scanning', heartbeatMs: 59_000 }),
      60_000,
      null,
      null,
    ],
    [
      '30 of 120 files in a minute: 30/min, 3 min left',
      job({ total: 120, imported: 20, duplicates: 5, failed: 5, heartbeatMs: 58_000 }),
      60_000,
      30,
      180,
    ],
    [
      'finished: the rate over its run, no ETA',
      job({ state: 'complete', finishedAtMs: 30_000, total: 10, imported: 10 }),
      600_000,
      20,
      null,
    ],
    [
      'its replica died at 30 s: the rate up to then, no ETA',
      job({ total: 100, imported: 10, heartbeatMs: 30_000 }),
      30_000 + STALE_AFTER_MS + 1,
      20,
      null,
    ],
  ])('%s', (_what, record, now, rate, eta) => {
    const v = jobView(record, now);
    expect(v.rate_per_min).toBe(rate);
    expect(v.eta_s).toBe(eta);
  });

  it.each([
    ['written just now', 100_000, 'importing', null, null],
    ['written 30 s ago: still running', 100_000 - STALE_AFTER_MS, 'importing', null, null],
    ['silent longer: its replica died', 100_000 - STALE_AFTER_MS - 1, 'stopped', STALE_REASON, 'x'],
  ])('a running job %s', (_what, heartbeatMs, state, reason, finished) => {
    const v = jobView(job({ heartbeatMs, startedAtMs: 1_000 }), 100_000);
    expect(v.state).toBe(state);
    expect(v.reason).toBe(reason);
    expect(v.finished_at === null ? null : 'x').toBe(finished);
  });

  it('a finished job stays as it ended, however old', () => {
    const v = jobView(job({ state: 'complete', finishedAtMs: 5_000, heartbeatMs: 5_000 }), 1e9);
    expect(v).toMatchObject({ state: 'complete', reason: null });
  });
});
