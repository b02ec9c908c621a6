import type { Counter, Registry } from 'prom-client';
import { METRICS } from './metric-names.js';

/**
 * The `error_type` values of grimnir_scheduler_errors_total (scheduler.service.ts `errorType`).
 * A series that does not exist yet is invisible to `increase()` and the first error after a
 * start would never alert, hence every combination is written as 0 up front.
 */
const SCHEDULER_ERROR_TYPES = ['invalid_programme', 'database', 'planning'] as const;

interface StationSeriesSources {
  stations: { list(): Promise<readonly { id: string }[]> };
  mounts: { listByStation(stationId: string): Promise<readonly { name: string }[]> };
}

/**
 * Returns a hook for the metrics endpoint that, before each scrape, makes sure the labelled
 * counters the guide alerts on have a 0 series for every station (and mount), so alerts and
 * dashboard panels have a series from the first scrape on. Counters a runtime did not register
 * are skipped (inc(0) never changes a value already counted).
 */
export function zeroStationSeries(
  registry: Registry,
  sources: StationSeriesSources,
): () => Promise<void> {
  const counter = (name: string) => registry.getSingleMetric(name) as Counter | undefined;
  return async () => {
    const errors = counter(METRICS.schedulerErrors.name);
    const dropouts = counter(METRICS.playoutDropouts.name);
    if (errors === undefined && dropouts === undefined) return;
    for (const station of await sources.stations.list()) {
      for (const errorType of SCHEDULER_ERROR_TYPES)
        errors?.inc({ station_id: station.id, error_type: errorType }, 0);
      if (dropouts === undefined) continue;
      const mounts = await sources.mounts.listByStation(station.id);
      // The director counts a dropout of a station without mounts under mount="".
      for (const mount of mounts.length > 0 ? mounts.map((m) => m.name) : [''])
        dropouts.inc({ station_id: station.id, mount }, 0);
    }
  };
}
