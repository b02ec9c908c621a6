import type { OutboundFence } from '@grimnir/engine-client';
import { createHmac } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import type { Leadership } from '../infra/leadership.js';
import {
  createListenerSessionsRepository,
  createRelayPoller,
  createSessionTracker,
  type RelayTarget,
  type SessionTracker,
  type TrackerOptions,
} from '../modules/listeners/index.js';
import type { MountsRepository, StationsRepository } from '../modules/stations/index.js';

/** Test knobs: production keeps the defaults (5 s flushes, 30 s relay polls). */
export interface SessionTuning {
  tracker?: Partial<Omit<TrackerOptions, 'retentionDays'>>;
  relayPollMs?: number;
}

/** Listener sessions: the tracker the listener hubs feed, and the Icecast targets' poller. */
export function buildListenerSessions(d: {
  db: Db;
  signingKey: string;
  retentionDays: number;
  now: () => number;
  stations: Pick<StationsRepository, 'list'>;
  mounts: Pick<MountsRepository, 'listByStation'>;
  leadership: Pick<Leadership, 'isLeader'>;
  outbound: Pick<OutboundFence, 'open'>;
  log: FastifyBaseLogger;
  tuning?: SessionTuning;
}): { tracker: SessionTracker; relays: ReturnType<typeof createRelayPoller> } {
  const log = d.log.child({ module: 'listener-sessions' });
  const tracker = createSessionTracker({
    repo: createListenerSessionsRepository(d.db),
    now: d.now,
    // Its own key, derived: the signing key itself never hashes anything outside tokens.
    hashKey: createHmac('sha256', d.signingKey).update('grimnir listener address v1').digest('hex'),
    log,
    options: { ...d.tuning?.tracker, retentionDays: d.retentionDays },
  });
  const relays = createRelayPoller({
    tracker,
    isLeader: () => d.leadership.isLeader(),
    outbound: d.outbound,
    log,
    ...(d.tuning?.relayPollMs !== undefined && { intervalMs: d.tuning.relayPollMs }),
    async targets() {
      const out: RelayTarget[] = [];
      for (const s of await d.stations.list())
        for (const m of await d.mounts.listByStation(s.id))
          if (m.icecast)
            out.push({
              stationId: s.id,
              mountId: m.id,
              mountName: m.name,
              host: m.icecast.host,
              port: m.icecast.port,
              mount: m.icecast.mount,
            });
      return out;
    },
  });
  return { tracker, relays };
}
export type ListenerSessions = ReturnType<typeof buildListenerSessions>;
