import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../infra/clock.js';
import { createEngineClient, createEngineRouter, type EngineClient } from '@grimnir/engine-client';
import {
  createInProcessAccessSignals,
  createRedisAccessSignals,
  type AccessSignals,
  type StationSignals,
} from '../infra/access-signals.js';
import { createInMemoryEventBus, type EventBus } from '../infra/event-bus.js';
import { singleInstanceLeadership, type Leadership } from '../infra/leadership.js';
import type { Metrics } from '../infra/metrics.js';
import { createRedisEventBus } from '../infra/redis-event-bus.js';
import { startRedisLeadership } from '../infra/redis-leadership.js';
import { inProcessLeaderCommands, type LeaderCommands } from '../infra/leader-commands.js';
import { createRedisLeaderCommands } from '../infra/redis-leader-commands.js';
import { connectRedis, duplicateRedis, watchRedis } from '../infra/redis.js';
import { logEngineConnections } from '../ops/engine-connection-log.js';
import type { LiveEngine } from '../modules/live/index.js';
import { engineControlFromClient } from '../modules/playout/index.js';
import type { EngineControl } from '../modules/playout/index.js';
import {
  inProcessLock,
  redisSchedulerLock,
  type SchedulerLock,
} from '../modules/programming/index.js';

/**
 * Everything that differs between the ways the control plane runs. Each variant provides every
 * collaborator explicitly: an optional dependency with an in-memory default is how the Redis
 * event bus once went missing from the binary while every test passed.
 */
export interface Runtime {
  readonly kind: 'single' | 'replicated' | 'test';
  clock: Clock;
  /** In memory for one process; Redis pub/sub across replicas. */
  events: EventBus;
  /** A user's rights changed: caches and WebSockets re-check, on every replica. */
  access: AccessSignals;
  /** A station was created, edited or deleted: station list caches drop it, on every replica. */
  stations: StationSignals;
  /** Who runs the scheduler, the director, analysis and webstream health. */
  leadership: Leadership;
  schedulerLock: SchedulerLock;
  /** Director work (emergency, skip, queue, live, schedule refresh) runs on the leader. */
  commands: LeaderCommands;
  engine: EnginePorts;
  /** Whether Redis answers (health, outage recovery); null where the runtime uses none. */
  pingRedis: (() => Promise<unknown>) | null;
  /** Releases what the runtime opened (lease, subscriptions, engine channels, Redis). */
  close(): Promise<void>;
}

/**
 * The media engine as each part of the control plane sees it. The production variants build
 * all three from one gRPC client; the test runtime passes doubles and may leave the client out
 * (`null`: no analysis queue and no output bridge in API tests that drive no audio).
 */
export interface EnginePorts {
  control: EngineControl;
  live: LiveEngine;
  client: EngineClient | null;
}

const STATION_SIGNAL = 'station signal';

function enginePortsFor(
  config: Config,
  log: FastifyBaseLogger,
): EnginePorts & { client: EngineClient } {
  // Calls wait for the engine while it (re)starts; stations are spread over the addresses.
  const client = createEngineRouter(config.mediaEngine.grpcAddrs, (address) =>
    createEngineClient({ address, onChannel: (ch) => logEngineConnections(ch, address, log) }),
  );
  return { control: engineControlFromClient(client), live: client, client };
}

/** One process: it is the leader, events stay in memory. */
function singleProcessRuntime(
  config: Config,
  d: { log: FastifyBaseLogger; metrics: Metrics },
): Runtime {
  d.metrics.isLeader.set(1);
  d.log.info('no GRIMNIR_REDIS_ADDR: single replica, leader: the scheduler runs here');
  const engine = enginePortsFor(config, d.log);
  const events = createInMemoryEventBus(d.log);
  const access = createInProcessAccessSignals(d.log);
  const stations = createInProcessAccessSignals(d.log, STATION_SIGNAL);
  const commands = inProcessLeaderCommands(d.log);
  return {
    kind: 'single',
    pingRedis: null,
    clock: systemClock,
    events,
    access,
    stations,
    leadership: singleInstanceLeadership(),
    schedulerLock: inProcessLock(),
    commands,
    engine,
    async close() {
      await commands.close();
      await events.close();
      await access.close();
      await stations.close();
      engine.client.close();
    },
  };
}

/**
 * Several replicas on one database and one Redis: a lease elects the leader, events and the
 * scheduler lock go through Redis so every replica behaves as one system.
 */
async function replicatedRuntime(
  config: Config,
  d: { log: FastifyBaseLogger; metrics: Metrics; redis: Redis },
): Promise<Runtime> {
  const prefix = config.redis.keyPrefix;
  const events = await createRedisEventBus({
    redis: d.redis,
    channel: `${prefix}events`,
    log: d.log,
  });
  const access = await createRedisAccessSignals({
    redis: d.redis,
    channel: `${prefix}access`,
    log: d.log,
  });
  const stations = await createRedisAccessSignals({
    redis: d.redis,
    channel: `${prefix}stations`,
    log: d.log,
    what: STATION_SIGNAL,
  });
  // The lease gets a connection of its own so renewals never queue behind other traffic.
  const leaseRedis = duplicateRedis(d.redis, d.log, 'lease');
  const leadership = startRedisLeadership({
    redis: leaseRedis,
    metrics: d.metrics,
    log: d.log,
    key: `${prefix}leader`,
  });
  // A follower hands director work to the leader at once and answers with what it did.
  const commands = await createRedisLeaderCommands({
    redis: d.redis,
    prefix,
    leadership,
    log: d.log,
  });
  const engine = enginePortsFor(config, d.log);
  return {
    kind: 'replicated',
    pingRedis: () => d.redis.ping(),
    clock: systemClock,
    events,
    access,
    stations,
    leadership,
    schedulerLock: redisSchedulerLock(d.redis, { prefix: `${prefix}scheduler:` }),
    commands,
    engine,
    async close() {
      await leadership.stop();
      // After the app closed: ending live sessions still hands their release to the leader.
      await commands.close();
      await events.close();
      await access.close();
      await stations.close();
      engine.client.close();
      await leaseRedis.quit().catch(() => leaseRedis.disconnect());
      await d.redis.quit().catch(() => d.redis.disconnect());
    },
  };
}

/**
 * Tests: one process unless the test plays a replica (its lease and leader commands), a clock
 * and engine doubles of the test's choosing, nothing left running.
 */
export function testRuntime(d: {
  log: FastifyBaseLogger;
  clock?: Clock;
  engine: EnginePorts;
  replica?: { leadership: Leadership; commands: LeaderCommands };
  events?: EventBus;
  access?: AccessSignals;
  stations?: StationSignals;
}): Runtime {
  const events = d.events ?? createInMemoryEventBus(d.log);
  const access = d.access ?? createInProcessAccessSignals(d.log);
  const stations = d.stations ?? createInProcessAccessSignals(d.log, STATION_SIGNAL);
  const commands = d.replica?.commands ?? inProcessLeaderCommands(d.log);
  return {
    kind: 'test',
    pingRedis: null,
    clock: d.clock ?? systemClock,
    events,
    access,
    stations,
    leadership: d.replica?.leadership ?? singleInstanceLeadership(),
    schedulerLock: inProcessLock(),
    commands,
    engine: d.engine,
    async close() {
      await commands.close();
      await events.close();
      await access.close();
      await stations.close();
    },
  };
}

/** The binary's choice: replicated when GRIMNIR_REDIS_ADDR is set, else one process. */
export async function runtimeFor(
  config: Config,
  d: { log: FastifyBaseLogger; metrics: Metrics },
): Promise<Runtime> {
  const client = connectRedis(config.redis);
  const redis = client && watchRedis(client, d.log, 'main');
  return redis ? replicatedRuntime(config, { ...d, redis }) : singleProcessRuntime(config, d);
}
