import type { FastifyInstance } from 'fastify';
import type { OutboundFence } from '@grimnir/engine-client';
import type { Registry } from 'prom-client';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../infra/clock.js';
import type { Leadership } from '../../infra/leadership.js';
import type { AuditLog } from '../audit/index.js';
import type { StationAccess } from '../stations/index.js';
import { createWebstreamHealth, type WebstreamHealthOptions } from './webstream-health.js';
import { streamProbe } from './webstream-probe.js';
import { createWebstreamsRepository } from './webstreams.repository.js';
import { registerWebstreamRoutes } from './webstreams.routes.js';
import { createWebstreamsService } from './webstreams.service.js';

interface Deps {
  db: Db;
  /** GRIMNIR_DB_READ_DSN's replica (the primary without one), for the list. */
  readDb: Db;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
  leadership: Leadership;
  registry: Registry;
  log: WebstreamHealthOptions['log'];
  /** Every URL a webstream opens passes it (issue 11: no internal probing). */
  outbound: OutboundFence;
}

/** Webstreams: CRUD routes and the leader's health loop (started by serve.ts). */
export function createWebstreams(d: Deps) {
  const repo = createWebstreamsRepository(d.db, d.readDb);
  const probe = streamProbe(d.outbound);
  const service = createWebstreamsService({ webstreams: repo, ...d, probe });
  const health = createWebstreamHealth({ repo, ...d, probe });
  return {
    repo,
    service,
    health,
    registerRoutes: (app: FastifyInstance) => registerWebstreamRoutes(app, service),
  };
}
export type Webstreams = ReturnType<typeof createWebstreams>;
