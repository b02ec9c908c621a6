import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildControlPlane,
  login,
  startControlPlane,
} from '../test-support/control-plane-process.js';
import { freePort } from '../test-support/deploy/nginx-runner.js';
import { createScratchPostgres, type ScratchPostgres } from '../test-support/deploy/pg-scratch.js';

/** Guide step 7: after the first start in production, the operator creates `admin` by SQL. */
let pg: ScratchPostgres;
let dataDir: string;
beforeAll(async () => {
  buildControlPlane();
  pg = await createScratchPostgres('admin');
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-guide-admin-'));
}, 180_000);
afterAll(async () => {
  await pg.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const productionEnv = () => ({
  GRIMNIR_ENV: 'production',
  GRIMNIR_DB_BACKEND: 'postgres',
  GRIMNIR_DB_DSN: pg.url(),
  GRIMNIR_JWT_SIGNING_KEY: 'Hq4Xv9LmT2pZ8rWc3NbK7yJd1FsG6uEa5oRi0QtBnMw=',
  GRIMNIR_ICECAST_SOURCE_PASSWORD: 'Zr8v-Pq2x-Lm4n',
});

describe('guide step 7 in production', () => {
  it('creates no user, says how to make one, and the guide’s INSERT then logs in', async () => {
    const cp = await startControlPlane({
      dataDir,
      httpPort: await freePort(),
      metricsPort: await freePort(),
      env: productionEnv(),
    });
    try {
      expect(cp.logs()).toContain('grimnirradio user create');
      expect(cp.logs()).not.toContain('First admin created');
      expect((await pg.query('SELECT count(*)::int AS n FROM users')).rows[0]).toEqual({ n: 0 });
      // The hash exactly as the guide makes it: htpasswd -bnBC 10 "" password | tr -d ':\n'
      const hash = execFileSync('htpasswd', ['-bnBC', '10', '', 'guide-password'])
        .toString()
        .replace(/[:\n]/g, '');
      await pg.query(`INSERT INTO users (id, username, email, password_hash, role, active)
VALUES (
  gen_random_uuid()::text,
  'admin',
  'admin@example.com',
  '${hash}',
  'admin',
  true
);`);
      const api = await login(cp.url, 'admin', 'guide-password');
      expect(await api.call('GET', '/api/v1/stations')).toBeDefined();
    } finally {
      expect(await cp.stop()).toBe(0);
    }
  });

  it('still creates admin from GRIMNIR_ADMIN_PASSWORD in production', async () => {
    const fresh = await createScratchPostgres('admin2');
    const cp = await startControlPlane({
      dataDir,
      httpPort: await freePort(),
      metricsPort: await freePort(),
      env: {
        ...productionEnv(),
        GRIMNIR_DB_DSN: fresh.url(),
        GRIMNIR_ADMIN_PASSWORD: 'chosen-pw-1',
      },
    });
    try {
      await login(cp.url, 'admin', 'chosen-pw-1');
    } finally {
      await cp.stop();
      await fresh.drop();
    }
  });
});
