import type { Logger } from 'pino';
import type { ConfigureStationRequest } from '@grimnir/contracts';
import { dueFrames, type StationClock } from './clock.js';
import type { Spawner } from './gstreamer/process.js';
import { FRAME_MS } from './mixer/format.js';
import { Station } from './station/station.js';

interface EngineDeps {
  spawn: Spawner;
  bufferBytes: number;
  latencyMs: number;
  tickMs: number;
  now: () => number;
  wallNow: () => number;
  probe: (path: string) => Promise<number | undefined>;
  logger: Logger;
}

interface EngineCounters {
  decoderRestarts: number;
  clockSlips: number;
  ticks: number;
  maxTickLagMs: number;
}

// Dead or wedged decoders are looked for this often, whatever the tick length.
const SUPERVISE_EVERY_MS = 200;
const MAX_BURST_FRAMES = 100;

// All stations of this process on one monotonic clock. One timer for every station keeps
// the event loop quiet; each station keeps its own frame count so none drifts.
export class Engine {
  readonly stations = new Map<string, { station: Station; clock: StationClock }>();
  readonly counters: EngineCounters = {
    decoderRestarts: 0,
    clockSlips: 0,
    ticks: 0,
    maxTickLagMs: 0,
  };
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;

  constructor(private readonly deps: EngineDeps) {}

  configure(req: ConfigureStationRequest): Station {
    const existing = this.stations.get(req.station_id);
    if (existing) {
      existing.station.reconfigure(req);
      return existing.station;
    }
    const station = new Station(req.station_id, req, {
      spawn: this.deps.spawn,
      bufferBytes: this.deps.bufferBytes,
      now: this.deps.now,
      wallNow: this.deps.wallNow,
      probe: this.deps.probe,
      logger: this.deps.logger.child({ station: req.station_id }),
      onDecoderRestart: () => {
        this.counters.decoderRestarts += 1;
      },
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

  tick(): void {
    const now = this.deps.now();
    if (this.lastTick > 0)
      this.counters.maxTickLagMs = Math.max(
        this.counters.maxTickLagMs,
        now - this.lastTick - this.deps.tickMs,
      );
    this.lastTick = now;
    this.counters.ticks += 1;
    const preroll = Math.ceil(this.deps.latencyMs / FRAME_MS);
    const every = Math.max(1, Math.round(SUPERVISE_EVERY_MS / this.deps.tickMs));
    const supervise = this.counters.ticks % every === 0;
    for (const { station, clock } of this.stations.values()) {
      const slips = clock.slips;
      try {
        station.produce(dueFrames(clock, now, preroll, MAX_BURST_FRAMES));
        if (supervise) station.supervise();
      } catch (err) {
        // One station's bug must not silence the others.
        this.deps.logger.error({ err, station: station.id }, 'station tick failed');
      }
      this.counters.clockSlips += clock.slips - slips;
    }
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.deps.tickMs);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const { station } of this.stations.values()) station.close();
    this.stations.clear();
  }
}
