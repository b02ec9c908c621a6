import type { AddressInfo } from 'node:net';
import type { EngineClient } from '@grimnir/engine-client';
import { startEngineOutputBridge } from '../modules/listeners/engine-output-bridge.js';
import { engineControlFromClient } from '../modules/playout/engine/engine-adapter.js';
import type { UpcomingItems } from '../modules/playout/ports.js';
import { buildTestApp, type TestApp } from './app.js';

/**
 * The real app driving a real engine, listening on a loopback port, with the engine's encoded
 * output bridged to /stream listeners (as serve.ts wires it, polling mounts every 500 ms).
 */
export async function appOnAir(
  client: EngineClient,
  opts: { upcoming?: UpcomingItems; live?: boolean } = {},
): Promise<{
  t: TestApp;
  port: number;
  refreshFeeds: () => Promise<void>;
  close: () => Promise<void>;
}> {
  const t = await buildTestApp({
    playout: {
      engine: engineControlFromClient(client),
      ...(opts.upcoming && { upcoming: opts.upcoming }),
    },
    ...(opts.live && { liveEngine: client }),
  });
  const bridge = startEngineOutputBridge({
    engine: client,
    stations: t.services.repositories.stations,
    mounts: t.services.repositories.mounts,
    broadcasts: t.realtime.broadcasts,
    events: t.realtime.events,
    log: { info: () => undefined, warn: () => undefined },
    intervalMs: 500,
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    t,
    port: (t.app.server.address() as AddressInfo).port,
    refreshFeeds: () => bridge.refresh(),
    close: async () => {
      bridge.stop();
      await t.close();
    },
  };
}
