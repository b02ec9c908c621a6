import type { FastifyBaseLogger } from 'fastify';
import type { GrimnirEvent } from '@grimnir/contracts';

export type EventHandler = (event: GrimnirEvent) => void;

/**
 * Publish/subscribe for live events (now playing, executor state, listener counts, …). In one
 * process an in-memory fan-out; with several replicas the Redis implementation carries events
 * across them behind this same interface.
 */
export interface EventBus {
  publish(event: GrimnirEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(handler: EventHandler): () => void;
  close(): Promise<void>;
}

/**
 * Synchronous fan-out in publish order, shared by the event bus and the access signals. A
 * throwing subscriber is reported and skipped so one faulty consumer (a WebSocket bridge, a
 * metrics hook) cannot stop values reaching the others.
 */
export function createFanout<T>(onError: (err: unknown, value: T) => void) {
  const handlers = new Set<(value: T) => void>();
  return {
    publish(value: T): void {
      for (const h of handlers) {
        try {
          h(value);
        } catch (err) {
          onError(err, value);
        }
      }
    },
    /** Returns the unsubscribe function. */
    subscribe(handler: (value: T) => void): () => void {
      const h = (v: T) => handler(v);
      handlers.add(h);
      return () => {
        handlers.delete(h);
      };
    },
    close(): Promise<void> {
      handlers.clear();
      return Promise.resolve();
    },
  };
}

export function createInMemoryEventBus(log: Pick<FastifyBaseLogger, 'error'>): EventBus {
  return createFanout<GrimnirEvent>((err, event) =>
    log.error({ err, type: event.type }, 'event subscriber failed'),
  );
}
