import type { Logger } from 'pino';
import type { OutboundFence } from '@grimnir/engine-client';
import type { ConfigureStationRequest } from '@grimnir/contracts';
import { dueFrames, type StationClock } from './clock.js';
import type { Spawner } from './gstreamer/process.js';
import type { WarmDecoders } from './gstreamer/warm-decoders.js';
import { FRAME_MS } from './mixer/format.js';
import { Station } from './station/station.js';

interface EngineDeps {
  spawn: Spawner;
  // Shared by every station of this process: emergencies are rare and never all at once.
  warm: WarmDecoders;
  bufferBytes: number;
  latencyMs: number;
  tickMs: number;
  now: () => number;
  wallNow: () => number;
  probe: (path: string) => Promise<number | undefined>;
  // Relays and Icecast targets connect through it (issue 11: no internal probing).
  outbound: OutboundFence;
  logger: Logger;
}

interface EngineCounters {
  decoderRestarts: number;
  decoderFailures: number;
  clockSlips: number;
  ticks: number;
  maxTickLagMs: number;
}

// Dead or wedged decoders are looked for this often, whatever the tick length.
const SUPERVISE_EVERY_MS = 200;
const MAX_BURST_FRAMES = 100;
// After a priority switch (emergency, live) the clock ticks every frame for this long, so the
// new source is mixed the frame its decoder is ready and its encoded bytes leave at the next
// frame, instead of up to two long ticks later (issue 17: the switch waited for the mixer tick
// and then for the tick that flushes the encoder's output).
const URGENT_MS = 1500;

// All stations of this process on one monotonic clock. One timer for every station keeps
// the event loop quiet; each station keeps its own frame count so none drifts.
export class Engine {
  readonly stations = new Map<string, { station: Station; clock: StationClock }>();
  readonly counters: EngineCounters = {
    decoderRestarts: 0,
    decoderFailures: 0,
    clockSlips: 0,
    ticks: 0,
    maxTickLagMs: 0,
  };
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private lastDelay = 0;
  private urgentUntil = 0;
  private lastSupervised = 0;
  private running = false;

  constructor(private readonly deps: EngineDeps) {}

  configure(req: ConfigureStationRequest): Station {
    const existing = this.stations.get(req.station_id);
    if (existing) {
      existing.station.reconfigure(req);
      return existing.station;
    }
    const station = new Station(req.station_id, req, {
      spawn: this.deps.spawn,
      warm: this.deps.warm,
      bufferBytes: this.deps.bufferBytes,
      now: this.deps.now,
      wallNow: this.deps.wallNow,
      probe: this.deps.probe,
      outbound: this.deps.outbound,
      logger: this.deps.logger.child({ station: req.station_id }),
      onDecoderRestart: () => {
        this.counters.decoderRestarts += 1;
      },
      onDecoderFailed: () => {
        this.counters.decoderFailures += 1;
      },
      urgent: () => this.urgent(),
    });
    this.stations.set(req.station_id, { station, clock: station.clock });
    return station;
  }

  get(stationId: string): Station | undefined {
    return this.stations.get(stationId)?.station;
  }

  remove(stationId: string): boolean {
    const s = this.stations.get(stationId);
    if (!s) return false;
    s.station.close();
    this.stations.delete(stationId);
    return true;
  }

  // A station is switching sources: tick every frame for a while (see URGENT_MS).
  urgent(): void {
    this.urgentUntil = this.deps.now() + URGENT_MS;
    if (!this.running || this.lastDelay <= FRAME_MS) return;
    clearTimeout(this.timer);
    // Tick lag is measured from here: the pending long tick was cancelled, not late.
    this.lastTick = this.deps.now();
    this.schedule(0);
  }

  tick(): void {
    const now = this.deps.now();
    if (this.lastTick > 0)
      this.counters.maxTickLagMs = Math.max(
        this.counters.maxTickLagMs,
        now - this.lastTick - this.lastDelay,
      );
    this.lastTick = now;
    this.counters.ticks += 1;
    const preroll = Math.ceil(this.deps.latencyMs / FRAME_MS);
    const supervise = now - this.lastSupervised >= SUPERVISE_EVERY_MS;
    if (supervise) this.lastSupervised = now;
    for (const { station, clock } of this.stations.values()) {
      const slips = clock.slips;
      try {
        station.produce(dueFrames(clock, now, preroll + station.aheadFrames, MAX_BURST_FRAMES));
        // A switch of source inside those frames asks for more at once (Station.aheadFrames).
        if (station.aheadFrames > 0)
          station.produce(dueFrames(clock, now, preroll + station.aheadFrames, MAX_BURST_FRAMES));
        if (supervise) station.supervise();
      } catch (err) {
        // One station's bug must not silence the others.
        this.deps.logger.error({ err, station: station.id }, 'station tick failed');
      }
      this.counters.clockSlips += clock.slips - slips;
    }
  }

  // A chain of timeouts rather than an interval, so the period can drop to one frame while a
  // switch is under way; pacing never depends on it (dueFrames reads the clock).
  private schedule(delay: number): void {
    this.lastDelay = delay;
    this.timer = setTimeout(() => {
      this.tick();
      if (this.running)
        this.schedule(this.deps.now() < this.urgentUntil ? FRAME_MS : this.deps.tickMs);
    }, delay);
  }

  start(): void {
    this.running = true;
    this.schedule(this.deps.tickMs);
  }

  close(): void {
    this.running = false;
    clearTimeout(this.timer);
    for (const { station } of this.stations.values()) station.close();
    this.stations.clear();
    this.deps.warm.close();
  }
}
