import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { ensureFirstAdmin } from './bootstrap.js';
import { redactedConfig, type Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { singleInstanceLeadership } from './infra/leadership.js';
import { createMetrics } from './infra/metrics.js';
import { connectRedis } from './infra/redis.js';
import { createEngineRouter } from './infra/engine-router.js';
import { createEngineClient } from './infra/engine-client.js';
import { createAnalysisRepository } from './modules/analysis/analysis.repository.js';
import { createAnalysisQueue } from './modules/analysis/analysis-queue.js';
import { startEngineOutputBridge } from './modules/listeners/engine-output-bridge.js';
import { createDemoStation } from './modules/demo/demo-station.js';
import { startRedisLeadership } from './infra/redis-leadership.js';
import { inProcessLeaderCommands } from './infra/leader-commands.js';
import { createRedisLeaderCommands } from './infra/redis-leader-commands.js';
import { createRedisEventBus } from './infra/redis-event-bus.js';
import { engineControlFromClient } from './modules/playout/engine/engine-adapter.js';
import { redisSchedulerLock } from './modules/scheduler/redis-scheduler-lock.js';
import { startMetricsServer } from './metrics-server.js';

export interface RunningServer {
  app: FastifyInstance;
  metricsServer: Server;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Open → migrate → bootstrap → listen. Returns a handle whose close() drains in order. */
export async function startServer(
  config: Config,
  log: Logger,
  announce: (line: string) => void,
): Promise<RunningServer> {
  log.info({ config: redactedConfig(config) }, 'starting grimnirradio');
  const database = openDatabase(config.db);
  await migrateToLatest(database.db, log);
  const metrics = createMetrics({ defaultMetrics: true });
  const redis = connectRedis(config.redis);
  // Without Redis this is the only replica and therefore the leader.
  // The lease gets a connection of its own so renewals never queue behind other traffic.
  const leaseRedis = redis?.duplicate();
  const lease = leaseRedis
    ? startRedisLeadership({
        redis: leaseRedis,
        metrics,
        log,
        key: `${config.redis.keyPrefix}leader`,
      })
    : undefined;
  const leadership = lease ?? singleInstanceLeadership();
  // A follower hands director work (emergency, skip, queue, live) to the leader at once.
  const commands =
    redis && lease
      ? await createRedisLeaderCommands({
          redis,
          prefix: config.redis.keyPrefix,
          leadership: lease,
          log,
        })
      : inProcessLeaderCommands(log);
  if (!redis) metrics.isLeader.set(1);
  // With Redis, events cross replicas: a WebSocket on any replica hears the leader's director.
  const eventBus = redis
    ? await createRedisEventBus({ redis, channel: `${config.redis.keyPrefix}events`, log })
    : undefined;
  // The director drives the media engine from here; calls wait for it while it (re)starts.
  const engineClient = createEngineRouter(config.mediaEngine.grpcAddrs, (address) =>
    createEngineClient({ address }),
  );
  const { app, services, programming, realtime, webstreams } = await buildApp({
    config,
    log,
    database,
    metrics,
    leadership,
    playout: { engine: engineControlFromClient(engineClient), commands },
    liveEngine: engineClient,
    ...(redis && {
      schedulerLock: redisSchedulerLock(redis, { prefix: `${config.redis.keyPrefix}scheduler:` }),
    }),
  });
  const swept = await services.media.sweepStaleUploads();
  if (swept > 0) log.info({ swept }, 'removed partial uploads left by an earlier crash');
  const admin = await ensureFirstAdmin(services, config.adminPassword, log);
  if (admin.created && admin.generatedPassword !== undefined) {
    announce(
      `\n  First admin created. Log in with username "admin" and password: ${admin.generatedPassword}\n  (shown once; set GRIMNIR_ADMIN_PASSWORD to choose it)\n`,
    );
  }
  await app.listen({ host: config.http.bind, port: config.http.port });
  programming.scheduler.start();
  webstreams.health.start();
  // Analysis items wait in `pending` while the engine is down or restarting.
  const analysis = createAnalysisQueue({
    repo: createAnalysisRepository(database.db),
    engine: engineClient,
    mediaRoot: config.mediaRoot,
    clock: services.clock,
    log,
    isLeader: () => leadership.isLeader(),
  });
  await analysis.start();
  if (config.demoStation) {
    const host =
      config.http.bind === '0.0.0.0' || config.http.bind === '::' ? '127.0.0.1' : config.http.bind;
    // In the background: the API is already up, the demo fills in over a few seconds.
    void createDemoStation({ services, baseUrl: `http://${host}:${config.http.port}`, log }).then(
      (path) => {
        if (path)
          announce(`\n  Demo station on air: http://localhost:${config.http.port}${path}\n`);
      },
      (err: unknown) => log.warn({ err }, 'demo station could not be created'),
    );
  }
  const feeds = startEngineOutputBridge({
    engine: engineClient,
    stations: services.repositories.stations,
    mounts: services.repositories.mounts,
    broadcasts: realtime.broadcasts,
    events: realtime.events,
    log,
  });
  const metricsServer = await startMetricsServer(
    metrics.registry,
    config.metrics.bind,
    config.metrics.port,
  );
  log.info({ port: config.metrics.port }, 'metrics listening');
  return {
    app,
    metricsServer,
    database,
    async close() {
      feeds.stop();
      await analysis.stop();
      await leadership.stop();
      await app.close();
      // After the app: closing live sessions still hands their release to the leader.
      await commands.close();
      await eventBus?.close();
      engineClient.close();
      if (leaseRedis) await leaseRedis.quit().catch(() => leaseRedis.disconnect());
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await database.close();
    },
  };
}
