import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { GrimnirEvent } from '@grimnir/contracts';
import { createInMemoryEventBus } from '../../../infra/event-bus.js';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';
import { insertMediaRow } from './media-row.fixture.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function world() {
  const bus = createInMemoryEventBus(pino({ level: 'silent' }));
  const events: GrimnirEvent[] = [];
  bus.subscribe((e) => events.push(e));
  t = await buildTestApp({ eventBus: bus });
  const admin = await t.adminToken();
  const station = await t.makeStation(admin);
  const dj = await t.makeUser({ role: 'dj' });
  await t.addMember(station.id, dj.id, 'dj');
  const viewer = await t.makeUser({ role: 'dj' });
  await t.addMember(station.id, viewer.id, 'viewer');
  const ids: string[] = [];
  for (const title of ['One', 'Two', 'Three']) {
    const media = await insertMediaRow(t.database.db, station.id, title);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/queue',
      headers: bearer(dj.token),
      payload: { station_id: station.id, media_id: media },
    });
    expect(res.statusCode).toBe(201);
    ids.push(res.json<{ id: string }>().id);
  }
  const reorder = (token: string, next: string[], previous: string[]) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/playout/queue/order',
      headers: bearer(token),
      payload: { station_id: station.id, ids: next, previous_ids: previous },
    });
  const order = async () =>
    (
      await t.app.inject({
        url: `/api/v1/playout/queue?station_id=${station.id}`,
        headers: bearer(viewer.token),
      })
    )
      .json<{ id: string; title: string }[]>()
      .map((q) => q.title);
  return { station, dj: dj.token, viewer: viewer.token, ids, reorder, order, events };
}

describe('play-next queue order', () => {
  it('keeps the order items were added in, then the order a DJ sets, everywhere it is read', async () => {
    const w = await world();
    const [a, b, c] = w.ids as [string, string, string];
    expect(await w.order()).toEqual([
      'Test Artist - One',
      'Test Artist - Two',
      'Test Artist - Three',
    ]);

    const res = await w.reorder(w.dj, [c, a, b], [a, b, c]);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ id: string }[]>().map((q) => q.id)).toEqual([c, a, b]);
    expect(await w.order()).toEqual([
      'Test Artist - Three',
      'Test Artist - One',
      'Test Artist - Two',
    ]);
    // What the director and now-playing read is the same stored order.
    expect((await t.services.playout.repo.queue(w.station.id)).map((q) => q.id)).toEqual([c, a, b]);

    // An item added afterwards goes to the end, after the reordered ones.
    const media = await insertMediaRow(t.database.db, w.station.id, 'Four');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/queue',
      headers: bearer(w.dj),
      payload: { station_id: w.station.id, media_id: media },
    });
    expect((await w.order()).at(-1)).toBe('Test Artist - Four');

    const queueEvents = w.events.filter((e) => e.type === 'queue');
    expect(queueEvents.map((e) => e.payload.action)).toEqual([
      'added',
      'added',
      'added',
      'reordered',
      'added',
    ]);
    expect(queueEvents[3]).toMatchObject({
      payload: { station_id: w.station.id, ids: [c, a, b] },
    });
  });

  it('refuses a stale order with 409 so two operators cannot undo each other', async () => {
    const w = await world();
    const [a, b, c] = w.ids as [string, string, string];
    // Operator 1 moves Three to the top; operator 2 still sees a, b, c and swaps a and b.
    expect((await w.reorder(w.dj, [c, a, b], [a, b, c])).statusCode).toBe(200);
    const stale = await w.reorder(w.dj, [b, a, c], [a, b, c]);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'queue_changed' });
    expect(stale.json<{ request_id: string }>().request_id).toBeTruthy();
    expect(await w.order()).toEqual([
      'Test Artist - Three',
      'Test Artist - One',
      'Test Artist - Two',
    ]);
    // The same order sent again (a retry after a lost answer) is not a conflict.
    expect((await w.reorder(w.dj, [c, a, b], [a, b, c])).statusCode).toBe(200);
    // An item removed meanwhile makes an order based on the old list stale too.
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/playout/queue/${b}`,
      headers: bearer(w.dj),
    });
    expect((await w.reorder(w.dj, [a, b, c], [c, a, b])).statusCode).toBe(409);
  });

  it('checks the role and the shape of the order', async () => {
    const w = await world();
    const [a, b, c] = w.ids as [string, string, string];
    expect((await w.reorder(w.viewer, [c, b, a], [a, b, c])).statusCode).toBe(403);
    const dropped = await w.reorder(w.dj, [a, b], [a, b, c]);
    expect(dropped.statusCode).toBe(400);
    expect(dropped.json()).toMatchObject({ error: 'bad_request' });
    expect((await w.reorder(w.dj, [a, a, c], [a, b, c])).statusCode).toBe(400);
    expect((await w.reorder(w.dj, [a, 'not-a-uuid', c], [a, b, c])).statusCode).toBe(400);
    expect(await w.order()).toEqual([
      'Test Artist - One',
      'Test Artist - Two',
      'Test Artist - Three',
    ]);
  });
});
