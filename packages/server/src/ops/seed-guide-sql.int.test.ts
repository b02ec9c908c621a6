import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { testBackend } from '../test-support/db.js';
import { buildTestApp, type TestApp } from '../test-support/app.js';

/** The SQL an operator runs from the production guide must work against our schema. */
let t: TestApp;
afterEach(async () => {
  await t.close();
});

// PostgreSQL runs the guide's statements verbatim; SQLite has no CONCURRENTLY (nor needs it).
const concurrently = testBackend === 'postgres' ? 'CONCURRENTLY ' : '';
const guideIndexes = [
  `CREATE INDEX ${concurrently}idx_schedule_entries_station_time ON schedule_entries(station_id, starts_at)`,
  `CREATE INDEX ${concurrently}idx_media_station_active ON media(station_id, active) WHERE active = true`,
  `CREATE INDEX ${concurrently}idx_smart_block_rules_station ON smart_block_rules(station_id, smart_block_id)`,
];

describe('production guide SQL', () => {
  it('creates the guide’s performance indexes', async () => {
    t = await buildTestApp();
    for (const stmt of guideIndexes) await sql.raw(stmt).execute(t.database.db);
  });

  it.runIf(testBackend === 'postgres')(
    'runs EXPLAIN ANALYZE, the limited role grants and RLS',
    async () => {
      t = await buildTestApp();
      const plan = await sql.raw('EXPLAIN ANALYZE SELECT * FROM stations;').execute(t.database.db);
      expect(plan.rows.length).toBeGreaterThan(0);
      await sql
        .raw('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO PUBLIC')
        .execute(t.database.db);
      await sql.raw('ALTER TABLE stations ENABLE ROW LEVEL SECURITY').execute(t.database.db);
      // The app connects as the table owner, so RLS without FORCE leaves it working.
      const admin = await t.adminToken();
      await t.makeStation(admin, { name: 'After RLS' });
    },
  );
});
