import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

/**
 * The Icecast password is write-only, and stays so when the target moves: a manager who changes
 * where a mount is pushed without typing the password must not have the stored one sent to the
 * new server.
 */
describe('Icecast target password', () => {
  async function mountWithPassword() {
    t = await buildTestApp();
    const admin = await t.adminToken();
    const s = await t.makeStation(admin);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${s.id}/mounts`,
      headers: bearer(admin),
      payload: {
        name: `m${Date.now().toString(36)}`,
        icecast: { host: 'icecast.example.org', port: 8000, mount: '/main', password: 'St0red-Pw' },
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const patch = (icecast: Record<string, unknown>) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/stations/${s.id}/mounts/${id}`,
        headers: bearer(admin),
        payload: { icecast },
      });
    const stored = async () => (await t.services.repositories.mounts.findById(id))?.icecast;
    return { patch, stored };
  }

  it.each([
    ['host', { host: 'attacker.example.net' }],
    ['port', { port: 8010 }],
    ['mount', { mount: '/elsewhere' }],
  ])('a new %s without the password clears the stored one', async (_field, change) => {
    const { patch, stored } = await mountWithPassword();
    const res = await patch(change);
    expect(res.statusCode).toBe(200);
    expect(res.json().icecast).toMatchObject({ ...change, password_set: false });
    expect((await stored())?.password).toBeNull();
    // The cleared password is recorded, never its value.
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'mount.update')
      .executeTakeFirstOrThrow();
    expect(String(audit.details)).toContain('icecast_password_cleared');
    expect(String(audit.details)).not.toContain('St0red-Pw');
  });

  it('keeps the password while the target stays, and takes a new one with a move', async () => {
    const { patch, stored } = await mountWithPassword();
    // Same host, port and mount (re-sent as they are) and a new user: still the same server.
    const same = await patch({ host: 'icecast.example.org', port: 8000, user: 'dj' });
    expect(same.json().icecast).toMatchObject({ user: 'dj', password_set: true });
    expect((await stored())?.password).toBe('St0red-Pw');
    const moved = await patch({ host: 'new.example.org', password: 'N3w-Pw' });
    expect(moved.json().icecast).toMatchObject({ host: 'new.example.org', password_set: true });
    expect((await stored())?.password).toBe('N3w-Pw');
  });
});
