import type { FastifyInstance } from 'fastify';
import { createEventStream, registerEventRoutes } from '../modules/events/index.js';
import {
  createBroadcastRegistry,
  registerListenerRoutes,
  registerOutputRoutes,
} from '../modules/listeners/index.js';
import {
  createListingsRepository,
  createListingsService,
  createProgrammeRepos,
} from '../modules/programming/index.js';
import {
  createNowPlayingPush,
  createPublicRepository,
  createPublicService,
  registerPublicPages,
  registerPublicRoutes,
  type PublicStation,
} from '../modules/public/index.js';
import { buildListenerSessions } from './listener-sessions.js';
import type { Realtime, RootDeps } from './root-deps.js';
import type { Services } from './services.js';

/** Listener streams and the events WebSocket, fed by the runtime's event bus. */
export function registerRealtime(app: FastifyInstance, d: RootDeps, services: Services): Realtime {
  const { events, clock } = d.runtime;
  const sessions = buildListenerSessions({
    db: d.database.db,
    signingKey: d.config.jwt.signingKey,
    retentionDays: d.config.listenerRetentionDays,
    now: () => clock.now().getTime(),
    stations: services.repositories.stations,
    mounts: services.repositories.mounts,
    leadership: d.runtime.leadership,
    outbound: services.outbound,
    log: d.log,
    ...(d.tuning.sessions && { tuning: d.tuning.sessions }),
  });
  const broadcasts = createBroadcastRegistry({
    sessions: sessions.tracker,
    mounts: services.repositories.mounts,
    stations: services.repositories.stations,
    metrics: d.metrics,
    events,
    log: d.log,
    now: () => clock.now().getTime(),
    ...(d.tuning.hubs && { tuning: d.tuning.hubs }),
  });
  const visibleStationIds = (p: Parameters<typeof services.access.visibleStationIds>[0]) =>
    services.access.visibleStationIds(p);
  const stream = createEventStream({
    bus: events,
    visibleStationIds,
    stillValid: (p) => services.auth.stillValid(p),
    access: d.runtime.access,
    now: () => clock.now().getTime(),
    log: d.log,
    ...(d.tuning.events && { options: d.tuning.events }),
  });
  app.addHook('onClose', (_app, done) => {
    stream.close();
    done();
  });
  registerListenerRoutes(app, broadcasts, {
    ...(d.tuning.offlineWaitMs !== undefined && { offlineWaitMs: d.tuning.offlineWaitMs }),
  });
  registerEventRoutes(app, { stream, visibleStationIds });
  registerOutputRoutes(app, {
    access: services.access,
    mounts: services.repositories.mounts,
    broadcasts,
    engine: d.runtime.engine.client,
  });
  registerPublic(app, d, services, broadcasts);
  return { events, broadcasts, sessions };
}

/** The listeners' side: AzuraCast-compatible now playing, its live push, Icecast status. */
function registerPublic(
  app: FastifyInstance,
  d: RootDeps,
  services: Services,
  broadcasts: Realtime['broadcasts'],
): void {
  const { events, clock } = d.runtime;
  const now = () => clock.now().getTime();
  const programme = createProgrammeRepos(d.database.readDb);
  const listings = createListingsService({
    schedule: programme.schedule,
    shows: programme.shows,
    names: createListingsRepository(d.database.readDb),
  });
  const svc = createPublicService({
    repo: createPublicRepository(d.database.readDb),
    listings: (id, tz, window) => listings.between(id, tz, window),
    nowPlaying: (id) => services.playout.service.publicNowPlaying(id),
    audience: broadcasts,
    mediaRoot: d.config.mediaRoot,
    now,
    startedAt: now(),
  });
  const push = createNowPlayingPush<PublicStation>({
    subscribe: (h) => events.subscribe(h),
    render: (station, base) => svc.document(station, base),
    onError: (err) => d.log.warn({ err }, 'public now-playing push failed'),
  });
  registerPublicRoutes(app, svc, push);
  registerPublicPages(app, (slug) => svc.find(slug));
}
