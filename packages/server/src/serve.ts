import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { prepareFirstStart, startDemoStation } from './composition/first-start.js';
import { composeControlPlane } from './composition/root.js';
import { runtimeFor } from './composition/runtime.js';
import { redactedConfig, type Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createMetrics, registerDbPoolMetrics } from './infra/metrics.js';
import { connectRedis, watchRedis } from './infra/redis.js';
import { startMetricsServer } from './metrics-server.js';
import { resolveInstanceSecrets, shareGeneratedSecrets } from './ops/instance-secrets.js';
import { closeLivePort, startLivePort } from './ops/live-port.js';
import { zeroStationSeries } from './ops/station-series.js';

export interface RunningServer {
  app: FastifyInstance;
  metricsServer: Server;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Secrets → open → migrate → choose the runtime → compose → listen. close() drains in order. */
export async function startServer(
  configured: Config,
  log: Logger,
  announce: (line: string) => void,
): Promise<RunningServer> {
  log.info({ config: redactedConfig(configured) }, 'starting grimnirradio');
  const local = await resolveInstanceSecrets(configured);
  if (local.created.length > 0)
    log.info({ files: local.created }, 'generated secrets kept in the data directory (mode 0600)');
  const client = connectRedis(configured.redis);
  const redis = client && watchRedis(client, log, 'secrets');
  const config = await shareGeneratedSecrets(configured, local.config, redis).finally(() =>
    redis?.disconnect(),
  );
  const database = openDatabase(config.db);
  await migrateToLatest(database.db, log);
  const metrics = createMetrics({ defaultMetrics: true });
  const runtime = await runtimeFor(config, { log, metrics });
  log.info({ runtime: runtime.kind }, 'runtime chosen');
  const cp = await composeControlPlane({
    config,
    log,
    database,
    metrics,
    runtime,
    programme: 'schedule',
    tuning: {},
  });
  // As configured: a generated Icecast password is one no Icecast server knows yet.
  await prepareFirstStart(cp, configured, log, announce);
  await cp.app.listen({ host: config.http.bind, port: config.http.port });
  const livePort = await startLivePort(config.live, cp.live, log);
  await cp.start();
  startDemoStation(cp, config, log, announce);
  registerDbPoolMetrics(metrics.registry, database);
  const metricsServer = await startMetricsServer(
    metrics.registry,
    config.metrics.bind,
    config.metrics.port,
    zeroStationSeries(metrics.registry, cp.services.repositories),
  );
  log.info({ port: config.metrics.port }, 'metrics listening');
  return {
    app: cp.app,
    metricsServer,
    database,
    async close() {
      await cp.close(); // ends live sessions on every source port first
      await closeLivePort(livePort);
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await database.close();
    },
  };
}
