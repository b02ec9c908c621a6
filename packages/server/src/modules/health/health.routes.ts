import type { FastifyInstance } from 'fastify';
import type { Leadership } from '../../infra/leadership.js';

export const VERSION = '0.1.0';

/**
 * `/healthz` is polled by load balancers every few seconds: no auth, no schema validation, one
 * cheap query. 503 `degraded` when the database does not answer within a second.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  d: { ping(): Promise<void>; leadership: Leadership; startedAt: number; now(): number },
): void {
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    let db: 'ok' | 'unreachable' = 'ok';
    try {
      await withTimeout(d.ping(), 1000);
    } catch {
      db = 'unreachable';
    }
    const body = {
      status: db === 'ok' ? 'ok' : 'degraded',
      leader: d.leadership.isLeader(),
      db,
      version: VERSION,
      uptime_s: Math.round((d.now() - d.startedAt) / 1000),
    };
    return reply.status(db === 'ok' ? 200 : 503).send(body);
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
