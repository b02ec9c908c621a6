import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { createFanout } from './event-bus.js';
import { duplicateRedis } from './redis.js';

export type AccessHandler = (userId: string) => void;

/**
 * "What this user may do has changed" (logout, password change, deactivation, deletion, role or
 * station membership change). Caches of the user's rights drop their entry and the user's
 * WebSockets are re-checked at once. Internal only: it never reaches a WebSocket client, which
 * is why it is not an event of the public event bus.
 */
export interface AccessSignals {
  publish(userId: string): void;
  /** Returns the unsubscribe function. */
  subscribe(handler: AccessHandler): () => void;
  close(): Promise<void>;
}

/**
 * The same shape carries "this station changed" (create, edit, delete) to the station list
 * caches of every replica: ids only, internal, never on the public event bus.
 */
export type StationSignals = AccessSignals;

/** One process: delivered synchronously; a throwing handler is logged and skipped. */
export function createInProcessAccessSignals(
  log: Pick<FastifyBaseLogger, 'error'>,
  what = 'access signal',
): AccessSignals {
  return createFanout<string>((err) => log.error({ err }, `${what} handler failed`));
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Across replicas over Redis pub/sub: a logout on replica A revokes the user's cached rights and
 * WebSockets on replica B. Local handlers run synchronously; our own messages coming back from
 * Redis are dropped. A lost message is bounded by the caches' time to live.
 */
export async function createRedisAccessSignals(o: {
  redis: Redis;
  channel: string;
  log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info' | 'debug'>;
  /** What the signal is about, for logs (default "access signal"). */
  what?: string;
}): Promise<AccessSignals> {
  const what = o.what ?? 'access signal';
  const origin = randomUUID();
  const local = createInProcessAccessSignals(o.log, what);
  const sub = duplicateRedis(o.redis, o.log, what.replaceAll(' ', '-'));
  sub.on('message', (_channel: string, text: string) => {
    const [from, userId] = text.split(' ');
    if (from === origin || userId === undefined || !ID.test(userId)) return;
    local.publish(userId);
  });
  await sub.subscribe(o.channel);
  return {
    publish(userId) {
      local.publish(userId);
      o.redis.publish(o.channel, `${origin} ${userId}`).catch((err: unknown) => {
        o.log.error({ err }, `${what}: publish to redis failed`);
      });
    },
    subscribe: (handler) => local.subscribe(handler),
    async close() {
      await sub.quit().catch(() => sub.disconnect());
      await local.close();
    },
  };
}
