import { Counter, Gauge, type Registry } from 'prom-client';
import type { ExecutorState } from '@grimnir/contracts';
import { METRICS, executorStateCode } from '../../../ops/metric-names.js';

export interface PlayoutMetrics {
  /** `onFallback`: the station plays its fallback rotation (tier 4), reported as its own code. */
  setState(stationId: string, state: ExecutorState, onFallback?: boolean): void;
  transition(stationId: string, from: ExecutorState, to: ExecutorState): void;
  dropout(stationId: string, mount: string): void;
  /** 0 while the station is off air (engine unreachable, silent): what listeners hear. */
  setOnAir(stationId: string, onAir: boolean): void;
}

/**
 * `grimnir_executor_state{station_id}` holds the code from ops/metric-names.ts:
 * 0 idle · 1 preloading · 2 playing · 3 fading · 4 live · 5 emergency · 6 fallback (playing,
 * with the fallback tier on air). Alerts and dashboards compare against these numbers.
 */
export function createPlayoutMetrics(registry: Registry): PlayoutMetrics {
  const state = new Gauge({
    name: METRICS.executorState.name,
    help: METRICS.executorState.help,
    labelNames: [...METRICS.executorState.labels],
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'grimnir_executor_transitions_total',
    help: 'Executor state transitions per station',
    labelNames: ['station_id', 'from', 'to'],
    registers: [registry],
  });
  const dropouts = new Counter({
    name: METRICS.playoutDropouts.name,
    help: METRICS.playoutDropouts.help,
    labelNames: [...METRICS.playoutDropouts.labels],
    registers: [registry],
  });
  const onAir = new Gauge({
    name: METRICS.stationOnAir.name,
    help: METRICS.stationOnAir.help,
    labelNames: [...METRICS.stationOnAir.labels],
    registers: [registry],
  });
  return {
    setOnAir: (stationId, on) => onAir.set({ station_id: stationId }, on ? 1 : 0),
    setState: (stationId, s, onFallback = false) =>
      state.set(
        { station_id: stationId },
        executorStateCode(onFallback && s === 'playing' ? 'fallback' : s),
      ),
    transition: (stationId, from, to) => transitions.inc({ station_id: stationId, from, to }),
    dropout: (stationId, mount) => dropouts.inc({ station_id: stationId, mount }),
  };
}
