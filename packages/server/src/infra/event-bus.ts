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
 * Delivers synchronously in publish order. A throwing subscriber is logged and skipped so one
 * faulty consumer (a WebSocket bridge, a metrics hook) cannot stop events reaching the others.
 */
export function createInMemoryEventBus(log: Pick<FastifyBaseLogger, 'error'>): EventBus {
  const handlers = new Set<EventHandler>();
  return {
    publish(event) {
      for (const h of handlers) {
        try {
          h(event);
        } catch (err) {
          log.error({ err, type: event.type }, 'event subscriber failed');
        }
      }
    },
    subscribe(handler) {
      const h: EventHandler = (e) => handler(e);
      handlers.add(h);
      return () => {
        handlers.delete(h);
      };
    },
    close() {
      handlers.clear();
      return Promise.resolve();
    },
  };
}
