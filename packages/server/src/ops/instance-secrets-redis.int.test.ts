import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { resolveInstanceSecrets, shareGeneratedSecrets } from './instance-secrets.js';

const prefix = `grimnir-test-secrets-${randomUUID()}:`;
const redis = new Redis('redis://127.0.0.1:6379');
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** A replica: its own data directory, the shared Redis. */
async function replica(env: Record<string, string> = {}) {
  const configured = loadConfig({
    GRIMNIR_DATA_DIR: mkdtempSync(join(tmpdir(), 'grimnir-replica-')),
    GRIMNIR_REDIS_ADDR: '127.0.0.1:6379',
    GRIMNIR_REDIS_KEY_PREFIX: prefix,
    ...env,
  });
  const local = await resolveInstanceSecrets(configured);
  return {
    local: local.config,
    shared: await shareGeneratedSecrets(configured, local.config, redis),
  };
}

describe('generated secrets across replicas', () => {
  it('replicas with data directories of their own sign with one key', async () => {
    const a = await replica();
    const b = await replica();
    expect(b.local.jwt.signingKey).not.toBe(a.local.jwt.signingKey);
    expect(a.shared.jwt.signingKey).toBe(a.local.jwt.signingKey);
    expect(b.shared.jwt.signingKey).toBe(a.local.jwt.signingKey);
    expect(b.shared.icecastSourcePassword).toBe(a.local.icecastSourcePassword);
  });

  it('never sends a configured secret to Redis', async () => {
    const key = 'configured-Key-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    const c = await replica({ GRIMNIR_JWT_SIGNING_KEY: key });
    expect(c.shared.jwt.signingKey).toBe(key);
    const stored = await redis.get(`${prefix}secrets:jwt_signing_key`);
    expect(stored).not.toBe(key);
  });
});
