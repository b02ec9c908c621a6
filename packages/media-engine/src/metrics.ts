import http from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Engine } from './engine.js';
import type { ProcessSupervisor } from './gstreamer/process.js';

// Engine metrics on their own port so scraping never competes with the gRPC control path.
export function createMetrics(engine: Engine, supervisor: ProcessSupervisor): Registry {
  const registry = new Registry();
  // Standard names (process_resident_memory_bytes, ...): the scrape job tells the processes apart,
  // so the guide's memory alert and the dashboard's engine panels cover the engine too.
  // The event-loop delay histogram samples on its own libuv timer: at the default 10 ms it woke
  // the engine 100 times a second, more than everything else at one station (issue 17).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  new Gauge({
    name: 'mediaengine_stations',
    help: 'Stations configured on this engine',
    registers: [registry],
    collect() {
      this.set(engine.stations.size);
    },
  });
  new Gauge({
    name: 'mediaengine_child_processes',
    help: 'Live GStreamer/ffmpeg children',
    registers: [registry],
    collect() {
      this.set(supervisor.live());
    },
  });
  const perStation = (
    name: string,
    help: string,
    read: (s: ReturnType<Engine['get']> & object) => number,
  ): void => {
    new Gauge({
      name,
      help,
      labelNames: ['station'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [id, { station }] of engine.stations) this.set({ station: id }, read(station));
      },
    });
  };
  perStation('mediaengine_underruns_total', 'Source underruns per station', (s) => s.underruns);
  perStation('mediaengine_frames_total', 'Frames mixed per station', (s) => s.frames);
  perStation(
    'mediaengine_output_level_rms_dbfs',
    'Programme RMS level',
    (s) => s.status().level_rms_db,
  );
  perStation(
    'mediaengine_encoder_dropped_writes_total',
    'PCM writes dropped by a wedged encoder',
    (s) => s.outputManager.droppedWrites(),
  );
  const counter = (name: string, help: string, read: () => number): void => {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  };
  counter(
    'mediaengine_decoder_restarts_total',
    'Dead or stalled decoders replaced',
    () => engine.counters.decoderRestarts,
  );
  counter(
    'mediaengine_decoder_failures_total',
    'Files given up on after their decoder kept dying or hanging (reported to the control plane)',
    () => engine.counters.decoderFailures,
  );
  counter(
    'mediaengine_clock_slips_total',
    'Times the audio clock was rebased after a stall',
    () => engine.counters.clockSlips,
  );
  new Gauge({
    name: 'mediaengine_max_tick_lag_ms',
    help: 'Worst lateness of the 20 ms mixer tick since start',
    registers: [registry],
    collect() {
      this.set(engine.counters.maxTickLagMs);
    },
  });
  return registry;
}

export function serveMetrics(registry: Registry, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}
