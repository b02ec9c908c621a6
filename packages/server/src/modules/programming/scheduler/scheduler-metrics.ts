import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS } from '../../../ops/metric-names.js';

export interface SchedulerMetrics {
  ticks: Counter;
  errors: Counter<'station_id' | 'error_type'>;
  buildSeconds: Histogram<'station_id'>;
  entries: Gauge;
  items: Counter<'change'>;
}

/** Scheduler series on the process registry; names and help come from ops/metric-names.ts. */
export function createSchedulerMetrics(registry: Registry): SchedulerMetrics {
  const registers = [registry];
  return {
    ticks: new Counter({
      name: METRICS.schedulerTicks.name,
      help: METRICS.schedulerTicks.help,
      registers,
    }),
    errors: new Counter({
      name: METRICS.schedulerErrors.name,
      help: METRICS.schedulerErrors.help,
      labelNames: ['station_id', 'error_type'],
      registers,
    }),
    buildSeconds: new Histogram({
      name: METRICS.schedulerBuildDuration.name,
      help: METRICS.schedulerBuildDuration.help,
      labelNames: ['station_id'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    entries: new Gauge({
      name: METRICS.scheduleEntries.name,
      help: METRICS.scheduleEntries.help,
      registers,
    }),
    items: new Counter({
      name: METRICS.scheduleItemChanges.name,
      help: METRICS.scheduleItemChanges.help,
      labelNames: ['change'],
      registers,
    }),
  };
}
