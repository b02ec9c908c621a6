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
  leadership: Leadership;
  startedAt: number;
  now(): number;
}

/**
 * `/healthz` is polled by load balancers every few seconds: no auth, no schema validation, one
 * cheap query and one channel check, both bounded to a second. 503 `degraded` with the
 * reasons when the database or the media engine does not answer.
 */
export function registerHealthRoutes(app: FastifyInstance, d: HealthDeps): void {
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    const [db, engine] = await Promise.all([
      check(d.ping()),
      d.engineReady ? check(d.engineReady(1000)) : Promise.resolve(undefined),
    ]);
    const reasons = [
      ...(db === 'ok' ? [] : ['database unreachable']),
      ...(engine === 'unreachable' ? ['media engine unreachable'] : []),
    ];
    const body = {
      status: reasons.length === 0 ? 'ok' : 'degraded',
      leader: d.leadership.isLeader(),
      db,
      ...(engine && { engine }),
      ...(reasons.length > 0 && { reasons }),
      version: VERSION,
      uptime_s: Math.round((d.now() - d.startedAt) / 1000),
    };
    return reply.status(reasons.length === 0 ? 200 : 503).send(body);
  });
}

function check(p: Promise<void>): Promise<Check> {
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
