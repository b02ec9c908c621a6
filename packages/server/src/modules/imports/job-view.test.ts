import { describe, expect, it } from 'vitest';
import { emptyTally } from './import-tally.js';
import { jobView, type JobRecord } from './job-view.js';

const job = (over: Partial<JobRecord>): JobRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  stationId: '00000000-0000-4000-8000-000000000002',
  folder: 'albums',
  state: 'importing',
  reason: null,
  tally: emptyTally(0),
  startedAtMs: 0,
  finishedAtMs: null,
  ...over,
});

describe('jobView', () => {
  it.each([
    ['scanning: no rate, no ETA', job({ state: 'scanning' }), 60_000, null, null],
    [
      '30 of 120 files in a minute: 30/min, 3 min left',
      job({
        tally: {
          total: 120,
          imported: 20,
          duplicates: 5,
          failures: [
            { path: 'a', reason: 'x' },
            { path: 'b', reason: 'y' },
            { path: 'c', reason: 'z' },
            { path: 'd', reason: 'w' },
            { path: 'e', reason: 'v' },
          ],
        },
      }),
      60_000,
      30,
      180,
    ],
    [
      'finished: the rate over its run, no ETA',
      job({
        state: 'complete',
        finishedAtMs: 30_000,
        tally: { total: 10, imported: 10, duplicates: 0, failures: [] },
      }),
      600_000,
      20,
      null,
    ],
  ])('%s', (_what, record, now, rate, eta) => {
    const v = jobView(record, now);
    expect(v.rate_per_min).toBe(rate);
    expect(v.eta_s).toBe(eta);
  });

  it('counts every failure but lists the first hundred', () => {
    const failures = Array.from({ length: 150 }, (_, i) => ({ path: `f${i}`, reason: 'bad' }));
    const v = jobView(job({ tally: { total: 150, imported: 0, duplicates: 0, failures } }), 1000);
    expect(v.failed).toBe(150);
    expect(v.failures).toHaveLength(100);
    expect(v.failures[0]).toEqual({ path: 'f0', reason: 'bad' });
  });
});
