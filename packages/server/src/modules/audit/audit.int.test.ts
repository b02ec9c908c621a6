import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

interface Page {
  items: { id: string; action: string; station_id: string | null; username: string | null }[];
  next_before: string | null;
}

async function get(token: string, url: string) {
  return t.app.inject({ method: 'GET', url, headers: bearer(token) });
}
async function page(token: string, query: string): Promise<Page> {
  const res = await get(token, `/api/v1/audit?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
}

/** Two stations; a manager of A only; a DJ and a viewer of A. */
async function world() {
  const clock = manualClock('2026-06-01T10:00:00.000Z');
  t = await buildTestApp({ clock });
  const admin = await t.adminToken();
  const a = await t.makeStation(admin);
  const b = await t.makeStation(admin);
  const manager = await t.makeUser({ role: 'manager' });
  const dj = await t.makeUser({ role: 'dj' });
  const viewer = await t.makeUser({ role: 'viewer' });
  await t.addMember(a.id, manager.id, 'manager');
  await t.addMember(a.id, dj.id, 'dj');
  await t.addMember(a.id, viewer.id, 'viewer');
  return { clock, admin, a, b, manager, dj, viewer };
}

describe('GET /api/v1/audit', () => {
  it('pages newest first without repeating or skipping rows, ties on time included', async () => {
    const w = await world();
    // Five entries in the same millisecond, then three later ones: the cursor must break ties.
    for (let i = 0; i < 5; i++)
      await t.services.audit.record({
        userId: null,
        stationId: w.a.id,
        action: 'test.same_ms',
        targetType: 'test',
        targetId: String(i),
      });
    for (let i = 0; i < 3; i++) {
      w.clock.advance(1000);
      await t.services.audit.record({
        userId: null,
        stationId: w.b.id,
        action: 'test.later',
        targetType: 'test',
      });
    }
    const all = await page(w.admin, 'limit=200');
    expect(all.next_before).toBeNull();
    const times = all.items.map((e) => (e as unknown as { created_at: string }).created_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.items.slice(0, 3).map((e) => e.action)).toEqual(Array(3).fill('test.later'));

    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(
        w.admin,
        `limit=3${before === null ? '' : `&before=${encodeURIComponent(before)}`}`,
      );
      expect(p.items.length).toBeLessThanOrEqual(3);
      seen.push(...p.items.map((e) => e.id));
      before = p.next_before;
      pages += 1;
    } while (before !== null && pages < 50);
    expect(seen).toEqual(all.items.map((e) => e.id));

    // A time as `before`: strictly older entries only (the five of 10:00:00.000 and setup rows).
    const older = await page(w.admin, 'before=2026-06-01T10:00:01Z&action=test.*');
    expect(older.items.map((e) => e.action)).toEqual(Array(5).fill('test.same_ms'));
    expect((await get(w.admin, '/api/v1/audit?before=garbage')).statusCode).toBe(400);
  });

  it('admins read everything; managers their stations only; DJs and viewers nothing', async () => {
    const w = await world();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(w.admin),
      payload: { name: 'console' },
    });
    expect(created.statusCode).toBe(201);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${w.a.id}`,
      headers: bearer(w.manager.token),
      payload: { description: 'by the manager' },
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${w.b.id}`,
      headers: bearer(w.admin),
      payload: { description: 'by the admin' },
    });

    const forAdmin = await page(w.admin, 'limit=200');
    const key = forAdmin.items.find((e) => e.action === 'api_key.create');
    expect(key).toMatchObject({ station_id: null, username: expect.any(String) as string });
    expect(forAdmin.items.some((e) => e.station_id === w.b.id)).toBe(true);

    const forManager = await page(w.manager.token, 'limit=200');
    expect(forManager.items.length).toBeGreaterThan(0);
    expect(forManager.items.every((e) => e.station_id === w.a.id)).toBe(true);
    expect(forManager.items.find((e) => e.action === 'station.update')).toMatchObject({
      username: w.manager.username,
    });
    expect((await get(w.manager.token, `/api/v1/audit?station_id=${w.b.id}`)).statusCode).toBe(403);
    expect((await page(w.manager.token, `station_id=${w.a.id}`)).items.length).toBe(
      forManager.items.length,
    );

    for (const token of [w.dj.token, w.viewer.token]) {
      const res = await get(token, '/api/v1/audit');
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: 'forbidden', request_id: expect.any(String) });
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);

    const actions = await get(w.manager.token, '/api/v1/audit/actions');
    expect(actions.json<string[]>()).toContain('station.update');
    expect(actions.json<string[]>()).not.toContain('api_key.create');
    expect((await get(w.admin, '/api/v1/audit/actions')).json<string[]>()).toContain(
      'api_key.create',
    );
  });

  it('filters by actor (username in any case, or id) and by action (exact or prefix)', async () => {
    const w = await world();
    const record = (userId: string, action: string) =>
      t.services.audit.record({ userId, stationId: w.a.id, action, targetType: 'test' });
    await record(w.manager.id, 'live.token_create');
    await record(w.manager.id, 'live.kick');
    await record(w.dj.id, 'live.token_create');
    await record(w.dj.id, 'livexkick');

    const byName = await page(w.admin, `actor=${w.manager.username.toUpperCase()}`);
    // makeUser logs each user in once, which is audited too.
    expect(byName.items.map((e) => e.action).sort()).toEqual([
      'auth.login',
      'live.kick',
      'live.token_create',
    ]);
    const byId = await page(w.admin, `actor=${w.dj.id}`);
    expect(byId.items.map((e) => e.username)).toEqual(Array(3).fill(w.dj.username));

    expect((await page(w.admin, 'action=live.token_create')).items).toHaveLength(2);
    // The prefix is literal: "live.*" matches neither "livexkick" nor "live" alone.
    const prefixed = await page(w.manager.token, 'action=live.*');
    expect(prefixed.items.map((e) => e.action).sort()).toEqual([
      'live.kick',
      'live.token_create',
      'live.token_create',
    ]);
    expect(
      (await page(w.admin, `action=live.*&actor=${w.dj.username}`)).items.map((e) => e.action),
    ).toEqual(['live.token_create']);
    expect((await page(w.admin, 'actor=nobody-at-all')).items).toEqual([]);
    expect((await get(w.admin, '/api/v1/audit?action=DROP%20TABLE')).statusCode).toBe(400);
  });
});
