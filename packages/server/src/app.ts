import { randomUUID } from 'node:crypto';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { systemClock, type Clock } from './infra/clock.js';
import { createInMemoryEventBus, type EventBus } from './infra/event-bus.js';
import { singleInstanceLeadership, type Leadership } from './infra/leadership.js';
import type { Metrics } from './infra/metrics.js';
import { createApiKeysRepository } from './modules/api-keys/api-keys.repository.js';
import { registerApiKeyRoutes } from './modules/api-keys/api-keys.routes.js';
import { createApiKeysService } from './modules/api-keys/api-keys.service.js';
import { createAuditLog } from './modules/audit/audit.repository.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createJwtIssuer } from './modules/auth/jwt.js';
import { createAttemptLimiter } from './modules/auth/login-limiter.js';
import { createPasswordHasher, type PasswordHasher } from './modules/auth/passwords.js';
import { createRefreshTokensRepository } from './modules/auth/refresh-tokens.repository.js';
import { createEventStream, type EventStreamOptions } from './modules/events/event-stream.js';
import { registerEventRoutes } from './modules/events/events.routes.js';
import { registerHealthRoutes } from './modules/health/health.routes.js';
import { createMediaRepository } from './modules/media/media.repository.js';
import { registerMediaRoutes } from './modules/media/media.routes.js';
import { createMediaService } from './modules/media/media.service.js';
import { buildProgramming, type Programming } from './modules/programming.wiring.js';
import type { SchedulerLock } from './modules/scheduler/scheduler-lock.js';
import {
  createPlayout,
  type Playout,
  type PlayoutPorts,
} from './modules/playout/playout.module.js';
import type { UpcomingItems } from './modules/playout/ports.js';
import { registerPlayoutRoutes } from './modules/playout/api/playout.routes.js';
import { scheduleUpcomingItems } from './modules/playout/schedule-upcoming.js';
import { createScheduleRepository } from './modules/schedule/schedule.repository.js';
import { registerListenerRoutes } from './modules/listeners/listeners.routes.js';
import type { LiveEngine } from './modules/live/live-sessions.js';
import { createLive, type LiveModule } from './modules/live/live.module.js';
import { registerLiveRoutes } from './modules/live/live.routes.js';
import { createBroadcastRegistry, type HubTuning } from './modules/listeners/registry.js';
import { createMountsRepository } from './modules/stations/mounts.repository.js';
import { createMountsService } from './modules/stations/mounts.service.js';
import { createStationAccess } from './modules/stations/station-access.js';
import { registerStationRoutes } from './modules/stations/stations.routes.js';
import { createStationsRepository } from './modules/stations/stations.repository.js';
import { createStationsService } from './modules/stations/stations.service.js';
import { createMembersService } from './modules/users/members.service.js';
import {
  createMembersRepository,
  createUsersRepository,
} from './modules/users/users.repository.js';
import { registerUserRoutes } from './modules/users/users.routes.js';
import { buildWebstreams, type Webstreams } from './modules/webstreams/webstreams.module.js';
import { createWebstreamsRepository } from './modules/webstreams/webstreams.repository.js';
import { createUsersService } from './modules/users/users.service.js';
import { registerAuthentication } from './plugins/authenticate.js';
import { registerErrorHandlers } from './plugins/error-handler.js';
import { registerHttpMetrics } from './plugins/http-metrics.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerSecurity } from './plugins/security.js';

export interface AppDeps {
  config: Config;
  log: FastifyBaseLogger;
  database: DatabaseHandle;
  metrics: Metrics;
  clock?: Clock;
  leadership?: Leadership;
  /** Per-station scheduler lock; serve.ts passes a Redis one when replicas share a database. */
  schedulerLock?: SchedulerLock;
  /** bcrypt cost; tests lower it, production keeps 12. */
  bcryptCost?: number;
  /** Media engine and leader commands for playout (see modules/playout/playout.module.ts). */
  playout: PlayoutPorts;
  /** The engine's live input (AttachLive). */
  liveEngine: LiveEngine;
  /** In-memory by default; the multi-instance setup passes the Redis bus. */
  eventBus?: EventBus;
  /** Listener-stream and WebSocket tuning (tests shorten timeouts and bounds). */
  realtime?: { hubs?: HubTuning; offlineWaitMs?: number; events?: EventStreamOptions };
}

/** Repositories → services, wired explicitly (no container): one place shows the whole graph. */
export function buildServices(
  deps: Pick<AppDeps, 'config' | 'database' | 'clock'> & { upcoming?: UpcomingItems | undefined },
  hasher: PasswordHasher,
) {
  const { database, config } = deps;
  const db = database.db;
  const clock = deps.clock ?? systemClock;
  const audit = createAuditLog(db, clock);
  const users = createUsersRepository(db);
  const members = createMembersRepository(db);
  const refreshTokens = createRefreshTokensRepository(db);
  const apiKeyRepo = createApiKeysRepository(db);
  const stationsRepo = createStationsRepository(db, database.readDb);
  const mountsRepo = createMountsRepository(db);
  const mediaRepo = createMediaRepository(db, database.readDb);
  const access = createStationAccess({ stations: stationsRepo, members });
  const loginWindowMs = 60_000;
  // One schedule view for automation and for live ingest's "is a live show scheduled now".
  const upcoming =
    deps.upcoming ??
    scheduleUpcomingItems(createScheduleRepository(db), createWebstreamsRepository(db));
  return {
    clock,
    upcoming,
    audit,
    access,
    repositories: {
      users,
      members,
      refreshTokens,
      apiKeys: apiKeyRepo,
      stations: stationsRepo,
      mounts: mountsRepo,
      media: mediaRepo,
    },
    auth: createAuthService({
      users,
      refreshTokens,
      hasher,
      jwt: createJwtIssuer(config.jwt.signingKey, config.jwt.ttlMinutes, clock),
      audit,
      clock,
      refreshTtlDays: config.jwt.refreshTtlDays,
      ipLimiter: createAttemptLimiter(config.loginRateLimitPerMinute * 3, loginWindowMs),
      accountLimiter: createAttemptLimiter(config.loginRateLimitPerMinute, loginWindowMs),
    }),
    apiKeys: createApiKeysService({ keys: apiKeyRepo, users, audit, clock }),
    users: createUsersService({ db, users, refreshTokens, hasher, audit, clock }),
    members: createMembersService({ members, users, access, audit, clock }),
    stations: createStationsService({
      db,
      stations: stationsRepo,
      mounts: mountsRepo,
      members,
      access,
      audit,
      clock,
    }),
    mounts: createMountsService({ mounts: mountsRepo, access, audit, clock }),
    media: createMediaService({
      db,
      repo: mediaRepo,
      access,
      audit,
      clock,
      isScheduled: (id) => mediaRepo.isScheduled(id, clock.now().toISOString()),
      mediaRoot: config.mediaRoot,
      maxUploadBytes: config.maxUploadBytes,
    }),
  };
}
/** The services plus playout, which needs the runtime's engine and leader commands. */
export type Services = ReturnType<typeof buildServices> & { playout: Playout };

/** What the director and other publishers use to reach listeners and WebSocket clients. */
export interface Realtime {
  events: EventBus;
  broadcasts: ReturnType<typeof createBroadcastRegistry>;
}

export async function buildApp(deps: AppDeps): Promise<{
  app: FastifyInstance;
  services: Services;
  programming: Programming;
  realtime: Realtime;
  live: LiveModule;
  webstreams: Webstreams;
}> {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const hasher = createPasswordHasher(deps.bcryptCost ?? 12);
  // Created first: playout publishes through it, listeners and WebSockets consume it.
  const events = deps.eventBus ?? createInMemoryEventBus(deps.log);
  const base = buildServices({ ...deps, clock, upcoming: deps.playout.upcoming }, hasher);
  const services: Services = {
    ...base,
    playout: createPlayout({
      db: deps.database.db,
      clock,
      audit: base.audit,
      access: base.access,
      stations: base.repositories.stations,
      mounts: base.repositories.mounts,
      mediaRoot: config.mediaRoot,
      deadAirSeconds: config.deadAirSeconds,
      engine: deps.playout.engine,
      commands: deps.playout.commands,
      events: { publish: (e) => events.publish(e) },
      // The materialised schedule is what automation plays unless a test supplies its own.
      upcoming: base.upcoming,
    }),
  };
  const leadership = deps.leadership ?? singleInstanceLeadership();
  const programming = buildProgramming({
    db: deps.database.db,
    stations: services.repositories.stations,
    access: services.access,
    clock,
    leadership,
    registry: deps.metrics.registry,
    log: deps.log.child({ module: 'scheduler' }),
    scheduler: config.scheduler,
    ...(deps.schedulerLock && { lock: deps.schedulerLock }),
  });
  const webstreams = buildWebstreams({
    db: deps.database.db,
    access: services.access,
    audit: services.audit,
    clock,
    leadership,
    registry: deps.metrics.registry,
    log: deps.log.child({ module: 'webstreams' }),
  });

  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log,
    trustProxy: config.http.trustProxy,
    bodyLimit: 1024 * 1024,
    // Requests carry X-Request-Id through proxies; otherwise we mint one. It is echoed in every
    // error body so an operator can find the log line.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(incoming)
        ? incoming
        : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', (request, reply, _payload, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  registerErrorHandlers(app);
  registerHttpMetrics(app, deps.metrics);
  await registerSecurity(app, config);
  await registerOpenApi(app);
  // Before authentication: its onRequest hook marks upgrade requests, so a refused upgrade
  // (bad token → 401 from the auth hook) still gets its socket closed after the response.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  registerAuthentication(app, services.auth, services.apiKeys);

  const broadcasts = createBroadcastRegistry({
    mounts: services.repositories.mounts,
    stations: services.repositories.stations,
    metrics: deps.metrics,
    events,
    log: deps.log,
    now: () => clock.now().getTime(),
    ...(deps.realtime?.hubs && { tuning: deps.realtime.hubs }),
  });
  const eventStream = createEventStream({
    bus: events,
    visibleStationIds: (p) => services.access.visibleStationIds(p),
    log: deps.log,
    ...(deps.realtime?.events && { options: deps.realtime.events }),
  });
  app.addHook('onClose', (_app, done) => {
    eventStream.close();
    done();
  });

  // Routes, one line per feature module.
  registerHealthRoutes(app, {
    ping: () => deps.database.ping(),
    leadership,
    startedAt: clock.now().getTime(),
    now: () => clock.now().getTime(),
  });
  registerAuthRoutes(app, services.auth);
  registerApiKeyRoutes(app, services.apiKeys);
  registerUserRoutes(app, services.users);
  registerStationRoutes(app, services);
  registerMediaRoutes(app, services);
  programming.registerRoutes(app);
  webstreams.registerRoutes(app);
  // Its health loop is started by serve.ts; closing the app stops it.
  app.addHook('onClose', () => webstreams.health.stop());
  // The scheduler loop is started by serve.ts; whoever started it, closing the app stops it.
  app.addHook('onClose', () => programming.scheduler.stop());

  registerPlayoutRoutes(app, services.playout.service);
  const live = createLive({
    db: deps.database.db,
    clock,
    audit: services.audit,
    access: services.access,
    hasher,
    users: services.repositories.users,
    stations: services.repositories.stations,
    mounts: services.repositories.mounts,
    playout: services.playout.service,
    upcoming: services.upcoming,
    engine: deps.liveEngine,
    events: { publish: (e) => events.publish(e), subscribe: (h) => events.subscribe(h) },
    registry: deps.metrics.registry,
    log: deps.log,
    failedLoginsPerMinute: config.loginRateLimitPerMinute,
  });
  registerLiveRoutes(app, live.service);
  // DJ software speaks the Icecast source protocol on the main port (see source-front.ts).
  live.start(app.server);
  // Before the HTTP server closes: it waits for every connection, source sockets included.
  app.addHook('preClose', () => live.stop());

  const director = await services.playout.startDirector({
    leadership,
    registry: deps.metrics.registry,
    log: deps.log,
  });
  app.addHook('onClose', () => director.stop());

  registerListenerRoutes(app, broadcasts, {
    ...(deps.realtime?.offlineWaitMs !== undefined && {
      offlineWaitMs: deps.realtime.offlineWaitMs,
    }),
  });
  registerEventRoutes(app, {
    stream: eventStream,
    visibleStationIds: (p) => services.access.visibleStationIds(p),
  });

  await app.ready();
  return { app, services, programming, realtime: { events, broadcasts }, live, webstreams };
}
