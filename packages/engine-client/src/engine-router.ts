import { createHash } from 'node:crypto';
import type { EngineClient } from './engine-client.js';

/**
 * Which engine plays a station: rendezvous (highest random weight) hashing of the station id
 * over the engine addresses. Every replica computes the same answer without coordination, and
 * adding or removing an engine moves only the stations that must move (about 1/N of them).
 * Pure.
 */
export function engineFor(stationId: string, addresses: readonly string[]): number {
  let best = -1;
  let bestWeight = '';
  addresses.forEach((address, i) => {
    const weight = createHash('sha256').update(`${address}\n${stationId}`).digest('hex');
    if (weight > bestWeight) {
      bestWeight = weight;
      best = i;
    }
  });
  if (best < 0) throw new Error('no media engine configured');
  return best;
}

type StationMethod = {
  [K in keyof EngineClient]: EngineClient[K] extends (
    stationId: string,
    ...rest: never[]
  ) => unknown
    ? K
    : never;
}[keyof EngineClient];

/**
 * One EngineClient over several engines (GRIMNIR_MEDIA_ENGINE_GRPC_ADDR with commas): station
 * calls go to the station's engine, file analysis goes round-robin (every engine sees the same
 * media root). With one address it is that engine's client, unchanged.
 */
export function createEngineRouter(
  addresses: readonly string[],
  connect: (address: string) => EngineClient,
): EngineClient {
  const clients = addresses.map(connect);
  if (clients.length === 1) return clients[0]!;
  const of = (stationId: string): EngineClient => clients[engineFor(stationId, addresses)]!;
  let next = 0;
  const anyEngine = (): EngineClient => clients[next++ % clients.length]!;
  // Station calls keep the client's signatures whatever they carry after the station id.
  const route =
    <K extends StationMethod>(method: K) =>
    (...args: Parameters<EngineClient[K]>): ReturnType<EngineClient[K]> => {
      const fn = of(args[0] as string)[method] as (
        ...a: Parameters<EngineClient[K]>
      ) => ReturnType<EngineClient[K]>;
      return fn(...args);
    };
  return {
    configureStation: (req) => of(req.station_id).configureStation(req),
    insertEmergency: (req) => of(req.station_id).insertEmergency(req),
    removeStation: route('removeStation'),
    load: route('load'),
    play: route('play'),
    stop: route('stop'),
    skip: route('skip'),
    transition: route('transition'),
    releaseEmergency: route('releaseEmergency'),
    attachLive: route('attachLive'),
    detachLive: route('detachLive'),
    setTitle: route('setTitle'),
    status: route('status'),
    subscribeEvents: route('subscribeEvents'),
    subscribeOutput: route('subscribeOutput'),
    analyze: (path, threshold) => anyEngine().analyze(path, threshold),
    waveform: (path, points) => anyEngine().waveform(path, points),
    // Ready when every engine is: each one plays stations nobody else can.
    waitForReady: async (timeoutMs) => {
      await Promise.all(clients.map((c) => c.waitForReady(timeoutMs)));
    },
    close: () => {
      for (const c of clients) c.close();
    },
  };
}
