// `grimnirradio backup` while the server runs and writes, then `restore` after a stop: the
// restored server has exactly what existed at backup time (SQLite, the default database).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildControlPlane,
  login,
  startControlPlane,
  type ControlPlaneProcess,
} from '../test-support/control-plane-process.js';
import { freePort } from '../test-support/deploy/nginx-runner.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../bin/grimnirradio.js');
let dataDir: string;
const env = () => ({ PATH: process.env.PATH ?? '', GRIMNIR_DATA_DIR: dataDir });

beforeAll(() => {
  buildControlPlane();
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-sqlite-backup-'));
}, 180_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(): Promise<ControlPlaneProcess> {
  return startControlPlane({
    dataDir,
    httpPort: await freePort(),
    metricsPort: await freePort(),
    env: { GRIMNIR_ADMIN_PASSWORD: 'backup-pw-1' },
  });
}

async function stationNames(cp: ControlPlaneProcess): Promise<string[]> {
  const api = await login(cp.url, 'admin', 'backup-pw-1');
  const list = await api.call<{ name: string }[] | { items: { name: string }[] }>(
    'GET',
    '/api/v1/stations',
  );
  return (Array.isArray(list) ? list : list.items).map((s) => s.name).sort();
}

describe('grimnirradio backup / restore (SQLite)', () => {
  it('round-trips a database that kept changing after a backup taken while running', async () => {
    const backup = join(dataDir, 'saved', 'grimnir.sqlite');
    const marker = join(dataDir, 'media', 'station-x', 'kept.txt');
    let cp = await start();
    try {
      const api = await login(cp.url, 'admin', 'backup-pw-1');
      await api.call('POST', '/api/v1/stations', { name: 'Before FM', active: true });
      mkdirSync(join(dataDir, 'media', 'station-x'), { recursive: true });
      writeFileSync(marker, 'before');
      const { stdout } = await run('node', [bin, 'backup', backup, '--media'], { env: env() });
      expect(stdout).toContain(`backup written to ${backup}`);
      await api.call('POST', '/api/v1/stations', { name: 'After FM', active: true });
      writeFileSync(marker, 'after');
      expect(await stationNames(cp)).toEqual(['After FM', 'Before FM']);
    } finally {
      expect(await cp.stop()).toBe(0);
    }
    await run('node', [bin, 'restore', backup, '--media'], { env: env() });
    expect(readFileSync(marker, 'utf8')).toBe('before');
    cp = await start();
    try {
      expect(await stationNames(cp)).toEqual(['Before FM']);
    } finally {
      await cp.stop();
    }
  });

  it('writes a timestamped file under the data directory without FILE', async () => {
    const { stdout } = await run('node', [bin, 'backup'], { env: env() });
    const file = /backup written to (\S+)/.exec(stdout)?.[1] ?? '';
    expect(file).toMatch(/backups\/grimnir_db_\d{8}_\d{6}\.sqlite$/);
    expect(existsSync(file)).toBe(true);
  });

  it('refuses to restore a file that is not a Grimnir database, leaving the database alone', async () => {
    const junk = join(dataDir, 'junk.sqlite');
    writeFileSync(junk, 'not a database');
    const err = await run('node', [bin, 'restore', junk], { env: env() }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toMatch(/grimnirradio restore: /);
    const { stdout } = await run('node', [bin, 'migrate'], { env: env() });
    expect(stdout).toMatch(/up to date/);
  });
});
