import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadConfig,
  normalizePostgresDsn,
  parseDurationMs,
  redactedConfig,
} from './config.js';

const strongProd = {
  GRIMNIR_ENV: 'production',
  // The shape of the guide's `openssl rand -base64 32`.
  GRIMNIR_JWT_SIGNING_KEY: 'q7Vd2kLx9PzR4mWb8NcT1yHs6JfG3uEa0oKi5XtBnQw=',
  GRIMNIR_ICECAST_SOURCE_PASSWORD: 'Tr0ub4dor&3-long',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
}

describe('loadConfig', () => {
  it.each([
    ['', undefined, ['localhost:9091']],
    ['engine:9091', undefined, ['engine:9091']],
    ['engine-a:9091, engine-b:9091', undefined, ['engine-a:9091', 'engine-b:9091']],
    ['engine-a:9091,', 'host:port', undefined],
    ['http://engine:9091', 'host:port', undefined],
    ['engine', 'host:port', undefined],
    ['a:1,a:1', 'listed twice', undefined],
  ])('media engine addresses %j', (value, problem, addrs) => {
    const env: Record<string, string> =
      value === '' ? {} : { GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: value };
    if (problem) expect(problemsOf(env).join('\n')).toContain(problem);
    else expect(loadConfig(env).mediaEngine.grpcAddrs).toEqual(addrs);
  });

  it('has working defaults for a zero-setup start', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      http: { port: 8080, bind: '127.0.0.1' },
      metrics: { port: 9000, bind: '127.0.0.1' },
      live: { bind: '127.0.0.1' },
      db: { backend: 'sqlite', dsn: './data/grimnir.db' },
      jwt: { ttlMinutes: 15 },
      scheduler: { lookaheadMs: 48 * 3_600_000, tickIntervalMs: 30_000 },
      maxUploadBytes: 512 * 1024 * 1024,
      mediaRoot: './data/media',
    });
    expect(Object.isFrozen(c.db)).toBe(true);
  });

  it('parses the guide’s durations', () => {
    const c = loadConfig({
      GRIMNIR_SCHEDULER_LOOKAHEAD: '72h',
      GRIMNIR_SCHEDULER_TICK_INTERVAL: '60s',
    });
    expect(c.scheduler).toEqual({ lookaheadMs: 72 * 3_600_000, tickIntervalMs: 60_000 });
  });

  it.each([
    [{}, ['GRIMNIR_JWT_SIGNING_KEY']],
    [
      { GRIMNIR_JWT_SIGNING_KEY: 'short', GRIMNIR_ICECAST_SOURCE_PASSWORD: 'hackme' },
      ['GRIMNIR_JWT_SIGNING_KEY', 'GRIMNIR_ICECAST_SOURCE_PASSWORD'],
    ],
    [{ GRIMNIR_ICECAST_SOURCE_PASSWORD: 'changeme' }, ['GRIMNIR_ICECAST_SOURCE_PASSWORD']],
    [{ GRIMNIR_ICECAST_SOURCE_PASSWORD: 'elevenchars' }, ['GRIMNIR_ICECAST_SOURCE_PASSWORD']],
    [
      { GRIMNIR_ICECAST_SOURCE_PASSWORD: '$(openssl rand -base64 24)' },
      ['GRIMNIR_ICECAST_SOURCE_PASSWORD'],
    ],
    [
      { GRIMNIR_JWT_SIGNING_KEY: 'CHANGE_ME_generate_with_openssl_rand_base64_48' },
      ['GRIMNIR_JWT_SIGNING_KEY'],
    ],
    [
      { GRIMNIR_WEBRTC_TURN_URL: 'turn:turn.example.org' },
      ['GRIMNIR_WEBRTC_TURN_USERNAME', 'GRIMNIR_WEBRTC_TURN_PASSWORD'],
    ],
    [
      { GRIMNIR_JWT_SIGNING_KEY: 'dev-signing-key-not-for-production' },
      ['GRIMNIR_JWT_SIGNING_KEY'],
    ],
  ])('production refuses %j naming %j', (override, names) => {
    const env = { ...strongProd, ...override } as Record<string, string>;
    for (const [k, v] of Object.entries(override)) if (v === undefined) delete env[k];
    if (Object.keys(override).length === 0) {
      delete env.GRIMNIR_JWT_SIGNING_KEY;
      delete env.GRIMNIR_ICECAST_SOURCE_PASSWORD;
    }
    const problems = problemsOf(env).join('\n');
    for (const n of names) expect(problems).toContain(n);
  });

  it('production refuses long but trivial secrets and weak admin passwords, naming each', () => {
    const problems = problemsOf({
      ...strongProd,
      GRIMNIR_JWT_SIGNING_KEY: 'a'.repeat(36),
      GRIMNIR_ICECAST_SOURCE_PASSWORD: 'abcdefghijklmnop',
      GRIMNIR_ADMIN_PASSWORD: 'a',
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^GRIMNIR_JWT_SIGNING_KEY is too easy to guess .*Repeated/);
    expect(problems[1]).toMatch(/^GRIMNIR_ICECAST_SOURCE_PASSWORD is too easy to guess/);
    expect(problems[2]).toMatch(/^GRIMNIR_ADMIN_PASSWORD is too easy to guess/);
    expect(problemsOf({ ...strongProd, GRIMNIR_ADMIN_PASSWORD: 'CHANGE_ME' })).toEqual([
      'GRIMNIR_ADMIN_PASSWORD is a placeholder',
    ]);
  });

  it('accepts the guide’s generated secrets and a strong admin password in production', () => {
    const env = {
      ...strongProd,
      GRIMNIR_JWT_SIGNING_KEY: randomBytes(32).toString('base64'),
      GRIMNIR_ICECAST_SOURCE_PASSWORD: randomBytes(24).toString('base64'),
      GRIMNIR_ADMIN_PASSWORD: 'correct horse battery staple',
    };
    expect(problemsOf(env)).toEqual([]);
  });

  it('gives children (the demo’s gst-launch) PATH, locale and GST_* only, never a secret', () => {
    const c = loadConfig({
      PATH: '/usr/bin',
      HOME: '/var/lib/grimnir',
      LC_ALL: 'C.UTF-8',
      GST_DEBUG: '2',
      GRIMNIR_ADMIN_PASSWORD: 'admin-secret',
      GRIMNIR_JWT_SIGNING_KEY: 'jwt-secret',
      DATABASE_PASSWORD: 'other-secret',
    });
    expect(c.childEnv).toEqual({
      PATH: '/usr/bin',
      HOME: '/var/lib/grimnir',
      LC_ALL: 'C.UTF-8',
      GST_DEBUG: '2',
    });
  });

  it('leaves secrets unset outside production: the first start generates them', () => {
    const c = loadConfig({});
    expect(c.jwt.signingKey).toBeUndefined();
    expect(c.icecastSourcePassword).toBeUndefined();
  });

  it('accepts production without an Icecast source password (checked against mounts at start)', () => {
    const env: Record<string, string> = { ...strongProd };
    delete env.GRIMNIR_ICECAST_SOURCE_PASSWORD;
    expect(problemsOf(env)).toEqual([]);
  });

  it('accepts strong production secrets', () => {
    expect(problemsOf(strongProd)).toEqual([]);
  });

  it('reports every invalid value at once', () => {
    const problems = problemsOf({
      GRIMNIR_HTTP_PORT: 'abc',
      GRIMNIR_DB_BACKEND: 'oracle',
      GRIMNIR_SCHEDULER_LOOKAHEAD: 'soon',
    });
    expect(problems).toHaveLength(3);
  });

  it('never shows secrets in the redacted view', () => {
    const c = loadConfig({
      ...strongProd,
      GRIMNIR_DB_BACKEND: 'postgres',
      GRIMNIR_DB_DSN: 'host=db user=grimnir password=pa55word dbname=grimnir',
    });
    const text = JSON.stringify(redactedConfig(c));
    expect(text).not.toContain('pa55word');
    expect(text).not.toContain(strongProd.GRIMNIR_JWT_SIGNING_KEY);
    expect(text).not.toContain(strongProd.GRIMNIR_ICECAST_SOURCE_PASSWORD);
  });
});

describe('normalizePostgresDsn', () => {
  it.each([
    [
      'host=postgres port=5432 user=grimnir password=secret dbname=grimnir sslmode=disable',
      'postgres://grimnir:secret@postgres:5432/grimnir?sslmode=disable',
    ],
    ["host=localhost user=u password='p w\\'x' dbname=d", "postgres://u:p%20w'x@localhost:5432/d"],
    ['postgres://a:b@h:5433/db', 'postgres://a:b@h:5433/db'],
    [
      'host=/var/run/postgresql dbname=grimnir',
      'postgres://localhost:5432/grimnir?host=%2Fvar%2Frun%2Fpostgresql',
    ],
  ])('%s', (input, want) => {
    expect(normalizePostgresDsn(input)).toBe(want);
  });

  it('rejects garbage', () => {
    expect(() => normalizePostgresDsn('not a dsn at all')).toThrow(/GRIMNIR_DB_DSN/);
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['72h', 259_200_000],
    ['2d', 172_800_000],
    ['1.5h', undefined],
    ['h', undefined],
  ])('%s → %s', (text, want) => {
    expect(parseDurationMs(text)).toBe(want);
  });
});
