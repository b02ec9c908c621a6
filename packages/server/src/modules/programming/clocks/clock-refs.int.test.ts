import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';
import { insertMedia } from '../../../test-support/programming-factories.js';
import { createWebstreamsRepository } from '../../webstreams/index.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

/** A medium, smart block, playlist and webstream of the station. */
async function content(token: string, stationId: string) {
  const [media] = await insertMedia(t.database.db, stationId, [{}]);
  const post = async (url: string, payload: object) =>
    (await t.app.inject({ method: 'POST', url, headers: bearer(token), payload })).json<{
      id: string;
    }>().id;
  const block = await post('/api/v1/smart-blocks', { station_id: stationId, name: 'B', rules: {} });
  const playlist = await post('/api/v1/playlists', {
    station_id: stationId,
    name: 'P',
    items: [{ media_id: media }],
  });
  const webstream = randomUUID();
  await createWebstreamsRepository(t.database.db).insert(
    {
      id: webstream,
      station_id: stationId,
      name: 'W',
      urls: ['https://relay.example/live'],
      active: true,
    },
    new Date().toISOString(),
  );
  return { media: media!, block, playlist, webstream };
}

const slotsFor = (c: Awaited<ReturnType<typeof content>>) => ({
  media: [{ offset_ms: 0, type: 'hard_item', payload: { media_id: c.media } }],
  media_ids: [{ offset_ms: 0, type: 'stopset', payload: { media_ids: [c.media] } }],
  smart_block: [{ offset_ms: 0, type: 'smart_block', payload: { smart_block_id: c.block } }],
  playlist: [{ offset_ms: 0, type: 'playlist', payload: { playlist_id: c.playlist } }],
  webstream: [{ offset_ms: 0, type: 'webstream', payload: { webstream_id: c.webstream } }],
});

describe('clock slots name only the station’s own content', () => {
  it('refuses another station’s media, smart blocks, playlists and webstreams (create and patch)', async () => {
    t = await buildTestApp();
    const admin = await t.adminToken();
    const mine = await t.makeStation(admin);
    const theirs = await t.makeStation(admin);
    const own = slotsFor(await content(admin, mine.id));
    const foreign = slotsFor(await content(admin, theirs.id));
    const call = (method: 'POST' | 'PATCH', url: string, payload: object) =>
      t.app.inject({ method, url, headers: bearer(admin), payload });
    for (const [kind, slots] of Object.entries(own)) {
      const ok = await call('POST', '/api/v1/clocks', { station_id: mine.id, name: kind, slots });
      expect(ok.statusCode, `${kind}: ${ok.body}`).toBe(201);
      const bad = await call('POST', '/api/v1/clocks', {
        station_id: mine.id,
        name: kind,
        slots: foreign[kind as keyof typeof foreign],
      });
      expect(bad.statusCode, kind).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'bad_request', request_id: expect.any(String) });
      const patched = await call('PATCH', `/api/v1/clocks/${ok.json<{ id: string }>().id}`, {
        slots: foreign[kind as keyof typeof foreign],
      });
      expect(patched.statusCode, kind).toBe(400);
    }
  });
});
