import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Dependency } from '../errors.js';

export interface Outages {
  /** A call failed because `dep` is unreachable: logged once, then probed until it answers. */
  down(dep: Dependency, err: unknown): void;
  isDown(dep: Dependency): boolean;
  close(): void;
}

const PROBE_MS = 1_000;

/**
 * One log line when a dependency goes away and one when it is back, however many requests and
 * loop rounds fail in between: a database outage used to write a stack trace per request and
 * one per second from the playout loop. Recovery is noticed by probing, not by the next caller.
 */
export function createOutages(d: {
  log: Logger;
  probes: Partial<Record<Dependency, () => Promise<unknown>>>;
  now?: () => number;
}): Outages {
  const now = d.now ?? Date.now;
  const since = new Map<Dependency, number>();
  const timers = new Map<Dependency, NodeJS.Timeout>();
  let closed = false;

  function probe(dep: Dependency): void {
    const check = d.probes[dep];
    if (!check || closed) return;
    const timer = setTimeout(() => {
      timers.delete(dep);
      check().then(
        () => up(dep),
        () => probe(dep),
      );
    }, PROBE_MS);
    timer.unref();
    timers.set(dep, timer);
  }

  function up(dep: Dependency): void {
    const start = since.get(dep);
    if (start === undefined) return;
    since.delete(dep);
    d.log.info(
      { dependency: dep, down_seconds: Math.round((now() - start) / 100) / 10 },
      `${dep} reachable again`,
    );
  }

  return {
    down(dep, err) {
      if (since.has(dep) || closed) return;
      since.set(dep, now());
      d.log.error({ dependency: dep, err }, `${dep} unreachable`);
      probe(dep);
    },
    isDown: (dep) => since.has(dep),
    close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
