// The backup and restore scripts of deploy/backup/ against a real PostgreSQL (127.0.0.1:5432,
// as in CI): `pg_dump | gzip` then restore through psql must round-trip a database that kept
// changing after the backup, and a failing pg_dump must fail the backup.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_PREFIX } from '../test-support/db.js';
import { repoPath } from '../test-support/deploy/files.js';

// Same server as the other integration tests (GRIMNIR_TEST_PG_URL), as libpq variables for the
// scripts; the database name carries the test prefix so a crashed run gets cleaned up.
const admin = new URL(
  process.env['GRIMNIR_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
);
const pgEnv = {
  PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  PGHOST: admin.hostname,
  PGPORT: admin.port || '5432',
  PGUSER: decodeURIComponent(admin.username) || 'postgres',
  ...(admin.password ? { PGPASSWORD: decodeURIComponent(admin.password) } : {}),
};
const db = `${TEST_DB_PREFIX}backup_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'grimnir-backup-'));

function sh(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...pgEnv, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sql(query: string): string {
  const r = sh('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', query]);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

// The tables and index statements the guide names (users, stations, media, smart_block_rules,
// schedule_entries), enough to show data and indexes survive.
const schema = `
  CREATE TABLE users (id text PRIMARY KEY, username text UNIQUE NOT NULL, email text,
    password_hash text NOT NULL, role text NOT NULL, active boolean NOT NULL DEFAULT true);
  CREATE TABLE stations (id text PRIMARY KEY, name text NOT NULL, description text,
    active boolean NOT NULL DEFAULT true);
  CREATE TABLE media (id text PRIMARY KEY, station_id text REFERENCES stations(id),
    title text, active boolean NOT NULL DEFAULT true);
  CREATE TABLE smart_block_rules (id serial PRIMARY KEY, station_id text, smart_block_id text);
  CREATE TABLE schedule_entries (id serial PRIMARY KEY, station_id text, starts_at timestamptz);
  CREATE INDEX idx_media_station_active ON media(station_id, active) WHERE active = true;
  INSERT INTO users VALUES (gen_random_uuid()::text, 'admin', 'admin@example.com',
    '$2y$10$abcdefghijklmnopqrstuuJ8g2sVxHgk9oJ5VYcXyGcK1Rk2mUZ6', 'admin', true);
  INSERT INTO stations VALUES ('s1', 'Test FM', 'Test station', true), ('s2', 'Two', NULL, false);
  INSERT INTO media VALUES ('m1', 's1', 'Tone', true);
  INSERT INTO schedule_entries (station_id, starts_at) VALUES ('s1', '2026-01-22T02:00:00Z');
`;

const snapshot = () =>
  sql(`SELECT (SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM stations) || ' | ' ||
              (SELECT string_agg(username, ',') FROM users) || ' | ' ||
              (SELECT count(*) FROM schedule_entries) || ' | ' ||
              (SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_media_station_active')`);

describe('deploy/backup scripts (local mode)', () => {
  const backupEnv = { GRIMNIR_BACKUP_MODE: 'local', GRIMNIR_DB_NAME: db, BACKUP_DIR: dir };

  beforeAll(() => {
    const created = sh('createdb', [db]);
    if (created.status !== 0) throw new Error(created.stderr);
    sql(schema);
  });

  afterAll(() => {
    sh('dropdb', ['--if-exists', '--force', db]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a database that changed after the backup', () => {
    const before = snapshot();
    expect(before).toBe('s1:Test FM,s2:Two | admin | 1 | 1');

    const backup = sh(repoPath('deploy/backup/backup-grimnir-db.sh'), [], backupEnv);
    expect(backup.status, backup.stderr).toBe(0);
    const files = readdirSync(dir).filter((f) => /^grimnir_db_\d{8}_\d{6}\.sql\.gz$/.test(f));
    expect(files).toHaveLength(1);

    sql(`DELETE FROM media; DELETE FROM stations WHERE id = 's1';
         INSERT INTO stations VALUES ('s3', 'Later', NULL, true);
         UPDATE users SET username = 'changed'; DROP INDEX idx_media_station_active;`);
    expect(snapshot()).not.toBe(before);

    const restore = sh(repoPath('deploy/backup/restore-grimnir-db.sh'), [join(dir, files[0]!)], {
      ...backupEnv,
      GRIMNIR_DB_OWNER: pgEnv.PGUSER,
    });
    expect(restore.status, restore.stderr).toBe(0);
    expect(snapshot()).toBe(before);
  });

  it("the dump also restores over the live schema with the guide's plain psql pipe", () => {
    const before = snapshot();
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.sql.gz'));
    sql(`UPDATE stations SET name = 'edited'`);
    const r = sh('sh', [
      '-c',
      `gunzip < "${join(dir, file!)}" | psql -X -q -v ON_ERROR_STOP=1 -d "${db}" >/dev/null`,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(snapshot()).toBe(before);
  });

  it('fails, and keeps no file, when pg_dump fails', () => {
    const failDir = join(dir, 'failing');
    const r = sh(repoPath('deploy/backup/backup-grimnir-db.sh'), [], {
      ...backupEnv,
      BACKUP_DIR: failDir,
      GRIMNIR_DB_NAME: `${db}_missing`,
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('Backup completed');
    expect(readdirSync(failDir)).toEqual([]);
  });
});
