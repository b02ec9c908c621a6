import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, GrimnirEvent } from '@grimnir/contracts';
import { createInMemoryEventBus } from '../../infra/event-bus.js';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { mediaWorld, uploadMedia } from '../../test-support/media.js';

// Consoles follow the library through the `media` event: every change a user makes through the
// API is announced once it is committed, naming the station and the items.

let work: string;
let mp3: Buffer;
let t: TestApp;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'grimnir-media-events-'));
  mp3 = await readFile(await makeAudio(work, 'mp3', { seconds: 2, tags: { title: 'Evented' } }));
});
afterAll(() => rm(work, { recursive: true, force: true }));
afterEach(() => t.close());

describe('media events', () => {
  it('announces uploads, edits, bulk edits and deletes, after they are stored', async () => {
    const bus = createInMemoryEventBus(pino({ level: 'silent' }));
    const seen: EventPayload<'media'>[] = [];
    bus.subscribe((e: GrimnirEvent) => {
      if (e.type === 'media') seen.push(e.payload);
    });
    t = await buildTestApp({ eventBus: bus });
    const w = await mediaWorld(t);
    const up = await uploadMedia(
      t,
      w.djA,
      { station_id: w.stationA },
      { name: 'a.mp3', data: mp3 },
    );
    expect(up.statusCode).toBe(201);
    const id = up.json<{ id: string }>().id;
    expect(seen).toEqual([
      expect.objectContaining({ station_id: w.stationA, action: 'added', media_ids: [id] }),
    ]);

    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${id}`,
      headers: w.djA,
      payload: { genre: 'Ambient' },
    });
    expect(patch.statusCode).toBe(200);
    const bulk = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/media',
      headers: w.djA,
      payload: { station_id: w.stationA, ids: [id], add_tags: ['night'] },
    });
    expect(bulk.statusCode).toBe(200);
    // A refused change announces nothing.
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${id}`,
      headers: w.djB,
      payload: { genre: 'Jazz' },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(403);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/media/${id}`,
      headers: w.managerA,
    });
    expect(del.statusCode).toBe(204);
    expect(seen.map((p) => [p.action, p.media_ids, p.station_id])).toEqual([
      ['added', [id], w.stationA],
      ['updated', [id], w.stationA],
      ['updated', [id], w.stationA],
      ['deleted', [id], w.stationA],
    ]);
  });
});
