import type { FastifyInstance } from 'fastify';
import { registerApiKeyRoutes } from '../modules/api-keys/index.js';
import { registerAuditRoutes } from '../modules/audit/index.js';
import { registerAuthRoutes } from '../modules/auth/index.js';
import { createPasswordHasher } from '../modules/auth/index.js';
import { registerHealthRoutes } from '../modules/health/index.js';
import { createHistoryRepository, createHistoryService } from '../modules/history/index.js';
import { registerHistoryRoutes } from '../modules/history/index.js';
import { createReportsRepository, createReportsService } from '../modules/reports/index.js';
import { registerReportRoutes } from '../modules/reports/index.js';
import { createLive, type LiveModule } from '../modules/live/index.js';
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
import { createFastPaths } from '../plugins/fast-path.js';
import { PROBE_HEADERS } from '../plugins/security.js';
import { createHttpServer } from './http.js';
import { buildProgramming, type Programming } from './programming.js';
import type { Runtime } from './runtime.js';
import { buildServices, type Services } from './services.js';
import { backgroundLoops } from './background-loops.js';
import { registerRealtime } from './realtime.js';
import type { Realtime, RootDeps } from './root-deps.js';

export type { Realtime, Tuning } from './root-deps.js';

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
    dbConfig: config.db,
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
  const fastPaths = createFastPaths({
    headers: PROBE_HEADERS,
    metrics: d.metrics,
    log: d.log,
  });
  const app = await createHttpServer({ ...d, outages, fastPaths });
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
  registerHealthRoutes(app, fastPaths, {
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
  app.addHook('onClose', async () => {
    programming.stopCommands();
    try {
      await programming.scheduler.stop();
    } finally {
      await programming.stopPlanWorkers();
    }
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
