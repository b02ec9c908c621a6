// GRIMNIR_DB_READ_DSN on PostgreSQL: read-only lists go to the replica, and a write's response
// (read back in the same request) comes from the primary. The "replica" here is a second,
// separately migrated database that never receives the primary's writes, so every answer shows
// which database it came from.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test-support/app.js';
import { createScratchPostgres, type ScratchPostgres } from '../test-support/deploy/pg-scratch.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrator.js';

let primary: ScratchPostgres;
let replica: ScratchPostgres;
let t: TestApp;
let token: string;
const auth = () => ({ authorization: `Bearer ${token}` });

async function migrate(url: string): Promise<void> {
  const handle = openDatabase({
    backend: 'postgres',
    dsn: url,
    readDsn: undefined,
    maxOpenConns: 2,
    maxIdleConns: 0,
  });
  await migrateToLatest(handle.db, pino({ level: 'silent' }));
  await handle.close();
}

beforeAll(async () => {
  [primary, replica] = await Promise.all([
    createScratchPostgres('primary'),
    createScratchPostgres('replica'),
  ]);
  await Promise.all([migrate(primary.url()), migrate(replica.url())]);
  t = await buildTestApp({
    env: {
      GRIMNIR_DB_BACKEND: 'postgres',
      GRIMNIR_DB_DSN: primary.url(),
      GRIMNIR_DB_READ_DSN: replica.url(),
    },
  });
  token = await t.adminToken();
}, 120_000);
afterAll(async () => {
  await t?.close();
  await primary?.drop();
  await replica?.drop();
});

const get = async <T>(url: string): Promise<T> => {
  const res = await t.app.inject({ method: 'GET', url, headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const post = async <T>(url: string, payload: object): Promise<T> => {
  const res = await t.app.inject({ method: 'POST', url, headers: auth(), payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<T>();
};

describe('GRIMNIR_DB_READ_DSN', () => {
  it('answers writes from the primary and read-only lists from the replica', async () => {
    const station = await t.makeStation(token, { name: 'Primary FM' });
    expect(station.name).toBe('Primary FM');
    // Details used for access checks and responses stay on the primary.
    expect((await get<{ name: string }>(`/api/v1/stations/${station.id}`)).name).toBe('Primary FM');
    const key = await post<{ name: string }>('/api/v1/api-keys', { name: 'ci' });
    expect(key.name).toBe('ci');
    const ws = await post<{ name: string }>('/api/v1/webstreams', {
      station_id: station.id,
      name: 'Relay',
      urls: ['http://relay.example/stream'],
    });
    expect(ws.name).toBe('Relay');

    // The lists come from the replica, which has none of these rows.
    expect(await get<unknown[]>('/api/v1/api-keys')).toEqual([]);
    expect(await get<unknown[]>(`/api/v1/webstreams?station_id=${station.id}`)).toEqual([]);
    expect(await get<unknown[]>(`/api/v1/stations/${station.id}/mounts`)).toEqual([]);
    // The station list is the exception: it is kept in memory until a station changes, and is
    // read from the primary so a replica's lag cannot be kept with it.
    const stations = await get<{ name: string }[]>('/api/v1/stations');
    expect(stations.map((s) => s.name)).toEqual(['Primary FM']);
  });

  it('shows rows that reached the replica', async () => {
    const [station] = await get<{ id: string }[]>('/api/v1/stations');
    // The station's row and a mount of its own reach the replica (access checks read the
    // primary, where the station is; its mounts are listed from the replica).
    await replica.query(
      `INSERT INTO stations (id, name, slug, description, timezone, active, public, created_at, updated_at)
       VALUES ('${station!.id}', 'Primary FM', 'primary-fm', '', 'UTC', true, true, now(), now())`,
    );
    await replica.query(
      `INSERT INTO mounts (id, station_id, name, format, bitrate_kbps, sample_rate, channels, created_at, updated_at)
       VALUES (gen_random_uuid()::text, '${station!.id}', 'replica-only', 'mp3', 128, 44100, 2, now(), now())`,
    );
    const mounts = await get<{ name: string }[]>(`/api/v1/stations/${station!.id}/mounts`);
    expect(mounts.map((m) => m.name)).toEqual(['replica-only']);
  });
});
