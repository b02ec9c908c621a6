// First: V8 must be tuned before anything else allocates (heap-tuning.ts).
import './heap-tuning.js';
import { performance } from 'node:perf_hooks';
import { createOutboundFence } from '@grimnir/engine-client';
import { loadEngineConfig } from './config.js';
import { Engine } from './engine.js';
import { stat } from 'node:fs/promises';
import { createDurationProbe } from './gstreamer/probe.js';
import { createProcessSupervisor } from './gstreamer/process.js';
import { createWarmDecoders } from './gstreamer/warm-decoders.js';
import { startGrpcServer } from './grpc-server.js';
import { createLogger } from './logger.js';
import { createMetrics, serveMetrics } from './metrics.js';

const config = loadEngineConfig();
const logger = createLogger(config.logLevel);
const supervisor = createProcessSupervisor(
  logger.child({ component: 'children' }),
  config.childEnv,
);
const engine = new Engine({
  spawn: supervisor.spawn,
  warm: createWarmDecoders(supervisor.spawn, config.warmDecoders),
  bufferBytes: config.bufferBytes,
  latencyMs: config.latencyMs,
  tickMs: config.tickMs,
  now: () => performance.now(),
  wallNow: () => Date.now(),
  probe: createDurationProbe(supervisor.spawn, stat),
  outbound: createOutboundFence(config.outbound),
  logger,
});
engine.start();
const { server, port } = await startGrpcServer(
  { engine, spawn: supervisor.spawn, logger },
  config.grpcAddr,
);
const metricsServer = await serveMetrics(createMetrics(engine, supervisor), config.metricsPort);
const metricsAddr = metricsServer.address();
logger.info(
  {
    grpcPort: port,
    metricsPort:
      typeof metricsAddr === 'object' && metricsAddr ? metricsAddr.port : config.metricsPort,
  },
  'mediaengine listening',
);

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'mediaengine stopping');
  engine.close();
  supervisor.killAll();
  server.forceShutdown();
  metricsServer.close();
  // Children are already SIGKILLed by process group; nothing left to wait for.
  setTimeout(() => process.exit(0), 50).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'uncaught exception');
  supervisor.killAll();
  process.exit(1);
});
