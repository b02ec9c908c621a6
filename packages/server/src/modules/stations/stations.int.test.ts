import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

describe('stations', () => {
  it('lists [] anonymously on a fresh install, then public active stations only', async () => {
    t = await buildTestApp();
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/stations' });
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual([]);
    const admin = await t.adminToken();
    await t.makeStation(admin, { name: 'Public FM' });
    await t.makeStation(admin, { name: 'Private FM', public: false });
    await t.makeStation(admin, { name: 'Off FM', active: false });
    const names = (await t.app.inject({ method: 'GET', url: '/api/v1/stations' }))
      .json()
      .map((s: { name: string }) => s.name);
    expect(names).toEqual(['Public FM']);
    const all = (
      await t.app.inject({ method: 'GET', url: '/api/v1/stations', headers: bearer(admin) })
    ).json();
    expect(all).toHaveLength(3);
  });

  it('creates a station with the guide’s body, a time zone and a default 128k MP3 mount', async () => {
    t = await buildTestApp();
    const admin = await t.adminToken();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: bearer(admin),
      payload: { name: 'Grimnir Test FM', description: 'hello', active: true },
    });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      name: 'Grimnir Test FM',
      slug: 'grimnir-test-fm',
      timezone: 'UTC',
      loudness_target_lufs: -16,
      active: true,
    });
    const mounts = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/stations/${s.id}/mounts`,
        headers: bearer(admin),
      })
    ).json();
    expect(mounts).toEqual([
      expect.objectContaining({
        name: 'grimnir-test-fm',
        format: 'mp3',
        bitrate_kbps: 128,
        sample_rate: 44100,
        channels: 2,
        icecast: null,
      }),
    ]);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: bearer(admin),
      payload: { name: 'X', timezone: 'Mars/Olympus' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation_error', request_id: expect.any(String) });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${s.id}`,
      headers: bearer(admin),
      payload: { timezone: 'Europe/London', crossfade_ms: 5000 },
    });
    expect(patched.json()).toMatchObject({ timezone: 'Europe/London', crossfade_ms: 5000 });
  });

  it('keeps Icecast passwords write-only and mount names unique', async () => {
    t = await buildTestApp({ env: { GRIMNIR_OUTBOUND_ALLOW: '127.0.0.1:8000,127.0.0.1:8001' } });
    const admin = await t.adminToken();
    const s = await t.makeStation(admin);
    const url = `/api/v1/stations/${s.id}/mounts`;
    const created = await t.app.inject({
      method: 'POST',
      url,
      headers: bearer(admin),
      payload: {
        name: 'hifi',
        format: 'opus',
        bitrate_kbps: 96,
        sample_rate: 48000,
        icecast: { host: '127.0.0.1', port: 8000, mount: '/hifi', password: 'Sup3r-Secret-Pw' },
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain('Sup3r-Secret-Pw');
    // Icecast targets pass the outbound fence: only the port the operator allowed opens.
    for (const icecast of [
      { host: '127.0.0.1', port: 8002 },
      { host: 'localhost', port: 8002 },
      { host: '169.254.169.254', port: 80 },
      { host: '10.0.0.1', port: 8000 },
    ]) {
      const refused = await t.app.inject({
        method: 'PATCH',
        url: `${url}/${created.json().id}`,
        headers: bearer(admin),
        payload: { icecast },
      });
      expect(refused.statusCode, icecast.host).toBe(400);
      expect(refused.json().message).toBe('the address is not reachable (outbound policy)');
    }
    expect(created.json().icecast).toEqual({
      host: '127.0.0.1',
      port: 8000,
      mount: '/hifi',
      user: 'source',
      password_set: true,
    });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `${url}/${created.json().id}`,
      headers: bearer(admin),
      payload: { icecast: { port: 8001 } },
    });
    expect(patched.statusCode).toBe(200);
    // A new port without the password clears it (icecast-target.int.test.ts has the rule).
    expect(patched.json().icecast).toMatchObject({ port: 8001, password_set: false });
    const dup = await t.app.inject({
      method: 'POST',
      url,
      headers: bearer(admin),
      payload: { name: 'hifi' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toBe('mount_name_taken');
    const traversal = await t.app.inject({
      method: 'POST',
      url,
      headers: bearer(admin),
      payload: { name: '../etc' },
    });
    expect(traversal.statusCode).toBe(400);
    const audit = await t.database.db.selectFrom('audit_log').select('details').execute();
    expect(JSON.stringify(audit)).not.toContain('Sup3r-Secret-Pw');
  });

  it('lets members touch only their own station, by role', async () => {
    t = await buildTestApp();
    const admin = await t.adminToken();
    const a = await t.makeStation(admin, { name: 'A' });
    const b = await t.makeStation(admin, { name: 'B', public: false });
    const dj = await t.makeUser({ role: 'dj' });
    await t.addMember(a.id, dj.id, 'dj');
    const get = (id: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/stations/${id}`, headers: bearer(dj.token) });
    expect((await get(a.id)).statusCode).toBe(200);
    expect((await get(b.id)).statusCode).toBe(403);
    expect((await get('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const listed = (
      await t.app.inject({ method: 'GET', url: '/api/v1/stations', headers: bearer(dj.token) })
    ).json();
    expect(listed.map((s: { id: string }) => s.id)).toEqual([a.id]);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${a.id}`,
      headers: bearer(dj.token),
      payload: { name: 'Hijacked' },
    });
    expect(patch.statusCode).toBe(403);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/stations/${b.id}`,
      headers: bearer(dj.token),
    });
    expect(del.statusCode).toBe(403);
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: bearer(dj.token),
      payload: { name: 'Mine' },
    });
    expect(create.statusCode).toBe(403);
    const viewer = await t.makeUser({ role: 'viewer' });
    await t.addMember(a.id, viewer.id, 'manager');
    // The global viewer role caps the membership: no mount creation.
    const mount = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${a.id}/mounts`,
      headers: bearer(viewer.token),
      payload: { name: 'v-mount' },
    });
    expect(mount.statusCode).toBe(403);
  });

  it('deletes a station with its mounts', async () => {
    t = await buildTestApp();
    const admin = await t.adminToken();
    const s = await t.makeStation(admin);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/stations/${s.id}`,
          headers: bearer(admin),
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/stations/${s.id}`,
          headers: bearer(admin),
        })
      ).statusCode,
    ).toBe(404);
    expect(await t.database.db.selectFrom('mounts').selectAll().execute()).toEqual([]);
  });
});
