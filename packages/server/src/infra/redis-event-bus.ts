import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { GrimnirEvent } from '@grimnir/contracts';
import { createInMemoryEventBus, type EventBus } from './event-bus.js';
import { duplicateRedis } from './redis.js';

interface Envelope {
  origin: string;
  event: unknown;
}

/**
 * Events cross replicas over Redis pub/sub: a listener connected to replica B hears what the
 * director on leader A published. Local subscribers are served synchronously (no round trip);
 * messages a replica receives from Redis that it sent itself are dropped, so nothing is
 * delivered twice. Incoming events are validated: a foreign or older publisher on the same
 * channel cannot feed malformed events to WebSocket clients.
 */
export async function createRedisEventBus(o: {
  redis: Redis;
  channel: string;
  log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info' | 'debug'>;
}): Promise<EventBus> {
  const origin = randomUUID();
  const local = createInMemoryEventBus(o.log);
  // A connection in subscriber mode cannot publish, so subscriptions get their own.
  const sub = duplicateRedis(o.redis, o.log, 'events-subscriber');
  sub.on('message', (_channel: string, text: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      o.log.warn('event bus: dropped a message that is not JSON');
      return;
    }
    if (envelope.origin === origin) return;
    const parsed = GrimnirEvent.safeParse(envelope.event);
    if (!parsed.success) {
      o.log.warn(
        { issues: parsed.error.issues.slice(0, 3) },
        'event bus: dropped an invalid event',
      );
      return;
    }
    local.publish(parsed.data);
  });
  await sub.subscribe(o.channel);
  // Other replicas miss events while Redis is away: said once per outage, not per event.
  let failing = false;
  return {
    publish(event) {
      local.publish(event);
      const envelope: Envelope = { origin, event };
      o.redis.publish(o.channel, JSON.stringify(envelope)).then(
        () => {
          if (failing) o.log.info('event bus: publishing to redis again');
          failing = false;
        },
        (err: unknown) => {
          if (!failing)
            o.log.error(
              { err, type: event.type },
              'event bus: publish to redis failed; other replicas miss events until it is back',
            );
          failing = true;
        },
      );
    },
    subscribe: (handler) => local.subscribe(handler),
    async close() {
      await sub.quit().catch(() => sub.disconnect());
      await local.close();
    },
  };
}
