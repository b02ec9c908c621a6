import { Counter, Gauge, type Registry } from 'prom-client';
import { METRICS } from '../../ops/metric-names.js';
import type { RefusalReason } from './live-auth.js';

export interface LiveMetrics {
  connected(stationId: string): void;
  disconnected(stationId: string): void;
  refused(reason: RefusalReason): void;
}

export function createLiveMetrics(registry: Registry): LiveMetrics {
  const sessions = new Gauge({
    name: METRICS.liveSessions.name,
    help: METRICS.liveSessions.help,
    labelNames: [...METRICS.liveSessions.labels],
    registers: [registry],
  });
  const refused = new Counter({
    name: METRICS.liveSourceRefused.name,
    help: METRICS.liveSourceRefused.help,
    labelNames: [...METRICS.liveSourceRefused.labels],
    registers: [registry],
  });
  return {
    connected: (stationId) => sessions.inc({ station_id: stationId }),
    disconnected: (stationId) => sessions.dec({ station_id: stationId }),
    refused: (reason) => refused.inc({ reason }),
  };
}
