import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { StartConfig } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { EventBus } from '../infra/event-bus.js';
import type { Metrics } from '../infra/metrics.js';
import { createAnalysisRepository } from '../modules/analysis/index.js';
import { createAnalysisQueue } from '../modules/analysis/index.js';
import { registerApiKeyRoutes } from '../modules/api-keys/index.js';
import { registerAuditRoutes } from '../modules/audit/index.js';
import { registerAuthRoutes } from '../modules/auth/index.js';
import { createPasswordHasher } from '../modules/auth/index.js';
import { createEventStream, type EventStreamOptions } from '../modules/events/index.js';
import { registerEventRoutes } from '../modules/events/index.js';
import { registerHealthRoutes } from '../modules/health/index.js';
import { createHistoryRepository, createHistoryService } from '../modules/history/index.js';
import { registerHistoryRoutes } from '../modules/history/index.js';
import { createReportsRepository, createReportsService } from '../modules/reports/index.js';
import { registerReportRoutes } from '../modules/reports/index.js';
import { startEngineOutputBridge } from '../modules/listeners/index.js';
import { registerListenerRoutes } from '../modules/listeners/index.js';
import { registerOutputRoutes } from '../modules/listeners/index.js';
import { createBroadcastRegistry, type HubTuning } from '../modules/listeners/index.js';
import { createLive, type LiveModule } from '../modules/live/index.js';
import {
  createNowPlayingPush,
  createPublicRepository,
  createPublicService,
  registerPublicPages,
  registerPublicRoutes,
  type PublicStation,
} from '../modules/public/index.js';
import {
  createListingsRepository,
  createListingsService,
  createProgrammeRepos,
} from '../modules/programming/index.js';
import { registerLiveRoutes } from '../modules/live/index.js';
import {
  createImportJobs,
  createImportJobsRepository,
  prepareImportRoot,
  registerImportRoutes,
} from '../modules/imports/index.js';
import { AUDIO_FILE_EXTENSIONS, registerMediaRoutes } from '../modules/media/index.js';
import { registerUploadRoutes } from '../modules/uploads/index.js';
import { registerPlayoutRoutes } from '../modules/playout/index.js';
import { createPlayout } from '../modules/playout/index.js';
import { registerStationRoutes } from '../modules/stations/index.js';
import { registerUserRoutes } from '../modules/users/index.js';
import { createWebstreams, type Webstreams } from '../modules/webstreams/index.js';
import { registerStorageGauges } from '../infra/disk-space.js';
import { registerAuthentication } from '../plugins/authenticate.js';
import { createOutages } from '../infra/outages.js';
import { createHttpServer } from './http.js';
import { buildProgramming, type Programming } from './programming.js';
import type { Runtime } from './runtime.js';
import { buildServices, mediaAnnouncer, type Services } from './services.js';
import {
  buildListenerSessions,
  type ListenerSessions,
  type SessionTuning,
} from './listener-sessions.js';

interface RootDeps {
  config: StartConfig;
  log: FastifyBaseLogger;
  database: DatabaseHandle;
  metrics: Metrics;
  runtime: Runtime;
  /** What automation plays: the materialised schedule, or (tests) a list of items. */
  programme: Parameters<typeof buildServices>[0]['programme'];
  tuning: Tuning;
}

/** Knobs whose production values are the defaults; tests shorten timeouts and bounds. */
export interface Tuning {
  /** bcrypt cost: production keeps 12. */
  bcryptCost?: number;
  hubs?: HubTuning;
  offlineWaitMs?: number;
  events?: EventStreamOptions;
  /** How often the engine output bridge looks for new mounts. */
  outputPollMs?: number;
  sessions?: SessionTuning;
}

/** What the director and other publishers use to reach listeners and WebSocket clients. */
export interface Realtime {
  events: EventBus;
  broadcasts: ReturnType<typeof createBroadcastRegistry>;
  /** Listener sessions: the tracker (batched writes) and the Icecast targets' poller. */
  sessions: ListenerSessions;
}

export interface ControlPlane {
  app: FastifyInstance;
  services: Services;
  programming: Programming;
  realtime: Realtime;
  live: LiveModule;
  webstreams: Webstreams;
  runtime: Runtime;
  /** Starts the background loops (scheduler, webstream health, analysis, output bridge). */
  start(): Promise<void>;
  /** Stops loops, closes the HTTP server and releases the runtime, in that order. */
  close(): Promise<void>;
}

/**
 * The one composition root: repositories → services → routes and loops for every runtime.
 * The binary (serve.ts) and the tests both come through here; only the runtime differs.
 */
export async function composeControlPlane(d: RootDeps): Promise<ControlPlane> {
  const { config, runtime } = d;
  const { clock, events, leadership } = runtime;
  const hasher = createPasswordHasher(d.tuning.bcryptCost ?? 12);
  const base = buildServices(
    {
      config,
      database: d.database,
      clock,
      access: runtime.access,
      stationChanges: runtime.stations,
      programme: d.programme,
      events,
    },
    hasher,
  );
  const services: Services = {
    ...base,
    playout: createPlayout({
      db: d.database.db,
      clock,
      audit: base.audit,
      access: base.access,
      stations: base.repositories.stations,
      mounts: base.repositories.mounts,
      mediaRoot: config.mediaRoot,
      deadAirSeconds: config.deadAirSeconds,
      icecastSourcePassword: config.icecastSourcePassword,
      engine: runtime.engine.control,
      commands: runtime.commands,
      events: { publish: (e) => events.publish(e) },
      upcoming: base.upcoming,
      leaderless: () => leadership.leaderless(),
    }),
  };
  const programming = buildProgramming({
    db: d.database.db,
    stations: services.repositories.stations,
    access: services.access,
    clock,
    leadership,
    registry: d.metrics.registry,
    log: d.log.child({ module: 'scheduler' }),
    scheduler: config.scheduler,
    lock: runtime.schedulerLock,
    commands: runtime.commands,
    events: { publish: (e) => events.publish(e) },
  });
  const webstreams = createWebstreams({
    db: d.database.db,
    readDb: d.database.readDb,
    access: services.access,
    audit: services.audit,
    clock,
    leadership,
    registry: d.metrics.registry,
    log: d.log.child({ module: 'webstreams' }),
    outbound: services.outbound,
  });
  registerStorageGauges(d.metrics.registry, { media: config.mediaRoot, data: config.dataDir });
  const outages = createOutages({
    log: d.log,
    probes: {
      database: () => d.database.ping(),
      ...(runtime.pingRedis && { redis: runtime.pingRedis }),
    },
  });
  const app = await createHttpServer({ ...d, outages });
  app.addHook('onClose', () => outages.close());
  registerAuthentication(app, services.auth, services.apiKeys);
  const realtime = registerRealtime(app, d, services);
  await realtime.sessions.tracker.start();
  // After the hubs closed their listeners (preClose): every session still open ends now.
  app.addHook('onClose', async () => {
    await realtime.sessions.relays.stop();
    await realtime.sessions.tracker.stop();
  });
  const live = createLive({
    db: d.database.db,
    clock,
    audit: services.audit,
    access: services.access,
    hasher,
    users: services.repositories.users,
    stations: services.repositories.stations,
    mounts: services.repositories.mounts,
    playout: services.playout.service,
    upcoming: services.upcoming,
    engine: runtime.engine.live,
    events: { publish: (e) => events.publish(e), subscribe: (h) => events.subscribe(h) },
    registry: d.metrics.registry,
    log: d.log,
    failedLoginsPerMinute: config.loginRateLimitPerMinute,
  });

  // Routes, one line per feature.
  registerHealthRoutes(app, {
    ping: () => d.database.ping(),
    engineReady: engineReady(runtime),
    redisPing: runtime.pingRedis,
    offAirStations: () => services.playout.repo.offAirStations(),
    leadership,
    startedAt: clock.now().getTime(),
    now: () => clock.now().getTime(),
  });
  registerAuthRoutes(app, services.auth);
  registerApiKeyRoutes(app, services.apiKeys);
  registerUserRoutes(app, services.users);
  registerAuditRoutes(app, services.auditLog);
  registerStationRoutes(app, services);
  registerMediaRoutes(app, services);
  registerUploadRoutes(app, services);
  await prepareImportRoot(config.importRoot, d.log);
  const imports = createImportJobs({
    repo: createImportJobsRepository(d.database.db),
    events,
    media: services.media,
    access: services.access,
    clock,
    log: d.log,
    root: config.importRoot,
    audioExtensions: AUDIO_FILE_EXTENSIONS,
  });
  registerImportRoutes(app, imports);
  app.addHook('preClose', () => imports.stopAll());
  programming.registerRoutes(app);
  webstreams.registerRoutes(app);
  registerPlayoutRoutes(app, services.playout.service);
  registerHistoryRoutes(
    app,
    createHistoryService({
      plays: createHistoryRepository(d.database.readDb),
      access: services.access,
      now: () => clock.now().getTime(),
    }),
  );
  registerReportRoutes(
    app,
    createReportsService({
      repo: createReportsRepository(d.database.readDb),
      stations: services.repositories.stations,
      access: services.access,
      now: () => clock.now().getTime(),
    }),
  );
  registerLiveRoutes(app, live.service, {
    livePort: config.live.port,
    httpPort: config.http.port,
  });
  // DJ software speaks the Icecast source protocol on the main port (see source-front.ts).
  live.start(app.server);
  // Before the HTTP server closes: it waits for every connection, source sockets included.
  app.addHook('preClose', () => live.stop());
  app.addHook('onClose', () => webstreams.health.stop());
  app.addHook('onClose', () => {
    programming.stopCommands();
    return programming.scheduler.stop();
  });

  // Resumable uploads past their expiry, hourly (start-up has its own sweep in first-start).
  const uploadSweep = setInterval(() => {
    services.uploads.sweep().catch((err: unknown) => d.log.warn({ err }, 'upload sweep failed'));
  }, 3_600_000);
  uploadSweep.unref();
  app.addHook('onClose', (_app, done) => {
    clearInterval(uploadSweep);
    done();
  });
  // The director acts only while this replica leads; it follows leadership changes itself.
  const director = await services.playout.startDirector({
    leadership,
    registry: d.metrics.registry,
    log: d.log,
  });
  app.addHook('onClose', () => director.stop());
  await app.ready();

  const loops = backgroundLoops(d, services, realtime);
  return {
    app,
    services,
    programming,
    realtime,
    live,
    webstreams,
    runtime,
    async start() {
      programming.scheduler.start();
      webstreams.health.start();
      realtime.sessions.relays.start();
      await loops.start();
    },
    async close() {
      await loops.stop();
      // Hand the lease over first: a follower takes over while this replica drains connections.
      await leadership.stop();
      await app.close();
      await runtime.close();
    },
  };
}

function engineReady(runtime: Runtime) {
  const client = runtime.engine.client;
  return client ? (timeoutMs: number) => client.waitForReady(timeoutMs) : null;
}

/** Listener streams and the events WebSocket, fed by the runtime's event bus. */
function registerRealtime(app: FastifyInstance, d: RootDeps, services: Services): Realtime {
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

/** Loops that need the engine client: analysis (leader only) and the engine output bridge. */
function backgroundLoops(d: RootDeps, services: Services, realtime: Realtime) {
  const client = d.runtime.engine.client;
  let stopFeeds: (() => void) | undefined;
  const announce = mediaAnnouncer(d.runtime.events, d.runtime.clock);
  const analysis =
    client &&
    createAnalysisQueue({
      analysed: (stationId, mediaId) => announce(stationId, 'analysed', [mediaId]),
      repo: createAnalysisRepository(d.database.db),
      engine: client,
      mediaRoot: d.config.mediaRoot,
      clock: d.runtime.clock,
      disk: services.disk,
      log: d.log,
      isLeader: () => d.runtime.leadership.isLeader(),
      // Two at a time keep both cores of a small host busy on an import (~2,700 four-minute
      // tracks an hour with one); the engine runs analysis children niced below playout.
      concurrency: 2,
    });
  return {
    async start() {
      if (!client || !analysis) return;
      // Analysis items wait in `pending` while the engine is down or restarting.
      await analysis.start();
      const feeds = startEngineOutputBridge({
        engine: client,
        stations: services.repositories.stations,
        mounts: services.repositories.mounts,
        broadcasts: realtime.broadcasts,
        events: realtime.events,
        log: d.log,
        ...(d.tuning.outputPollMs !== undefined && { intervalMs: d.tuning.outputPollMs }),
      });
      stopFeeds = () => feeds.stop();
    },
    async stop() {
      stopFeeds?.();
      await analysis?.stop();
    },
  };
}
