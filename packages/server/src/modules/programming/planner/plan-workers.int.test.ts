import { smartBlockRulesSchema } from '@grimnir/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test-support/app.js';
import { insertMedia, musicLibrary } from '../../../test-support/programming-factories.js';
import { createPlanWorkers, planWorkerCount, type PlanWorkers } from './plan-workers.js';
import type { Programme } from './programme-loader.js';
import { planOnThisThread, planWithWorkers } from './station-planner.js';

const NOW = Date.UTC(2026, 5, 1, 10, 7);
const LOOKAHEAD = 12 * 3_600_000;
const programme: Programme = {
  entries: [],
  clocks: [
    {
      id: 'clock',
      name: 'half-hourly',
      priority: 0,
      hours: [{ days: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h) }],
      slots: [0, 30].map((m) => ({
        offsetMs: m * 60_000,
        type: 'smart_block' as const,
        payload: { smart_block_id: 'sb' },
      })),
    },
  ],
  smartBlocks: new Map([
    [
      'sb',
      smartBlockRulesSchema.parse({
        include: [{ field: 'genre', op: 'in', value: ['rock', 'pop'] }],
        separation: { artist_minutes: 60, title_minutes: 720 },
      }),
    ],
  ]),
  playlists: new Map(),
  fallback: null,
  libraryVersion: 'test',
};

let t: TestApp | undefined;
let workers: PlanWorkers | undefined;
afterEach(async () => {
  await workers?.close();
  await t?.close();
  workers = undefined;
  t = undefined;
});

const warnings: string[] = [];
const log = { warn: (_: object, msg: string) => void warnings.push(msg) };

async function stationWithLibrary(app: TestApp) {
  const s = await app.makeStation(await app.adminToken());
  await insertMedia(app.database.db, s.id, musicLibrary(15, 6));
  return { id: s.id, timezone: 'Europe/London' };
}

describe('plan workers', () => {
  it('keeps one core for the event loop, and at least one worker', () => {
    expect([1, 2, 4, 64].map((cores) => planWorkerCount(cores))).toEqual([1, 1, 2, 2]);
  });

  it('plan in a worker what this thread plans, and leave a station to this thread while busy', async () => {
    t = await buildTestApp();
    const station = await stationWithLibrary(t);
    workers = createPlanWorkers({ size: 1, db: t.config.db, log });
    const here = await planOnThisThread(t.programming.repos)(station, NOW, LOOKAHEAD, programme);
    expect(here.items.length).toBeGreaterThan(100);
    const job = { station, nowMs: NOW, lookaheadMs: LOOKAHEAD, programme };
    const recent = () => Promise.resolve([]);
    const inWorker = workers.tryPlan(job, recent);
    // The one worker is taken: the next station is this thread's.
    expect(workers.tryPlan(job, recent)).toBeUndefined();
    expect(await inWorker).toEqual(here);
    const both = planWithWorkers(t.programming.repos, workers);
    const plans = await Promise.all([1, 2, 3].map(() => both(station, NOW, LOOKAHEAD, programme)));
    for (const plan of plans) expect(plan).toEqual(here);
  });

  it('fail a plan that throws in the worker as that plan only; the worker plans on', async () => {
    t = await buildTestApp();
    const station = await stationWithLibrary(t);
    workers = createPlanWorkers({ size: 1, db: t.config.db, log });
    const plan = planWithWorkers(t.programming.repos, workers);
    const bad = plan({ ...station, timezone: 'Nowhere/Atlantis' }, NOW, LOOKAHEAD, programme);
    // Errors cross the thread with their kind: the scheduler counts RangeError as invalid_programme.
    await expect(bad).rejects.toBeInstanceOf(RangeError);
    const good = await plan(station, NOW, LOOKAHEAD, programme);
    expect(good.items.length).toBeGreaterThan(100);
  });

  it('fail the plans of a worker that cannot start, with a log line, then plan here', async () => {
    t = await buildTestApp();
    const station = await stationWithLibrary(t);
    warnings.length = 0;
    const db = { ...t.config.db, backend: 'sqlite' as const, dsn: '/nonexistent/grimnir.db' };
    workers = createPlanWorkers({ size: 1, db, log });
    const plan = planWithWorkers(t.programming.repos, workers);
    await expect(plan(station, NOW, LOOKAHEAD, programme)).rejects.toThrow(/open database/i);
    expect(warnings).toContain('plan worker crashed; its stations fail this build');
    // No new worker for a while: the next stations plan on this thread.
    expect((await plan(station, NOW, LOOKAHEAD, programme)).items.length).toBeGreaterThan(100);
  });

  it('fail a job that cannot cross to the worker at once, and keep the worker for the next', async () => {
    t = await buildTestApp();
    const station = await stationWithLibrary(t);
    workers = createPlanWorkers({ size: 1, db: t.config.db, log });
    const job = { station, nowMs: NOW, lookaheadMs: LOOKAHEAD, programme };
    // A function cannot be cloned: postMessage throws DataCloneError.
    const uncloneable = { ...job, programme: { ...programme, libraryVersion: () => 'x' } };
    await expect(
      workers.tryPlan(uncloneable as unknown as typeof job, () => Promise.resolve([])),
    ).rejects.toThrow(/could not be cloned/);
    // The worker is free again (it was held until the job's 120 s timeout).
    const next = workers.tryPlan(job, () => Promise.resolve([]));
    expect(next).toBeDefined();
    expect((await next)?.items.length).toBeGreaterThan(100);
  });

  it('stop a worker that stays idle, and start one again for the next plan', async () => {
    t = await buildTestApp();
    const station = await stationWithLibrary(t);
    workers = createPlanWorkers({ size: 1, db: t.config.db, log, idleStopMs: 200 });
    const job = { station, nowMs: NOW, lookaheadMs: LOOKAHEAD, programme };
    const recent = () => Promise.resolve([]);
    const first = await workers.tryPlan(job, recent);
    expect(workers.running()).toBe(1);
    await expect.poll(() => workers?.running(), { timeout: 5000 }).toBe(0);
    expect(await workers.tryPlan(job, recent)).toEqual(first);
    expect(workers.running()).toBe(1);
  });

  it('stop every worker on close, failing nothing that was done', async () => {
    t = await buildTestApp();
    const station = await stationWithLibrary(t);
    workers = createPlanWorkers({ size: 2, db: t.config.db, log });
    const job = { station, nowMs: NOW, lookaheadMs: LOOKAHEAD, programme };
    const plans = [0, 1].map(() => workers?.tryPlan(job, () => Promise.resolve([])));
    for (const p of plans) expect((await p)?.items.length).toBeGreaterThan(100);
    await workers.close();
    expect(workers.tryPlan(job, () => Promise.resolve([]))).toBeUndefined();
  });
});
