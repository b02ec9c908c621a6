import type { FastifyInstance } from 'fastify';
import type { Leadership } from '../../infra/leadership.js';

export const VERSION = '0.1.0';

type Check = 'ok' | 'unreachable';

interface HealthDeps {
  ping(): Promise<void>;
  /**
   * Whether the media engine answers; null where this process drives no engine (API-only
   * tests). A control plane whose engine is gone is not healthy, whatever its database says:
   * green while listeners hear nothing is the failure operators of other systems report most.
   */
  engineReady: ((timeoutMs: number) => Promise<void>) | null;
  /** Whether Redis answers; null in a single-process deployment (no Redis). */
  redisPing: (() => Promise<unknown>) | null;
  /** Stations the leader's director found off air (engine unreachable, silent). */
  offAirStations: () => Promise<{ station_id: string; reason: string; since: string }[]>;
  leadership: Leadership;
  startedAt: number;
  now(): number;
  /** A monotonic clock in ms for the reuse window (default performance.now; tests set it). */
  monotonicMs?: () => number;
}

/**
 * A check's answer also serves requests that come this soon after it ended. A load balancer
 * polls every few seconds and always gets a fresh check; a poll storm (many balancers, a
 * misconfigured one, a bench) runs the checks ten times a second, not once per request. On
 * SQLite the checks answer synchronously, so the sharing of a check in flight alone rarely
 * applies there.
 */
export const HEALTH_REUSE_MS = 100;

/**
 * `/healthz` is polled by load balancers every few seconds: no auth, no schema validation, two
 * cheap queries, a channel check and a Redis ping, each bounded to a second. 503 `degraded`
 * with the reasons when the database, the media engine or Redis does not answer, or a station
 * that should be on air is not (engine unreachable, silent): never green while silent. Real
 * HTTP requests are answered on the fast path (plugins/fast-path.ts); the Fastify route gives
 * the same answer to HEAD, to a query string and to `inject()`.
 */
export function registerHealthRoutes(app: FastifyInstance, fast: FastPaths, d: HealthDeps): void {
  // Requests that arrive while a check runs share it, and so do those within HEALTH_REUSE_MS of
  // its end: a request never sees a result older than that.
  let inflight: Promise<Answer> | undefined;
  let last: { endedAt: number; answer: Answer } | undefined;
  const mono = d.monotonicMs ?? (() => performance.now());
  const shared = (): Promise<Answer> => {
    if (last && mono() - last.endedAt < HEALTH_REUSE_MS) return Promise.resolve(last.answer);
    inflight ??= probe(d)
      .then((r) => {
        const answer = { code: r.code, json: JSON.stringify(r.body) };
        last = { endedAt: mono(), answer };
        return answer;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
  fast.get('/healthz', shared);
  // Not logged per request (a load balancer's poll every few seconds would fill the log); the
  // outages behind a degraded answer are logged where they are noticed, once per change.
  const opts = { config: { rateLimit: false }, logLevel: 'warn' } as const;
  app.get('/healthz', opts, async (_request, reply) => {
    const { code, json } = await shared();
    return reply.status(code).type('application/json; charset=utf-8').send(json);
  });
}

/** A status and the JSON text of the body (what the fast path writes as it is). */
interface Answer {
  code: number;
  json: string;
}

/** Where exact GETs are answered ahead of Fastify (plugins/fast-path.ts). */
interface FastPaths {
  get(path: string, answer: () => Promise<Answer>): void;
}

async function probe(d: HealthDeps): Promise<{ code: 200 | 503; body: Record<string, unknown> }> {
  const [db, engine, redis] = await Promise.all([
    check(d.ping()),
    d.engineReady ? check(d.engineReady(1000)) : Promise.resolve(undefined),
    d.redisPing ? check(d.redisPing()) : Promise.resolve(undefined),
  ]);
  // Read from the director's rows, so every replica reports what listeners hear.
  const offAir = db === 'ok' ? await withTimeout(d.offAirStations(), 1000).catch(() => []) : [];
  const reasons = [
    ...(db === 'ok' ? [] : ['database unreachable']),
    ...(engine === 'unreachable' ? ['media engine unreachable'] : []),
    ...(redis === 'unreachable' ? ['redis unreachable'] : []),
    ...offAir.map((s) => `station ${s.station_id} off air: ${s.reason.replace('_', ' ')}`),
  ];
  const body = {
    status: reasons.length === 0 ? 'ok' : 'degraded',
    leader: d.leadership.isLeader(),
    db,
    ...(engine && { engine }),
    ...(redis && { redis }),
    ...(offAir.length > 0 && { off_air: offAir }),
    ...(reasons.length > 0 && { reasons }),
    version: VERSION,
    uptime_s: Math.round((d.now() - d.startedAt) / 1000),
  };
  return { code: reasons.length === 0 ? 200 : 503, body };
}

function check(p: Promise<unknown>): Promise<Check> {
  return withTimeout(p, 1000).then(
    () => 'ok',
    () => 'unreachable',
  );
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
