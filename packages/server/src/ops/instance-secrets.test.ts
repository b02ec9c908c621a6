import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { StartRefusal } from './icecast-password-check.js';
import { resolveInstanceSecrets, secretsDir } from './instance-secrets.js';

const fresh = (env: Record<string, string> = {}) =>
  loadConfig({ GRIMNIR_DATA_DIR: mkdtempSync(join(tmpdir(), 'grimnir-secrets-')), ...env });
const mode = (path: string) => statSync(path).mode & 0o777;

describe('instance secrets', () => {
  it('generates a signing key and Icecast password on first start, private, reused later', async () => {
    const config = fresh();
    const first = await resolveInstanceSecrets(config);
    const dir = secretsDir(config);
    expect(mode(dir)).toBe(0o700);
    expect(first.created.map((p) => p.slice(dir.length + 1)).sort()).toEqual([
      'icecast_source_password',
      'jwt_signing_key',
    ]);
    for (const file of first.created) expect(mode(file)).toBe(0o600);
    expect(first.config.jwt.signingKey).toHaveLength(64);
    expect(first.config.icecastSourcePassword).toHaveLength(32);
    expect(readFileSync(join(dir, 'jwt_signing_key'), 'utf8').trim()).toBe(
      first.config.jwt.signingKey,
    );

    const again = await resolveInstanceSecrets(config);
    expect(again.created).toEqual([]);
    expect(again.config.jwt.signingKey).toBe(first.config.jwt.signingKey);
    expect(again.config.icecastSourcePassword).toBe(first.config.icecastSourcePassword);
    // Another install gets other secrets.
    const other = await resolveInstanceSecrets(fresh());
    expect(other.config.jwt.signingKey).not.toBe(first.config.jwt.signingKey);
  });

  it('writes nothing for configured secrets', async () => {
    const config = fresh({
      GRIMNIR_JWT_SIGNING_KEY: 'configured-key-configured-key-configured',
      GRIMNIR_ICECAST_SOURCE_PASSWORD: 'configured-icecast',
    });
    const r = await resolveInstanceSecrets(config);
    expect(r.config.jwt.signingKey).toBe('configured-key-configured-key-configured');
    expect(r.config.icecastSourcePassword).toBe('configured-icecast');
    expect(existsSync(secretsDir(config))).toBe(false);
  });

  it('narrows loose permissions and refuses a truncated key rather than using it', async () => {
    const config = fresh();
    await resolveInstanceSecrets(config);
    const dir = secretsDir(config);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'jwt_signing_key'), 0o644);
    await resolveInstanceSecrets(config);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'jwt_signing_key'))).toBe(0o600);

    writeFileSync(join(dir, 'jwt_signing_key'), 'short\n');
    const err = await resolveInstanceSecrets(config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartRefusal);
    expect((err as Error).message).toMatch(/^GRIMNIR_DATA_DIR: .*jwt_signing_key holds fewer/);
  });

  it('gives replicas starting together on one data directory the same key', async () => {
    const config = fresh();
    const all = await Promise.all([1, 2, 3, 4].map(() => resolveInstanceSecrets(config)));
    expect(new Set(all.map((r) => r.config.jwt.signingKey)).size).toBe(1);
    expect(all.flatMap((r) => r.created).filter((p) => p.endsWith('jwt_signing_key'))).toHaveLength(
      1,
    );
  });
});
