import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const call = (
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) => t.app.inject({ method, url, headers: bearer(token), ...(payload && { payload }) });

describe('station members', () => {
  it('managers add members by username; the list shows the role each really holds', async () => {
    t = await buildTestApp();
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const manager = await t.makeUser({ role: 'manager' });
    await t.addMember(station.id, manager.id, 'manager');
    const dj = await t.makeUser({ role: 'dj', username: 'Night_Owl' });
    const capped = await t.makeUser({ role: 'viewer' });
    const base = `/api/v1/stations/${station.id}/members`;

    const added = await call(manager.token, 'POST', base, { username: 'night_owl', role: 'dj' });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toEqual({
      station_id: station.id,
      user_id: dj.id,
      username: 'Night_Owl',
      role: 'dj',
      user_role: 'dj',
      effective_role: 'dj',
      active: true,
    });
    // A global viewer made a DJ of the station still only views it (and cannot go live).
    const viewerAsDj = await call(manager.token, 'POST', base, {
      username: capped.username,
      role: 'dj',
    });
    expect(viewerAsDj.json()).toMatchObject({ role: 'dj', effective_role: 'viewer' });

    const list = await call(dj.token, 'GET', base);
    expect(list.statusCode).toBe(200);
    const roles = Object.fromEntries(
      list
        .json<{ username: string; effective_role: string }[]>()
        .map((m) => [m.username, m.effective_role]),
    );
    expect(roles).toMatchObject({
      Night_Owl: 'dj',
      [capped.username]: 'viewer',
      [manager.username]: 'manager',
    });

    // E-mail addresses and unknown names are not found; DJs cannot add anyone.
    const byEmail = await call(manager.token, 'POST', base, {
      username: `${capped.username}@example.test`,
      role: 'dj',
    });
    expect(byEmail.statusCode).toBe(404);
    expect(byEmail.json()).toMatchObject({ error: 'not_found', request_id: expect.any(String) });
    expect(
      (await call(manager.token, 'POST', base, { username: 'ghost', role: 'dj' })).statusCode,
    ).toBe(404);
    expect(
      (await call(dj.token, 'POST', base, { username: 'night_owl', role: 'manager' })).statusCode,
    ).toBe(403);

    const audit = await t.services.audit.list({ stationId: station.id, limit: 10 });
    expect(audit.filter((e) => e.action === 'member.put')).toHaveLength(2);
  });
});
