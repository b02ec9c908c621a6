import { isIP } from 'node:net';
import { z } from 'zod';
import { OutboundAllowListSchema, type OutboundAllowEntry } from '@grimnir/contracts';
import { MIN_GUESSES_LOG10, weakSecretReason } from './secret-strength.js';

/**
 * Every GRIMNIR_* variable, parsed once per process into a frozen object. Nothing else in the
 * server reads process.env: a typo in one place must not silently fall back to a default.
 */

const PLACEHOLDER_SECRETS = new Set([
  'hackme',
  'changeme',
  'change-me',
  'password',
  'source',
  'secret',
  'admin',
  'your_secure_password',
  'your-secret-key',
  'your_jwt_signing_key',
  'dev-signing-key-not-for-production',
]);

const durationRe = /^(\d+)(ms|s|m|h|d)$/;
const durationUnitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses Go-style durations the guide uses ("72h", "60s", "500ms") into milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const m = durationRe.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * durationUnitMs[m[2] as keyof typeof durationUnitMs];
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDurationMs(v);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `invalid duration "${v}" (use e.g. 30s, 48h)` });
        return z.NEVER;
      }
      return ms;
    });

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

// An address to listen on, never `host:port`: `127.0.0.1:9000` given as an address used to
// reach listen() and die there with getaddrinfo ENOTFOUND.
const bindAddress = (fallback: string, portVariable: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (v) => isIP(v) !== 0 || /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(v),
      `must be an address without a port (e.g. 127.0.0.1); the port is ${portVariable}`,
    );

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

// Every listener defaults to loopback: a default install (npm start, the binary) is reachable
// from this host only until an operator chooses an address. The container image, compose and
// Kubernetes set 0.0.0.0 explicitly, since there loopback is unreachable from outside the pod.
const LOOPBACK = '127.0.0.1';

const schema = z.object({
  GRIMNIR_ENV: z.enum(['development', 'production', 'test']).default('development'),
  GRIMNIR_HTTP_BIND: bindAddress(LOOPBACK, 'GRIMNIR_HTTP_PORT'),
  GRIMNIR_HTTP_PORT: int(8080, 0, 65535),
  GRIMNIR_METRICS_BIND: bindAddress(LOOPBACK, 'GRIMNIR_METRICS_PORT'),
  GRIMNIR_METRICS_PORT: int(9000, 0, 65535),
  // Optional dedicated port for Icecast-protocol live sources (ops/live-port.ts).
  GRIMNIR_LIVE_BIND: bindAddress(LOOPBACK, 'GRIMNIR_LIVE_PORT'),
  GRIMNIR_LIVE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  GRIMNIR_DB_BACKEND: z.enum(['sqlite', 'postgres']).default('sqlite'),
  GRIMNIR_DB_DSN: optionalString,
  GRIMNIR_DB_READ_DSN: optionalString,
  GRIMNIR_DB_MAX_OPEN_CONNS: int(25, 1, 1000),
  GRIMNIR_DB_MAX_IDLE_CONNS: int(5, 0, 1000),
  GRIMNIR_DATA_DIR: z.string().default('./data'),
  GRIMNIR_REDIS_ADDR: optionalString,
  GRIMNIR_REDIS_PASSWORD: optionalString,
  GRIMNIR_REDIS_KEY_PREFIX: z.string().min(1).max(64).default('grimnir:'),
  GRIMNIR_JWT_SIGNING_KEY: optionalString,
  GRIMNIR_JWT_TTL_MINUTES: int(15, 1, 24 * 60),
  GRIMNIR_REFRESH_TTL_DAYS: int(30, 1, 365),
  GRIMNIR_ICECAST_SOURCE_PASSWORD: optionalString,
  GRIMNIR_MEDIA_ROOT: optionalString,
  GRIMNIR_IMPORT_ROOT: optionalString,
  GRIMNIR_MAX_UPLOAD_MB: int(512, 1, 1_000_000),
  // One engine, or several separated by commas: stations are spread over them (engine-router.ts).
  GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: z
    .string()
    .default('localhost:9091')
    .transform((v) => v.split(',').map((a) => a.trim()))
    .pipe(
      z
        .array(z.string().regex(/^[^\s,/]+:\d{1,5}$/, 'each address must be host:port'))
        .min(1)
        .refine((a) => new Set(a).size === a.length, 'an address is listed twice'),
    ),
  // GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE and _LATENCY belong to the engine (media-engine config.ts):
  // one owner, one default, one range. Compose and Kubernetes hand them to both processes.
  GRIMNIR_LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .default('info'),
  GRIMNIR_SCHEDULER_LOOKAHEAD: duration('48h'),
  GRIMNIR_SCHEDULER_TICK_INTERVAL: duration('30s'),
  GRIMNIR_DEAD_AIR_SECONDS: int(10, 1, 3600),
  GRIMNIR_WEBRTC_TURN_URL: optionalString,
  GRIMNIR_WEBRTC_TURN_USERNAME: optionalString,
  GRIMNIR_WEBRTC_TURN_PASSWORD: optionalString,
  GRIMNIR_ADMIN_PASSWORD: optionalString,
  GRIMNIR_DEMO_STATION: z.enum(['true', 'false', '1', '0']).optional(),
  GRIMNIR_CORS_ORIGINS: optionalString,
  GRIMNIR_RATE_LIMIT_PER_MINUTE: int(1200, 1, 1_000_000),
  GRIMNIR_LOGIN_RATE_LIMIT_PER_MINUTE: int(10, 1, 10_000),
  // Internal addresses webstreams and Icecast targets may reach (contracts outbound.ts).
  GRIMNIR_OUTBOUND_ALLOW: OutboundAllowListSchema,
  // Uploads and analysis refuse (507) when the media root has less free space than this.
  GRIMNIR_MEDIA_MIN_FREE_MB: int(256, 0, 10_000_000),
  GRIMNIR_MAX_CONCURRENT_UPLOADS_PER_USER: int(2, 1, 1000),
  // Listener sessions (start, end, mount, agent, country) are deleted this many days after
  // they end (modules/listeners/sessions.ts); reports reach back no further.
  GRIMNIR_LISTENER_RETENTION_DAYS: int(90, 1, 3650),
  GRIMNIR_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly http: { readonly bind: string; readonly port: number; readonly trustProxy: boolean };
  readonly metrics: { readonly bind: string; readonly port: number };
  /** Dedicated live source port; undefined = sources only on the main port. */
  readonly live: { readonly bind: string; readonly port: number | undefined };
  readonly db: {
    readonly backend: 'sqlite' | 'postgres';
    /** SQLite file path, or a PostgreSQL connection string (URL form). */
    readonly dsn: string;
    readonly readDsn: string | undefined;
    readonly maxOpenConns: number;
    readonly maxIdleConns: number;
  };
  readonly dataDir: string;
  readonly redis: {
    readonly addr: string | undefined;
    readonly password: string | undefined;
    readonly keyPrefix: string;
  };
  readonly jwt: {
    /**
     * undefined: none configured; the first start generates one and keeps it in the data
     * directory (ops/instance-secrets.ts). Nothing written in the source ever signs a token.
     */
    readonly signingKey: string | undefined;
    readonly ttlMinutes: number;
    readonly refreshTtlDays: number;
  };
  /** undefined: none configured; generated and kept beside the signing key on start. */
  readonly icecastSourcePassword: string | undefined;
  readonly mediaRoot: string;
  /** Folders under it may be imported into a library through the API (modules/imports). */
  readonly importRoot: string;
  readonly maxUploadBytes: number;
  readonly minFreeDiskBytes: number;
  readonly maxConcurrentUploadsPerUser: number;
  /** The outbound fence: operator allow-list and this instance's own ports. */
  readonly outbound: {
    readonly allow: readonly OutboundAllowEntry[];
    readonly ownPorts: readonly number[];
  };
  readonly mediaEngine: {
    /** One or more engines; stations are spread over them by a stable hash. */
    readonly grpcAddrs: readonly string[];
  };
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  readonly scheduler: { readonly lookaheadMs: number; readonly tickIntervalMs: number };
  readonly deadAirSeconds: number;
  readonly turn: {
    readonly url: string | undefined;
    readonly username: string | undefined;
    readonly password: string | undefined;
  };
  readonly adminPassword: string | undefined;
  /** Create a demo station on a fresh install (default on, except in production). */
  readonly demoStation: boolean;
  readonly corsOrigins: readonly string[];
  readonly rateLimitPerMinute: number;
  readonly loginRateLimitPerMinute: number;
  readonly listenerRetentionDays: number;
  /** The whole environment a child process (the demo's gst-launch, espeak-ng) gets. */
  readonly childEnv: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function isPlaceholder(value: string): boolean {
  const v = value.trim().toLowerCase();
  // `$(openssl rand …)` typed into an env file that nothing expands is a placeholder too.
  return (
    PLACEHOLDER_SECRETS.has(v) ||
    v.startsWith('your_') ||
    v.startsWith('change') ||
    v.includes('change_me') ||
    v.startsWith('$(')
  );
}

type Raw = z.infer<typeof schema>;

/** Production refuses weak or placeholder secrets; every problem is reported at once. */
function productionProblems(raw: Raw): string[] {
  const problems: string[] = [];
  const jwt = raw.GRIMNIR_JWT_SIGNING_KEY;
  // Several replicas must share one key, and a pod's data directory is not shared: production
  // names it rather than generating one per replica.
  if (jwt === undefined) problems.push('GRIMNIR_JWT_SIGNING_KEY is required in production');
  else if (Buffer.byteLength(jwt) < 32 || isPlaceholder(jwt))
    problems.push('GRIMNIR_JWT_SIGNING_KEY must be at least 32 bytes and not a placeholder');
  else weak(problems, 'GRIMNIR_JWT_SIGNING_KEY', jwt, MIN_GUESSES_LOG10.signingKey);
  // Unset is allowed here: it is needed only once a mount feeds an Icecast server without a
  // password of its own, which start-checks.ts checks against the database at start.
  const ice = raw.GRIMNIR_ICECAST_SOURCE_PASSWORD;
  if (ice !== undefined && (ice.length < 12 || isPlaceholder(ice)))
    problems.push('GRIMNIR_ICECAST_SOURCE_PASSWORD is a placeholder or shorter than 12 characters');
  else if (ice !== undefined)
    weak(problems, 'GRIMNIR_ICECAST_SOURCE_PASSWORD', ice, MIN_GUESSES_LOG10.sharedPassword);
  const admin = raw.GRIMNIR_ADMIN_PASSWORD;
  if (admin !== undefined && isPlaceholder(admin))
    problems.push('GRIMNIR_ADMIN_PASSWORD is a placeholder');
  else if (admin !== undefined)
    weak(problems, 'GRIMNIR_ADMIN_PASSWORD', admin, MIN_GUESSES_LOG10.adminPassword);
  if (raw.GRIMNIR_WEBRTC_TURN_URL !== undefined) {
    if (raw.GRIMNIR_WEBRTC_TURN_USERNAME === undefined)
      problems.push('GRIMNIR_WEBRTC_TURN_USERNAME is required when GRIMNIR_WEBRTC_TURN_URL is set');
    const turn = raw.GRIMNIR_WEBRTC_TURN_PASSWORD;
    if (turn === undefined)
      problems.push('GRIMNIR_WEBRTC_TURN_PASSWORD is required when GRIMNIR_WEBRTC_TURN_URL is set');
    else if (isPlaceholder(turn)) problems.push('GRIMNIR_WEBRTC_TURN_PASSWORD is a placeholder');
    else weak(problems, 'GRIMNIR_WEBRTC_TURN_PASSWORD', turn, MIN_GUESSES_LOG10.sharedPassword);
  }
  return problems;
}

function weak(problems: string[], variable: string, value: string, minLog10: number): void {
  const reason = weakSecretReason(value, minLog10);
  if (reason !== undefined) problems.push(`${variable} is ${reason}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const raw = parsed.data;
  const problems = raw.GRIMNIR_ENV === 'production' ? productionProblems(raw) : [];
  if (raw.GRIMNIR_DB_BACKEND === 'postgres' && raw.GRIMNIR_DB_DSN === undefined)
    problems.push('GRIMNIR_DB_DSN is required when GRIMNIR_DB_BACKEND=postgres');
  let dsn = '';
  let readDsn: string | undefined;
  try {
    dsn =
      raw.GRIMNIR_DB_BACKEND === 'postgres'
        ? normalizePostgresDsn(raw.GRIMNIR_DB_DSN ?? 'host=localhost')
        : (raw.GRIMNIR_DB_DSN ?? `${raw.GRIMNIR_DATA_DIR}/grimnir.db`);
    readDsn =
      raw.GRIMNIR_DB_READ_DSN === undefined
        ? undefined
        : normalizePostgresDsn(raw.GRIMNIR_DB_READ_DSN);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze({
    env: raw.GRIMNIR_ENV,
    http: {
      bind: raw.GRIMNIR_HTTP_BIND,
      port: raw.GRIMNIR_HTTP_PORT,
      trustProxy: raw.GRIMNIR_TRUST_PROXY,
    },
    metrics: { bind: raw.GRIMNIR_METRICS_BIND, port: raw.GRIMNIR_METRICS_PORT },
    live: { bind: raw.GRIMNIR_LIVE_BIND, port: raw.GRIMNIR_LIVE_PORT },
    db: {
      backend: raw.GRIMNIR_DB_BACKEND,
      dsn,
      readDsn,
      maxOpenConns: raw.GRIMNIR_DB_MAX_OPEN_CONNS,
      maxIdleConns: raw.GRIMNIR_DB_MAX_IDLE_CONNS,
    },
    dataDir: raw.GRIMNIR_DATA_DIR,
    redis: {
      addr: raw.GRIMNIR_REDIS_ADDR,
      password: raw.GRIMNIR_REDIS_PASSWORD,
      keyPrefix: raw.GRIMNIR_REDIS_KEY_PREFIX,
    },
    jwt: {
      signingKey: raw.GRIMNIR_JWT_SIGNING_KEY,
      ttlMinutes: raw.GRIMNIR_JWT_TTL_MINUTES,
      refreshTtlDays: raw.GRIMNIR_REFRESH_TTL_DAYS,
    },
    icecastSourcePassword: raw.GRIMNIR_ICECAST_SOURCE_PASSWORD,
    mediaRoot: raw.GRIMNIR_MEDIA_ROOT ?? `${raw.GRIMNIR_DATA_DIR}/media`,
    importRoot: raw.GRIMNIR_IMPORT_ROOT ?? `${raw.GRIMNIR_DATA_DIR}/import`,
    maxUploadBytes: raw.GRIMNIR_MAX_UPLOAD_MB * 1024 * 1024,
    minFreeDiskBytes: raw.GRIMNIR_MEDIA_MIN_FREE_MB * 1024 * 1024,
    maxConcurrentUploadsPerUser: raw.GRIMNIR_MAX_CONCURRENT_UPLOADS_PER_USER,
    outbound: {
      allow: raw.GRIMNIR_OUTBOUND_ALLOW,
      ownPorts: [
        raw.GRIMNIR_HTTP_PORT,
        raw.GRIMNIR_METRICS_PORT,
        ...(raw.GRIMNIR_LIVE_PORT === undefined ? [] : [raw.GRIMNIR_LIVE_PORT]),
        // The engines' gRPC ports: a webstream must not speak to an engine's control port.
        ...raw.GRIMNIR_MEDIA_ENGINE_GRPC_ADDR.map((a) => Number(a.split(':').pop())),
      ],
    },
    mediaEngine: {
      grpcAddrs: raw.GRIMNIR_MEDIA_ENGINE_GRPC_ADDR,
    },
    logLevel: raw.GRIMNIR_LOG_LEVEL,
    scheduler: {
      lookaheadMs: raw.GRIMNIR_SCHEDULER_LOOKAHEAD,
      tickIntervalMs: raw.GRIMNIR_SCHEDULER_TICK_INTERVAL,
    },
    deadAirSeconds: raw.GRIMNIR_DEAD_AIR_SECONDS,
    turn: {
      url: raw.GRIMNIR_WEBRTC_TURN_URL,
      username: raw.GRIMNIR_WEBRTC_TURN_USERNAME,
      password: raw.GRIMNIR_WEBRTC_TURN_PASSWORD,
    },
    adminPassword: raw.GRIMNIR_ADMIN_PASSWORD,
    demoStation:
      raw.GRIMNIR_DEMO_STATION === undefined
        ? raw.GRIMNIR_ENV === 'development'
        : raw.GRIMNIR_DEMO_STATION === 'true' || raw.GRIMNIR_DEMO_STATION === '1',
    corsOrigins: (raw.GRIMNIR_CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    rateLimitPerMinute: raw.GRIMNIR_RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: raw.GRIMNIR_LOGIN_RATE_LIMIT_PER_MINUTE,
    listenerRetentionDays: raw.GRIMNIR_LISTENER_RETENTION_DAYS,
    childEnv: minimalChildEnv(env),
  });
}

const CHILD_ENV_NAMES = new Set(['PATH', 'HOME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR']);

/**
 * Children get what finding programs, locale and GStreamer need, and nothing else: an allow-list,
 * so no secret (admin password, signing key, Icecast, database or Redis passwords) can reach a
 * child's environment, whatever name it is given.
 */
function minimalChildEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (CHILD_ENV_NAMES.has(name) || name.startsWith('LC_') || name.startsWith('GST_'))
      out[name] = value;
  }
  return out;
}

/**
 * The guide writes DSNs in libpq key=value form ("host=postgres port=5432 user=grimnir ...");
 * node-postgres wants a URL. Both forms are accepted; the result is always a URL.
 */
export function normalizePostgresDsn(dsn: string): string {
  const text = dsn.trim();
  if (/^postgres(ql)?:\/\//i.test(text)) return text;
  const pairs = parseKeyValueDsn(text);
  const host = pairs.get('host') ?? 'localhost';
  const port = pairs.get('port') ?? '5432';
  const user = pairs.get('user');
  const password = pairs.get('password');
  const dbname = pairs.get('dbname') ?? user ?? 'postgres';
  const auth =
    user === undefined
      ? ''
      : `${encodeURIComponent(user)}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@`;
  const hostPart = host.startsWith('/') ? `localhost` : host.includes(':') ? `[${host}]` : host;
  const params = new URLSearchParams();
  if (host.startsWith('/')) params.set('host', host);
  for (const key of ['sslmode', 'application_name', 'connect_timeout', 'options']) {
    const v = pairs.get(key);
    if (v !== undefined) params.set(key, v);
  }
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `postgres://${auth}${hostPart}:${port}/${encodeURIComponent(dbname)}${query}`;
}

function parseKeyValueDsn(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const re = /\s*([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text)) !== null && m[0] !== '') {
    const rawValue = m[2] ?? '';
    const value = rawValue.startsWith("'")
      ? rawValue.slice(1, -1).replace(/\\(.)/g, '$1')
      : rawValue;
    pairs.set((m[1] ?? '').toLowerCase(), value);
    consumed = re.lastIndex;
  }
  if (text.slice(consumed).trim() !== '' || pairs.size === 0) {
    throw new Error('GRIMNIR_DB_DSN: not a postgres:// URL nor a libpq key=value string');
  }
  return pairs;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Used by logs and diagnostics: the same object with every secret replaced. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    db: {
      ...config.db,
      dsn: redactDsn(config.db.dsn),
      readDsn: config.db.readDsn && redactDsn(config.db.readDsn),
    },
    redis: { ...config.redis, password: config.redis.password && '***' },
    jwt: { ...config.jwt, signingKey: config.jwt.signingKey && '***' },
    icecastSourcePassword: config.icecastSourcePassword && '***',
    turn: { ...config.turn, password: config.turn.password && '***' },
    adminPassword: config.adminPassword && '***',
    childEnv: Object.keys(config.childEnv),
  };
}

function redactDsn(dsn: string): string {
  return dsn.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/**
 * The configuration the running server uses: every secret present, the ones not configured
 * generated on first start and kept in the data directory (ops/instance-secrets.ts).
 */
export type StartConfig = Config & {
  readonly jwt: Config['jwt'] & { readonly signingKey: string };
  readonly icecastSourcePassword: string;
};
