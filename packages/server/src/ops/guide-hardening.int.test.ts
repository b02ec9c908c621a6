// The guide's "Database Security" SQL on PostgreSQL: the application runs as its limited
// grimnir_app role while the owner migrates; row level security on `stations` either has the
// documented policy or stops the start with the table's name. Role names get a unique suffix
// (the server is shared), everything else is the guide's and docs/operations.md's SQL.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildControlPlane,
  login,
  startControlPlane,
} from '../test-support/control-plane-process.js';
import { freePort } from '../test-support/deploy/nginx-runner.js';
import { createScratchPostgres, type ScratchPostgres } from '../test-support/deploy/pg-scratch.js';
import { serveExit } from '../test-support/deploy/serve-exit.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../bin/grimnirradio.js');
let pg: ScratchPostgres;
let owner: string;
let app: string;
let dataDir: string;
const asOwner = (text: string) => pg.query(text, { user: owner, password: 'owner_password' });
const asApp = (text: string) => pg.query(text, { user: app, password: 'app_password' });
const env = (user: string, password: string) => ({
  PATH: process.env.PATH ?? '',
  GRIMNIR_DATA_DIR: dataDir,
  GRIMNIR_DB_BACKEND: 'postgres',
  GRIMNIR_DB_DSN: pg.url(user, password),
  GRIMNIR_DEMO_STATION: 'false',
});

beforeAll(async () => {
  buildControlPlane();
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-hardening-'));
  pg = await createScratchPostgres('hardening');
  owner = await pg.createRole('grimnir_owner', 'owner_password');
  await pg.query(`ALTER DATABASE ${pg.name} OWNER TO ${owner}`);
  // The owner applies the migrations (guide: migrations run by the deployment's own user).
  await run('node', [bin, 'migrate'], { env: env(owner, 'owner_password') });
  // The guide's limited role, verbatim but for the unique name…
  app = await pg.createRole('grimnir_app', 'app_password');
  await asOwner(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};`);
  // …and what docs/operations.md adds so tables of later migrations are granted too.
  await asOwner(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO ${app};`);
}, 180_000);
afterAll(async () => {
  await pg.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function serveAsApp(extra: Record<string, string> = {}) {
  return startControlPlane({
    dataDir,
    httpPort: await freePort(),
    metricsPort: await freePort(),
    env: { ...env(app, 'app_password'), GRIMNIR_ADMIN_PASSWORD: 'hardening-pw', ...extra },
  });
}

const startFailure = () => serveExit(env(app, 'app_password'));

describe('the guide’s database hardening', () => {
  it('the server runs as the limited role on the owner’s migrated schema', async () => {
    const cp = await serveAsApp();
    try {
      const api = await login(cp.url, 'admin', 'hardening-pw');
      await api.call('POST', '/api/v1/stations', { name: 'Hardened FM', active: true });
    } finally {
      expect(await cp.stop()).toBe(0);
    }
  });

  it('tables the owner creates later are usable by the limited role (default privileges)', async () => {
    await asOwner('CREATE TABLE later_feature (id serial PRIMARY KEY, note text)');
    await asApp("INSERT INTO later_feature (note) VALUES ('granted by default')");
    expect((await asApp('SELECT note FROM later_feature')).rows).toEqual([
      { note: 'granted by default' },
    ]);
  });

  it('a pending migration under the limited role says to migrate as the owner', async () => {
    const last = await asOwner('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1');
    const name = String(last.rows[0]?.name);
    await asOwner(`DELETE FROM kysely_migration WHERE name = '${name}'`);
    try {
      const failed = await startFailure();
      expect(failed.code).toBe(78);
      expect(failed.stderr).toMatch(/GRIMNIR_DB_DSN: .*grimnirradio migrate/);
    } finally {
      await asOwner(`INSERT INTO kysely_migration (name, timestamp) VALUES ('${name}', now())`);
    }
  });

  it('RLS on stations without a policy refuses the start, naming the table', async () => {
    await asOwner('ALTER TABLE stations ENABLE ROW LEVEL SECURITY;');
    const failed = await startFailure();
    expect(failed.code).toBe(78);
    expect(failed.stderr).toMatch(/row level security is enabled on stations without a policy/);
  });

  it('RLS on stations with the documented policy keeps the app working', async () => {
    await asOwner(
      `CREATE POLICY grimnir_app_all ON stations TO ${app} USING (true) WITH CHECK (true);`,
    );
    const cp = await serveAsApp();
    try {
      const api = await login(cp.url, 'admin', 'hardening-pw');
      await api.call('POST', '/api/v1/stations', { name: 'Second FM', active: true });
      const rows = await asApp('SELECT name FROM stations ORDER BY name');
      expect(rows.rows.map((r: { name: string }) => r.name)).toEqual(['Hardened FM', 'Second FM']);
    } finally {
      await cp.stop();
    }
  });
});
