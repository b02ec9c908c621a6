import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsDir } from '../../ops/instance-secrets.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/**
 * Every string written in the repository that could have been used as a signing key: quoted
 * literals in the source and tests, and the values of settings in docs, env examples and
 * manifests. None of them may sign a token a default install accepts.
 */
function constantsInRepository(): string[] {
  const files = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|js|mjs|md|ya?ml|json|sh|conf|example|env|txt|service)$/.test(f))
    .filter((f) => !f.endsWith('package-lock.json'));
  const found = new Set<string>();
  const quoted = /'([^'\n]{1,200})'|"([^"\n]{1,200})"|`([^`\n]{1,200})`/g;
  const setting = /(?:^|\s)[A-Za-z_][A-Za-z0-9_]*\s*[=:]\s*([^\s'"`]{1,200})/gm;
  for (const file of files) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const m of text.matchAll(quoted)) found.add((m[1] ?? m[2] ?? m[3])!);
    for (const m of text.matchAll(setting)) found.add(m[1]!);
  }
  // The key development used to sign with, whether or not the source still names it.
  found.add('dev-signing-key-not-for-production');
  return [...found];
}

let t: TestApp;
let admin: { id: string; username: string };
beforeAll(async () => {
  // A default install: no GRIMNIR_JWT_SIGNING_KEY.
  t = await buildTestApp();
  const token = await t.adminToken();
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(token) });
  admin = me.json<{ id: string; username: string }>();
});
afterAll(() => t.close());

const forge = (key: string) =>
  new SignJWT({ username: admin.username, role: 'admin', ver: 0, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(admin.id)
    .setIssuer('grimnirradio')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(key));

describe('a default install refuses forged tokens', () => {
  it('accepts the forge with the instance’s generated key (the check can fail)', async () => {
    const key = readFileSync(join(secretsDir(t.config), 'jwt_signing_key'), 'utf8').trim();
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: bearer(await forge(key)),
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a token signed with any string written in the repository', async () => {
    const candidates = constantsInRepository();
    expect(candidates.length).toBeGreaterThan(5_000);
    const accepted: string[] = [];
    for (const key of candidates) {
      const principal = await t.services.auth.principalFromJwt(await forge(key)).catch(() => null);
      if (principal !== null) accepted.push(key);
    }
    expect(accepted).toEqual([]);
    // And over HTTP, for the keys the guide and the old source named.
    for (const key of ['dev-signing-key-not-for-production', 'CHANGE_ME', 'changeme']) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: bearer(await forge(key)),
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'invalid_token' });
    }
  });
});
