import type { Server } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../infra/clock.js';
import type { EventBus } from '../../infra/event-bus.js';
import type { AuditLog } from '../audit/index.js';
import { createAttemptLimiter } from '../auth/index.js';
import type { PasswordHasher } from '../auth/index.js';
import type { PlayoutService } from '../playout/index.js';
import type { EventPublisher, UpcomingItems } from '../playout/index.js';
import type { StationAccess } from '../stations/index.js';
import type { MountsRepository } from '../stations/index.js';
import type { StationsRepository } from '../stations/index.js';
import type { UsersRepository } from '../users/index.js';
import { createLiveAuth } from './live-auth.js';
import { createLiveSessions, type LiveEngine } from './live-sessions.js';
import { createLiveMetrics } from './live.metrics.js';
import { createLiveRepository } from './live.repository.js';
import { createLiveService } from './live.service.js';
import { createSourceHandler } from './source-connection.js';
import { installSourceFront, type SourceFront } from './source-front.js';

interface LiveModuleDeps {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  access: StationAccess;
  hasher: PasswordHasher;
  users: UsersRepository;
  stations: StationsRepository;
  mounts: MountsRepository;
  playout: PlayoutService;
  upcoming: UpcomingItems;
  engine: LiveEngine;
  events: EventPublisher & Pick<EventBus, 'subscribe'>;
  registry: Registry;
  log: FastifyBaseLogger;
  /** Failed source logins per client address and minute before a 429. */
  failedLoginsPerMinute: number;
  heartbeatMs?: number;
}

/** Live DJ ingest's one face: the API service, the session manager and the raw source front. */
export function createLive(d: LiveModuleDeps) {
  const log = d.log.child({ module: 'live' });
  const repo = createLiveRepository(d.db);
  const metrics = createLiveMetrics(d.registry);
  const auth = createLiveAuth({
    repo,
    mounts: d.mounts,
    stations: d.stations,
    users: d.users,
    access: d.access,
    hasher: d.hasher,
    clock: d.clock,
    limiter: createAttemptLimiter(d.failedLoginsPerMinute, 60_000),
  });
  const heartbeatMs = d.heartbeatMs ?? 5_000;
  const sessions = createLiveSessions({
    repo,
    playout: d.playout,
    upcoming: d.upcoming,
    engine: d.engine,
    events: d.events,
    metrics,
    audit: d.audit,
    clock: d.clock,
    log,
    heartbeatMs,
  });
  const service = createLiveService({
    repo,
    mounts: d.mounts,
    access: d.access,
    audit: d.audit,
    clock: d.clock,
    auth,
    sessions,
  });
  // The main port's front, plus one per dedicated source port (GRIMNIR_LIVE_PORT).
  const fronts: SourceFront[] = [];
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () =>
    sessions
      .sweep()
      .then((n) => n > 0 && log.warn({ closed: n }, 'closed live sessions left by a dead process'))
      .catch((err: unknown) => log.warn({ err }, 'live: sweep failed'));

  return {
    service,
    sessions,
    /** Puts the source front on the main port's server and starts the stale-session sweeper. */
    start(server: Server): void {
      fronts.push(
        installSourceFront(server, createSourceHandler({ auth, sessions, metrics, log })),
      );
      if (sweeper !== undefined) return;
      void sweep();
      sweeper = setInterval(() => void sweep(), heartbeatMs * 2);
      sweeper.unref();
    },
    /** Ends every session held here (the DJs are disconnected, automation takes over). */
    async stop(): Promise<void> {
      clearInterval(sweeper);
      await sessions.closeAll();
      for (const front of fronts) front.closeAll();
    },
  };
}
export type LiveModule = ReturnType<typeof createLive>;
