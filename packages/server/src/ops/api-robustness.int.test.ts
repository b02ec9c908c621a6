import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../test-support/app.js';
import { calls, makeObjects, type Call } from '../test-support/security-fixtures.js';
import { HEALTH_REUSE_MS } from '../modules/health/index.js';

/**
 * Bad input never yields a 5xx: every route in the OpenAPI document is hit with hostile bodies,
 * params and queries, and must answer 4xx with the error shape (or a 2xx where the junk happens
 * to be valid). New modules are covered automatically because the list comes from the document.
 */
let t: TestApp;
let admin: string;
let stationId: string;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.adminToken();
  stationId = (await t.makeStation(admin)).id;
});
afterAll(async () => {
  await t.close();
});

// Deterministic PRNG so a failure reproduces.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const hostileValues: unknown[] = [
  null,
  -1,
  1e308,
  'x'.repeat(100_000),
  '../../../../etc/passwd',
  '\u0000\uffff',
  { $gt: '' },
  [[[[[]]]]],
  true,
  '2026-13-45T99:99:99Z',
  '00000000-0000-0000-0000-000000000000',
  "'; DROP TABLE users; --",
];

function junkBody(r: () => number, keys: string[]): unknown {
  const pick = () => hostileValues[Math.floor(r() * hostileValues.length)];
  const shape = Math.floor(r() * 4);
  if (shape === 0) return pick();
  const body: Record<string, unknown> = {};
  for (const k of keys) if (r() < 0.7) body[k] = pick();
  if (shape === 1) body.unexpected_field = pick();
  return body;
}

interface Op {
  method: string;
  path: string;
  bodyKeys: string[];
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content?: Record<string, { schema?: { properties?: Record<string, unknown> } }>;
        };
      }
    >
  >;
}

async function operations(): Promise<Op[]> {
  const doc = (
    await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
  ).json<OpenApiDoc>();
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const props = op.requestBody?.content?.['application/json']?.schema?.properties ?? {};
      ops.push({ method: method.toUpperCase(), path, bodyKeys: Object.keys(props) });
    }
  }
  return ops;
}

function fillPath(path: string, r: () => number): string {
  return path.replace(/\{[^}]+\}/g, () => {
    const choices = [
      stationId,
      '00000000-0000-4000-8000-000000000000',
      '..%2F..%2Fetc',
      'not-a-uuid',
      '%00',
    ];
    return choices[Math.floor(r() * choices.length)] ?? 'x';
  });
}

describe('every route survives hostile input', () => {
  it('never answers 5xx and always uses the error shape', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(15);
    const r = rng(42);
    const failures: string[] = [];
    for (const op of ops) {
      for (let i = 0; i < 12; i++) {
        const url = `${fillPath(op.path, r)}?limit=${hostileValues.length}&q=%27&cursor=%%%`;
        const withBody = op.method !== 'GET' && op.method !== 'DELETE' && op.method !== 'HEAD';
        const res = await t.app.inject({
          method: op.method as 'GET',
          url,
          headers: { ...bearer(admin), ...(withBody && { 'content-type': 'application/json' }) },
          ...(withBody && { payload: JSON.stringify(junkBody(r, op.bodyKeys)) }),
        });
        if (res.statusCode >= 500)
          failures.push(`${op.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (res.statusCode >= 400) {
          const body = res.json<Record<string, unknown>>();
          if (
            typeof body.error !== 'string' ||
            typeof body.message !== 'string' ||
            typeof body.request_id !== 'string'
          )
            failures.push(
              `${op.method} ${url} → ${res.statusCode} without error shape: ${res.body.slice(0, 200)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ['malformed JSON', '{"name": ', 400, 'invalid_json'],
    ['wrong types', '{"name": 42, "active": "yes"}', 400, 'validation_error'],
    [
      'oversized body',
      JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
      413,
      'payload_too_large',
    ],
  ])('%s → %i %s', async (_label, payload, status, code) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: code, request_id: expect.any(String) });
  });

  it('answers unknown routes and bad auth with the error shape', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('not_found');
    const scheme = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: 'Token abc' },
    });
    expect(scheme.statusCode).toBe(401);
    const garbage = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: bearer('a.b.c'),
    });
    expect(garbage.json()).toMatchObject({ error: 'invalid_token' });
    const anonymousWrite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      payload: { name: 'x' },
    });
    expect(anonymousWrite.statusCode).toBe(401);
  });
});

/**
 * Valid requests with one value made hostile: a NUL character (which PostgreSQL cannot store in
 * text) must be a 400 from the one central rule wherever it appears (path, query, any body field,
 * nested), and an oversize value must never be a 5xx. Valid bases reach the database, which
 * random junk mostly does not; they are the security suite's calls on a station's real objects.
 */
describe('NUL and oversize values in otherwise valid requests', () => {
  const NUL = 'a\u0000b';
  const BIG = 'x'.repeat(100_000);

  function variants(
    route: string,
    c: Call,
  ): { label: string; url: string; body?: object; nul: boolean }[] {
    const out: { label: string; url: string; body?: object; nul: boolean }[] = [];
    const [path = '', query] = c.url.split('?');
    const segments = path.split('/');
    // The last id-like path segment, as %00 (the router decodes it into the param).
    const last = segments.findLastIndex((x) => /^[0-9a-f-]{36}$/.test(x));
    if (last >= 0) {
      const hostile = [...segments];
      hostile[last] = 'x%00y';
      out.push({
        label: `${route} path`,
        url: hostile.join('/') + (query ? `?${query}` : ''),
        body: c.body,
        nul: true,
      });
    }
    out.push({
      label: `${route} query`,
      url: `${path}?${query ? `${query}&` : ''}q=a%00b`,
      body: c.body,
      nul: true,
    });
    if (query)
      out.push({
        label: `${route} station_id`,
        url: `${path}?station_id=a%00b`,
        body: c.body,
        nul: true,
      });
    for (const key of Object.keys(c.body ?? {})) {
      const base = c.body as Record<string, unknown>;
      const v = base[key];
      const nested = Array.isArray(v) || (typeof v === 'object' && v !== null) ? [v, NUL] : NUL;
      out.push({
        label: `${route} body.${key}`,
        url: c.url,
        body: { ...base, [key]: nested },
        nul: true,
      });
      out.push({
        label: `${route} body.${key} oversize`,
        url: c.url,
        body: { ...base, [key]: BIG },
        nul: false,
      });
    }
    if (c.body !== undefined)
      out.push({
        label: `${route} body key`,
        url: c.url,
        body: { ...c.body, [`k${NUL}`]: 1 },
        nul: true,
      });
    out.push({
      label: `${route} oversize query`,
      url: `${path}?${query ? `${query}&` : ''}q=${BIG.slice(0, 8000)}`,
      body: c.body,
      nul: false,
    });
    return out;
  }

  it('answers NUL with 400 validation_error and oversize values without 5xx on every route', async () => {
    // A fresh station: the random fuzz above may have deleted the shared one.
    const objects = await makeObjects(t, admin, (await t.makeStation(admin)).id);
    const table = {
      ...calls(objects),
      // Login and refresh are reachable without a token: the central rule covers them too.
      'POST /api/v1/auth/login': {
        url: '/api/v1/auth/login',
        body: { username: 'admin', password: 'x' },
      },
      'POST /api/v1/auth/refresh': { url: '/api/v1/auth/refresh', body: { refresh_token: 'x' } },
    };
    const failures: string[] = [];
    let sent = 0;
    let fivexx = 0;
    // Deletions last: their variants never reach a handler (NUL) but the order keeps it obvious.
    const rows = Object.entries(table).sort(
      ([a], [b]) => Number(a.startsWith('DELETE')) - Number(b.startsWith('DELETE')),
    );
    for (const [route, c] of rows) {
      const method = (route.split(' ')[0] ?? 'GET') as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      for (const v of variants(route, c)) {
        if (!v.nul && method === 'DELETE') continue;
        const res = await t.app.inject({
          method,
          url: v.url,
          headers: bearer(admin),
          ...(v.body !== undefined && { payload: v.body }),
        });
        sent += 1;
        // The engine is down in tests: its routes honestly answer 503 engine_unavailable.
        const engineDown = res.statusCode === 503 && res.body.includes('engine_unavailable');
        if (res.statusCode >= 500 && !engineDown) fivexx += 1;
        const error = res.statusCode >= 400 ? res.json<{ error?: unknown }>().error : undefined;
        if (v.nul && (res.statusCode !== 400 || error !== 'validation_error'))
          failures.push(`${v.label} → ${res.statusCode} ${res.body.slice(0, 160)}`);
        if (!v.nul && res.statusCode >= 500 && !engineDown)
          failures.push(`${v.label} → ${res.statusCode}`);
      }
    }
    console.info(
      `[fuzz] ${process.env.GRIMNIR_TEST_DB ?? 'sqlite'}: ${sent} NUL/oversize requests on ${rows.length} routes, ${fivexx} answered 5xx`,
    );
    expect(failures).toEqual([]);
  });
});

describe('operations endpoints', () => {
  it('/healthz reports ok, leader, db, version and uptime', async () => {
    // A fresh app: the fuzz above leaves active stations the engine double never plays, and
    // /healthz rightly calls a station that is off air degraded.
    const local = await buildTestApp();
    const res = await local.app
      .inject({ method: 'GET', url: '/healthz' })
      .finally(() => local.close());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      leader: true,
      db: 'ok',
      version: expect.any(String),
      uptime_s: expect.any(Number),
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/stations',
        '/api/v1/stations/{id}/mounts',
      ]),
    );
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});

describe('health when the database is gone', () => {
  it('answers 503 degraded instead of hanging or crashing', async () => {
    const local = await buildTestApp();
    try {
      // Kysely connects lazily (destroying an unused instance is a no-op): use it first.
      expect((await local.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      await local.database.db.destroy();
      // A check's answer serves the requests of the next 100 ms (HEALTH_REUSE_MS).
      await new Promise((r) => setTimeout(r, HEALTH_REUSE_MS));
      const res = await local.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'degraded', db: 'unreachable' });
    } finally {
      await local.app.close();
    }
  });
});
