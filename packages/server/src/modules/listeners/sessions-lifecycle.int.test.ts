import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { createListenerSessionsRepository } from './sessions.repository.js';
import { createSessionTracker } from './sessions.js';

// What becomes of open sessions when a replica stops cleanly, when it crashes and another
// starts, and when they grow old; and what one flush costs the database.

const T = Date.parse('2026-11-02T10:00:00.000Z');
const MIN = 60_000;
let t: TestApp;
let stationId: string;

beforeAll(async () => {
  t = await buildTestApp();
  stationId = (await t.makeStation(await t.adminToken())).id;
}, 60_000);
afterAll(() => t?.close());

function tracker(now: { ms: number }, retentionDays = 90, flushMs = 3_600_000) {
  return createSessionTracker({
    repo: createListenerSessionsRepository(t.database.db),
    now: () => now.ms,
    hashKey: 'test-key',
    log: pino({ level: 'silent' }),
    options: { flushMs, retentionDays },
  });
}
const open = (tr: ReturnType<typeof tracker>, address = '192.0.2.1') =>
  tr.open({ stationId, mountId: null, mount: 'm', kind: 'direct', address, userAgent: 'VLC' });
const row = (id: string) =>
  t.database.db
    .selectFrom('listener_sessions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const ended = async (id: string) => {
  const e = (await row(id)).ended_ms;
  return e === null ? null : Number(e);
};

describe('session tracker lifecycle', () => {
  it('ends a crashed tracker’s sessions at its last heartbeat when another starts', async () => {
    const now = { ms: T };
    // 5 s flushes: a tracker silent for 2 minutes is taken for dead.
    const crashed = tracker(now, 90, 5000);
    await crashed.start();
    const [s1, s2, s3] = [open(crashed), open(crashed), open(crashed)];
    await crashed.flush();
    now.ms = T + MIN;
    const s4 = open(crashed);
    crashed.close(s1);
    await crashed.flush();
    // No stop(): the process died. Ten minutes later another replica starts.
    now.ms = T + 10 * MIN;
    const next = tracker(now, 90, 5000);
    await next.start();
    expect(await ended(s1)).toBe(T + MIN);
    for (const id of [s2, s3, s4]) expect(await ended(id)).toBe(T + MIN);
    await next.stop();
  });

  it('ends every open session on a clean stop and removes its heartbeat', async () => {
    const now = { ms: T + 20 * MIN };
    const tr = tracker(now);
    await tr.start();
    const a = open(tr);
    await tr.flush();
    now.ms += 5 * MIN;
    // Opened after the last flush: written once, already ended.
    const b = open(tr);
    await tr.stop();
    expect(await ended(a)).toBe(T + 25 * MIN);
    expect(await ended(b)).toBe(T + 25 * MIN);
    const beats = await t.database.db
      .selectFrom('listener_trackers')
      .select('id')
      .where('id', '=', tr.trackerId)
      .execute();
    expect(beats).toEqual([]);
  });

  it('purges sessions that ended before the retention', async () => {
    const now = { ms: T + 100 * 86_400_000 };
    const old = tracker({ ms: T });
    await old.start();
    const gone = open(old);
    now.ms = T + 100 * 86_400_000;
    await old.stop();
    const recent = tracker({ ms: T + 95 * 86_400_000 });
    await recent.start();
    const kept = open(recent);
    await recent.stop();
    const purger = tracker(now, 30);
    await purger.start();
    await purger.stop();
    const ids = (await t.database.db.selectFrom('listener_sessions').select('id').execute()).map(
      (r) => r.id,
    );
    expect(ids).not.toContain(gone);
    expect(ids).toContain(kept);
  });

  it('writes a thousand new listeners in a handful of statements', async () => {
    const now = { ms: T + 200 * 86_400_000 };
    const tr = tracker(now);
    await tr.start();
    const ids = Array.from({ length: 1000 }, (_, i) => open(tr, `198.51.100.${i % 250}`));
    await tr.flush();
    expect(tr.written).toEqual({ rows: 1001, statements: 11, flushes: 1 });
    now.ms += MIN;
    for (const id of ids.slice(0, 600)) tr.close(id);
    await tr.flush();
    // 600 ends: three multi-row updates and the heartbeat.
    expect(tr.written).toMatchObject({ rows: 1001 + 601, statements: 11 + 4, flushes: 2 });
    expect(await ended(ids[0] as string)).toBe(now.ms);
    expect(await ended(ids[999] as string)).toBeNull();
    await tr.stop();
  });
});
