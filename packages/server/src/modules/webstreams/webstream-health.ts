import { Counter, Gauge, type Registry } from 'prom-client';
import type { Clock } from '../../infra/clock.js';
import type { Leadership } from '../../infra/leadership.js';
import { METRICS } from '../../ops/metric-names.js';
import { checkWebstream, type Probe } from './webstream-probe.js';
import type { WebstreamsRepository } from './webstreams.repository.js';

export interface WebstreamHealthOptions {
  repo: Pick<WebstreamsRepository, 'listActive' | 'recordHealth'>;
  leadership: Pick<Leadership, 'isLeader'>;
  clock: Clock;
  registry: Registry;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Between rounds. */
  intervalMs?: number;
  /** Per URL: a stream that has not answered by then counts as down. */
  timeoutMs?: number;
  /** Webstreams checked per round (oldest check first), so one round stays bounded. */
  maxPerRound?: number;
  /** Checks running at once. */
  concurrency?: number;
  /** Opens a URL through the outbound fence (`streamProbe`). */
  probe: Probe;
}

export function createWebstreamMetrics(registry: Registry) {
  return {
    up: new Gauge({
      name: METRICS.webstreamUp.name,
      help: METRICS.webstreamUp.help,
      labelNames: ['station_id', 'webstream_id'],
      registers: [registry],
    }),
    checks: new Counter({
      name: METRICS.webstreamChecks.name,
      help: METRICS.webstreamChecks.help,
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}

/**
 * The leader opens every active webstream's URLs now and then and records which one answered
 * (API health fields, `grimnir_webstream_up`). Followers skip rounds: one replica probing
 * remote servers is enough, and the stored result is shared through the database.
 */
export function createWebstreamHealth(o: WebstreamHealthOptions) {
  const intervalMs = o.intervalMs ?? 60_000;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const maxPerRound = o.maxPerRound ?? 100;
  const concurrency = o.concurrency ?? 4;
  const metrics = createWebstreamMetrics(o.registry);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let started = false;
  // Set by stop(): a round in flight finishes the check it is in and records nothing more.
  let stopped = false;

  async function round(): Promise<number> {
    // Followers export no health series: a former leader's values would go stale.
    if (!o.leadership.isLeader()) {
      metrics.up.reset();
      return 0;
    }
    const due = await o.repo.listActive(maxPerRound);
    const results: { stationId: string; id: string; ok: boolean }[] = [];
    let next = 0;
    const worker = async () => {
      for (let w = due[next++]; w !== undefined && !stopped; w = due[next++]) {
        const { detail, ...r } = await checkWebstream(w.urls, timeoutMs, o.probe);
        await o.repo.recordHealth(w.id, { checkedAt: o.clock.now().toISOString(), ...r });
        const ok = r.okUrl !== null;
        results.push({ stationId: w.station_id, id: w.id, ok });
        metrics.checks.inc({ result: ok ? 'ok' : 'failed' });
        // The stored error is uniform on purpose; operators get the real reason here.
        if (!ok) o.log.warn({ webstream_id: w.id, error: detail }, 'webstream unreachable');
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    // A full sweep redraws the gauge, so deleted or deactivated webstreams leave it.
    if (due.length < maxPerRound) metrics.up.reset();
    for (const r of results)
      metrics.up.set({ station_id: r.stationId, webstream_id: r.id }, r.ok ? 1 : 0);
    return due.length;
  }

  function schedule(delayMs = intervalMs): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round()
        .then(() => undefined)
        .catch((err: unknown) => o.log.error({ err }, 'webstream health round failed'))
        .finally(() => schedule());
    }, delayMs);
    timer.unref();
  }

  return {
    /** One round now (tests, and the first round after start); returns webstreams checked. */
    runOnce: round,
    start(): void {
      if (started) return;
      started = true;
      stopped = false;
      // Soon after start, so health fields are filled before the first full interval.
      schedule(Math.min(intervalMs, 10_000));
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
