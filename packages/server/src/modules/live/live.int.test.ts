import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { mediaWorld, type MediaWorld } from '../../test-support/media.js';
import { createLiveRepository } from './live.repository.js';
import { sourceRequest } from '../../test-support/source-client.js';

// The live API and the source front on a real database (SQLite, and PostgreSQL with
// GRIMNIR_TEST_DB=postgres) without a media engine: access checks, one-time passwords, the error
// shape, refusals on the main port, and sessions kicked from another replica.

let t: TestApp;
let w: MediaWorld;
let port: number;
const mountOf = async (stationId: string) =>
  (
    await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${stationId}/mounts`,
      headers: bearer(await t.adminToken()),
    })
  ).json<{ id: string; name: string }[]>()[0]!;

beforeEach(async () => {
  t = await buildTestApp();
  w = await mediaWorld(t);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
afterEach(async () => {
  await t.close();
});

const token = (headers: Record<string, string>, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/live/tokens', headers, payload: body });

describe('POST /api/v1/live/tokens', () => {
  it('returns a one-time password once, stores only its hash, and audits without it', async () => {
    const mount = await mountOf(w.stationA);
    const res = await token(w.djA, {
      station_id: w.stationA,
      mount_id: mount.id,
      label: 'Night Shift',
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ password: string; path: string; mount: string; expires_at: string }>();
    expect(body.password.length).toBeGreaterThanOrEqual(20);
    expect(body.path).toBe(`/live/${mount.name}`);
    expect(Date.parse(body.expires_at) - Date.now()).toBeGreaterThan(59 * 60_000);
    const stored = await t.database.db.selectFrom('live_tokens').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(body.password);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'live.token_create')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(body.password);
  });

  it.each([
    ['a viewer of the station', 'viewerA', 'A', 403],
    ['a DJ of another station', 'djB', 'A', 403],
    ['a manager of another station', 'managerB', 'A', 403],
  ] as const)('refuses %s', async (_who, user, _s, status) => {
    const mount = await mountOf(w.stationA);
    const res = await token(w[user], { station_id: w.stationA, mount_id: mount.id });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: 'forbidden', request_id: expect.any(String) });
  });

  it('refuses anonymous callers, unknown stations and mounts of another station', async () => {
    const mountA = await mountOf(w.stationA);
    const mountB = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/stations/${w.stationB}/mounts`,
        headers: w.managerB,
      })
    ).json<{ id: string }[]>()[0]!;
    const anon = await token({}, { station_id: w.stationA, mount_id: mountA.id });
    expect(anon.statusCode).toBe(401);
    const admin = bearer(await t.adminToken());
    const unknown = await token(admin, { station_id: randomUUID(), mount_id: mountA.id });
    expect(unknown.statusCode).toBe(404);
    const foreign = await token(w.managerA, { station_id: w.stationA, mount_id: mountB.id });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: 'not_found', message: 'mount not found' });
  });

  it.each([
    ['missing mount_id', { station_id: randomUUID() }],
    ['station_id not a uuid', { station_id: 'x', mount_id: randomUUID() }],
    ['expiry of zero', { station_id: randomUUID(), mount_id: randomUUID(), expires_in_minutes: 0 }],
    [
      'expiry over a week',
      { station_id: randomUUID(), mount_id: randomUUID(), expires_in_minutes: 20_000 },
    ],
    ['empty label', { station_id: randomUUID(), mount_id: randomUUID(), label: ' ' }],
  ])('answers 400 in the error shape for %s', async (_name, body) => {
    const res = await token(w.managerA, body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'validation_error',
      message: expect.any(String),
      request_id: expect.any(String),
    });
  });
});

describe('the source front without an engine', () => {
  it('challenges bad credentials, refuses unknown mounts, and keeps HTTP working', async () => {
    const mount = await mountOf(w.stationA);
    const created = await token(w.djA, { station_id: w.stationA, mount_id: mount.id });
    const { password } = created.json<{ password: string }>();
    const wrong = await sourceRequest(port, 'PUT', `/live/${mount.name}`, 'source:nope');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="Icecast2 Server"');
    const none = await sourceRequest(port, 'SOURCE', `/live/${mount.name}`, undefined);
    expect(none.status).toBe(401);
    const unknown = await sourceRequest(
      port,
      'SOURCE',
      '/live/no-such-mount',
      `source:${password}`,
    );
    expect(unknown.status).toBe(404);
    // No engine here: the DJ hears 503, and the password is not used up by the attempt.
    const noEngine = await sourceRequest(port, 'PUT', `/live/${mount.name}`, `source:${password}`);
    expect(noEngine.status).toBe(503);
    const stored = await t.database.db.selectFrom('live_tokens').select('used_at').execute();
    expect(stored[0]?.used_at).toBeNull();
    const probe = await sourceRequest(port, 'OPTIONS', '*', undefined);
    expect(probe.status).toBe(200);
    expect(probe.headers['allow']).toContain('SOURCE');
    // Plain HTTP on the same port goes to the API as before.
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await t.metrics.registry.getSingleMetricAsString(
      'grimnir_live_source_refused_total',
    );
    expect(metrics).toContain('reason="unauthorized"} 1');
    expect(metrics).toContain('reason="no_credentials"} 1');
    expect(metrics).toContain('reason="unknown_mount"} 1');
    expect(metrics).toContain('reason="engine_unavailable"} 1');
    const sessions = await t.database.db.selectFrom('live_sessions').selectAll().execute();
    expect(sessions).toEqual([]);
  });

  it('refuses a token on another mount (403) and an expired token (401)', async () => {
    const main = await mountOf(w.stationA);
    const second = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${w.stationA}/mounts`,
      headers: w.managerA,
      payload: { name: `second-${Date.now().toString(36)}` },
    });
    expect(second.statusCode).toBe(201);
    const other = second.json<{ name: string }>();
    const created = await token(w.djA, { station_id: w.stationA, mount_id: main.id });
    const { id, password } = created.json<{ id: string; password: string }>();
    const wrongMount = await sourceRequest(port, 'PUT', `/live/${other.name}`, `x:${password}`);
    expect(wrongMount.status).toBe(403);
    await t.database.db
      .updateTable('live_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    const expired = await sourceRequest(port, 'PUT', `/live/${main.name}`, `x:${password}`);
    expect(expired.status).toBe(401);
  });

  it('refuses a DJ login without the DJ role, and a DJ of another station', async () => {
    const mount = await mountOf(w.stationA);
    const viewer = await t.makeUser({ role: 'viewer' });
    await t.addMember(w.stationA, viewer.id, 'viewer');
    const other = await t.makeUser({ role: 'dj' });
    await t.addMember(w.stationB, other.id, 'dj');
    for (const u of [viewer, other]) {
      const res = await sourceRequest(
        port,
        'SOURCE',
        `/live/${mount.name}`,
        `${u.username}:${u.password}`,
      );
      expect(res.status).toBe(403);
    }
  });
});

describe('live sessions API', () => {
  async function openSession(stationId: string) {
    const mount = await mountOf(stationId);
    const repo = createLiveRepository(t.database.db);
    const now = new Date().toISOString();
    const row = {
      id: randomUUID(),
      station_id: stationId,
      mount_id: mount.id,
      mount: mount.name,
      user_id: null,
      token_id: null,
      priority_source_id: null,
      dj_name: 'Remote DJ',
      title: null,
      tier: 1 as const,
      content_type: 'audio/mpeg',
      remote_addr: null,
      started_at: now,
      heartbeat_at: now,
    };
    await repo.insertSession(row);
    return row;
  }

  it('lists and shows sessions to members only, and a manager kicks one held elsewhere', async () => {
    const row = await openSession(w.stationA);
    // A live source on the station's ladder, as the replica holding the DJ would have claimed it.
    const sourceId = await t.services.playout.service.claimLive(w.stationA, 1, null, 'Remote DJ');
    await createLiveRepository(t.database.db).setPrioritySource(row.id, sourceId);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/live/sessions?station_id=${w.stationA}&active=true`,
      headers: w.viewerA,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject([{ id: row.id, tier_name: 'live_override', active: true }]);
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/live/sessions',
      headers: w.djB,
    });
    expect(mine.json()).toEqual([]);
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/live/sessions/${row.id}`,
      headers: w.managerB,
    });
    expect(hidden.statusCode).toBe(403);
    const byDj = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/live/sessions/${row.id}`,
      headers: w.djA,
    });
    expect(byDj.statusCode).toBe(403);
    const kick = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/live/sessions/${row.id}`,
      headers: w.managerA,
    });
    expect(kick.statusCode).toBe(204);
    const shown = await t.app.inject({
      method: 'GET',
      url: `/api/v1/live/sessions/${row.id}`,
      headers: w.viewerA,
    });
    expect(shown.json()).toMatchObject({ active: false, end_reason: 'kicked' });
    const source = await t.services.playout.repo.findSource(sourceId);
    expect(source?.released_at).not.toBeNull();
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/live/sessions/${row.id}`,
      headers: w.managerA,
    });
    expect(again.statusCode).toBe(409);
    const missing = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/live/sessions/${randomUUID()}`,
      headers: w.managerA,
    });
    expect(missing.statusCode).toBe(404);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'live.kick')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('closes sessions a dead process left open and gives the air back', async () => {
    const fresh = await openSession(w.stationB);
    const row = await openSession(w.stationA);
    const old = new Date(Date.now() - 120_000).toISOString();
    await t.database.db
      .updateTable('live_sessions')
      .set({ heartbeat_at: old })
      .where('id', '=', row.id)
      .execute();
    const sourceId = await t.services.playout.service.claimLive(w.stationA, 2, null, 'Gone DJ');
    await createLiveRepository(t.database.db).setPrioritySource(row.id, sourceId);
    expect(await t.live.sessions.sweep()).toBe(1);
    const repo = createLiveRepository(t.database.db);
    expect(await repo.findSession(row.id)).toMatchObject({ end_reason: 'stale' });
    expect(await repo.findSession(fresh.id)).toMatchObject({ ended_at: null });
    expect((await t.services.playout.repo.findSource(sourceId))?.released_at).not.toBeNull();
    expect(await t.live.sessions.sweep()).toBe(0);
  });

  it('allows one open session per station in the database itself', async () => {
    await openSession(w.stationA);
    await expect(openSession(w.stationA)).rejects.toThrow();
    await openSession(w.stationB);
  });

  it('answers metadata updates without credentials with an Icecast challenge', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/admin/metadata?mode=updinfo&mount=/live/x&song=Hello',
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="Icecast2 Server"');
    expect(res.json()).toMatchObject({ error: 'no_credentials', request_id: expect.any(String) });
    const bad = await t.app.inject({ method: 'GET', url: '/admin/metadata?mode=stats&mount=x' });
    expect(bad.statusCode).toBe(400);
  });
});
