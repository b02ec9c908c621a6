import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface SchedulerMetrics {
  ticks: Counter;
  errors: Counter<'station_id' | 'error_type'>;
  buildSeconds: Histogram<'station_id'>;
  entries: Gauge;
  items: Counter<'change'>;
}

/** Scheduler series on the process registry (names from the deployment guide and issue 4). */
export function createSchedulerMetrics(registry: Registry): SchedulerMetrics {
  return {
    ticks: new Counter({
      name: 'grimnir_scheduler_ticks_total',
      help: 'Scheduler loop ticks run by this replica',
      registers: [registry],
    }),
    errors: new Counter({
      name: 'grimnir_scheduler_errors_total',
      help: 'Scheduler failures by station and error type',
      labelNames: ['station_id', 'error_type'],
      registers: [registry],
    }),
    buildSeconds: new Histogram({
      name: 'grimnir_scheduler_build_duration_seconds',
      help: 'Time to plan and persist one station',
      labelNames: ['station_id'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    entries: new Gauge({
      name: 'grimnir_schedule_entries_total',
      help: 'Schedule entries stored, all stations',
      registers: [registry],
    }),
    items: new Counter({
      name: 'grimnir_schedule_items_changes_total',
      help: 'Materialized schedule items inserted or removed by the scheduler',
      labelNames: ['change'],
      registers: [registry],
    }),
  };
}
