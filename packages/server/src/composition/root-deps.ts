import type { FastifyBaseLogger } from 'fastify';
import type { StartConfig } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { EventBus } from '../infra/event-bus.js';
import type { Metrics } from '../infra/metrics.js';
import type { EventStreamOptions } from '../modules/events/index.js';
import type { createBroadcastRegistry, HubTuning } from '../modules/listeners/index.js';
import type { ListenerSessions, SessionTuning } from './listener-sessions.js';
import type { Runtime } from './runtime.js';
import type { buildServices } from './services.js';

// What the composition root is given, and the realtime side it hands to publishers.

export interface RootDeps {
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
